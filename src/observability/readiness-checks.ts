// The checks /readyz runs (src/ports/readiness.ts), built from what the composition root hands
// in: Slack auth (auth.test), the Socket Mode connection, the follow store, BK-JOB. Each answers
// quickly: a probe that takes longer than PROBE_WAIT_MS is reported as not answered yet and left
// to finish for the next /readyz.
import type { Clock } from "../ports/clock.js";
import type { BkJobCallRecord } from "../ports/metrics.js";
import type { ReadinessCheck, ReadinessResult } from "../ports/readiness.js";

/** How long /readyz waits for a probe (kubelet's default probe timeout is 1 s; ours is set to 5 s in deploy/). */
export const PROBE_WAIT_MS = 3_000;
/** "BK-JOB answered within the last few minutes". */
export const BKJOB_FRESH_MS = 5 * 60_000;
/** A verified token is asked again this often (a revoked token makes the replica unready). */
export const SLACK_AUTH_FRESH_MS = 5 * 60_000;

/** Runs `probe` at most once at a time; waits up to PROBE_WAIT_MS for it. */
function singleFlight(probe: () => Promise<ReadinessResult>): () => Promise<ReadinessResult> {
  let running: Promise<ReadinessResult> | null = null;
  return async () => {
    running ??= probe()
      .catch((error: unknown): ReadinessResult => ({ ok: false, detail: error instanceof Error ? error.message : String(error) }))
      .finally(() => (running = null));
    let timer: ReturnType<typeof setTimeout> | undefined;
    const waited = new Promise<ReadinessResult>((resolve) => {
      timer = setTimeout(() => resolve({ ok: false, detail: `no answer within ${PROBE_WAIT_MS / 1000} s yet` }), PROBE_WAIT_MS);
      timer.unref();
    });
    try {
      return await Promise.race([running, waited]);
    } finally {
      clearTimeout(timer);
    }
  };
}

/** auth.test succeeded within SLACK_AUTH_FRESH_MS (asked again when older). `authTest` never shows the token. */
export function slackAuthCheck(authTest: () => Promise<{ ok: boolean; error?: string }>, clock: Clock): ReadinessCheck {
  let verifiedAt: number | null = null;
  const probe = singleFlight(async () => {
    const answer = await authTest();
    if (!answer.ok) return { ok: false, detail: `auth.test: ${answer.error ?? "not ok"}` };
    verifiedAt = clock.now();
    return { ok: true };
  });
  return {
    name: "slack_auth",
    check: () => (verifiedAt !== null && clock.now() - verifiedAt < SLACK_AUTH_FRESH_MS ? { ok: true } : probe()),
  };
}

export function socketModeCheck(connected: () => boolean): ReadinessCheck {
  return { name: "socket_mode", check: () => (connected() ? { ok: true } : { ok: false, detail: "connection closed" }) };
}

/** The follow store answers a lookup. */
export function storeCheck(lookup: () => Promise<unknown>): ReadinessCheck {
  return {
    name: "store",
    check: singleFlight(async () => {
      await lookup();
      return { ok: true };
    }),
  };
}

export interface BkJobReadiness extends ReadinessCheck {
  /** Every call to BK-JOB goes past here (src/compose.ts tees the metrics into it). */
  saw(call: BkJobCallRecord): void;
}

/**
 * BK-JOB answered (any HTTP answer below 500, an error envelope included: it is up) within
 * BKJOB_FRESH_MS. When it has not, `probe` asks it something cheap.
 */
export function bkJobCheck(probe: () => Promise<unknown>, clock: Clock): BkJobReadiness {
  let answeredAt: number | null = null;
  const fresh = () => answeredAt !== null && clock.now() - answeredAt < BKJOB_FRESH_MS;
  const ask = singleFlight(async () => {
    await probe();
    return fresh() ? { ok: true } : { ok: false, detail: "BK-JOB did not answer" };
  });
  return {
    name: "bkjob",
    saw(call) {
      if (call.answered) answeredAt = clock.now();
    },
    check: () => (fresh() ? { ok: true } : ask()),
  };
}
