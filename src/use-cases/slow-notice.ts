// "Still asking BK-JOB…": when an answer has not come within SLOW_NOTICE_MS, the asker is told
// that joblog is still waiting instead of hearing nothing. The time is kept with the Timers port,
// so tests move it by hand (test/support/fake-time.ts).
import type { Timers } from "../ports/clock.js";
import type { Logger } from "../ports/logger.js";

/** How long an answer may take before the asker is told joblog is still waiting. */
export const SLOW_NOTICE_MS = 2_000;

export interface SlowNotice<T> {
  /**
   * The work is done: no notice will be shown any more. Resolves once a notice already on its
   * way has arrived (so the answer never lands before it), with what `show` returned, or null
   * when none was shown.
   */
  settle(): Promise<T | null>;
}

/** Calls `show` once if `settle` has not been called within `delayMs`. A failing `show` is logged, not thrown. */
export function slowNotice<T>(deps: { timers: Timers; logger: Logger }, show: () => Promise<T>, delayMs = SLOW_NOTICE_MS): SlowNotice<T> {
  let shown: Promise<T | null> | null = null;
  let settled = false;
  const timer = deps.timers.setTimeout(() => {
    if (settled) return;
    shown = show().catch((error: unknown) => {
      deps.logger.warn({ err: error }, "could not tell the asker joblog is still waiting for BK-JOB");
      return null;
    });
  }, delayMs);
  return {
    settle() {
      settled = true;
      timer.cancel();
      return shown ?? Promise.resolve(null);
    },
  };
}
