// Transport policy for BK-JOB calls: a per-attempt deadline combined with the caller's
// AbortSignal, and one jittered retry. Knows nothing about ESB; the client supplies the
// attempt and says which outcomes are worth retrying.

/** Why an attempt's signal fired, if it did. */
export type AbortCause = "timeout" | "caller" | null;

export interface AttemptSignal {
  signal: AbortSignal;
  /** Asked after a failure: a deadline is not a caller's cancel, and neither is a reset. */
  abortCause(): AbortCause;
}

/**
 * A signal that fires after `timeoutMs` or when the caller aborts, whichever comes first.
 * Each attempt gets its own, so the deadline is per attempt (worst case for one call:
 * 2 × timeoutMs + the retry delay).
 */
export function createAttemptSignal(timeoutMs: number, callerSignal?: AbortSignal): AttemptSignal {
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = callerSignal ? AbortSignal.any([timeout, callerSignal]) : timeout;
  return {
    signal,
    abortCause: () => {
      // The caller wins a tie: they asked to stop, so a "timeout" would be misleading.
      if (callerSignal?.aborted) return "caller";
      if (timeout.aborted) return "timeout";
      return null;
    },
  };
}

export const RETRY_DELAY_MIN_MS = 200;
export const RETRY_DELAY_MAX_MS = 600;

/** 200–600 ms: long enough for a restarted backend pod, short for a chat reply. */
export function jitteredRetryDelayMs(random: () => number): number {
  const fraction = Math.min(Math.max(random(), 0), 1);
  return Math.round(RETRY_DELAY_MIN_MS + fraction * (RETRY_DELAY_MAX_MS - RETRY_DELAY_MIN_MS));
}

export const defaultSleep = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, ms));

export interface RetryPolicy<T> {
  shouldRetry(outcome: T): boolean;
  random: () => number;
  sleep: (ms: number) => Promise<void>;
  /** Called before the retry's sleep, e.g. to log why. */
  onRetry?: (outcome: T, delayMs: number) => void;
  /** Checked after the sleep: a caller who gave up meanwhile gets no second request. */
  cancelled?: () => boolean;
}

/** Runs `attempt`, and once more after a jittered pause if the policy says so. */
export async function withOneRetry<T>(
  attempt: (attemptNumber: number) => Promise<T>,
  policy: RetryPolicy<T>,
): Promise<{ outcome: T; attempts: number; cancelled: boolean }> {
  const first = await attempt(1);
  if (!policy.shouldRetry(first)) return { outcome: first, attempts: 1, cancelled: false };
  const delayMs = jitteredRetryDelayMs(policy.random);
  policy.onRetry?.(first, delayMs);
  await policy.sleep(delayMs);
  if (policy.cancelled?.()) return { outcome: first, attempts: 1, cancelled: true };
  return { outcome: await attempt(2), attempts: 2, cancelled: false };
}
