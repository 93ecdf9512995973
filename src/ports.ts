// The edges of joblog, as interfaces. Only src/main.ts picks the adapters behind them;
// everything else receives what it needs.
import type { JobInstanceLog, JobInstanceStatus } from "./bkjob/job-model.js";
import type { Result } from "./bkjob/upstream-error.js";

export interface JobRef {
  bizId: number;
  jobInstanceId: number;
}

export interface CallOptions {
  signal?: AbortSignal;
}

/** BK-JOB, whichever protocol speaks to it. */
export interface JobApi {
  getJobInstanceLog(ref: JobRef, options?: CallOptions): Promise<Result<JobInstanceLog>>;
  getJobInstanceStatus(ref: JobRef, options?: CallOptions): Promise<Result<JobInstanceStatus>>;
}

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** Timers, behind a port so tests can move time by hand (test/helpers/fake-time.ts). */
export interface Timers {
  setTimeout(callback: () => void, ms: number): { cancel(): void };
}

export const systemTimers: Timers = {
  setTimeout(callback, ms) {
    const handle = setTimeout(callback, ms);
    return { cancel: () => clearTimeout(handle) };
  },
};

/** The subset of pino's API we use, so tests can hand in a recorder. */
export interface Logger {
  debug(fields: object, message?: string): void;
  info(fields: object, message?: string): void;
  warn(fields: object, message?: string): void;
  error(fields: object, message?: string): void;
}
