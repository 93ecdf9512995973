// The edges of joblog, as interfaces. Only src/main.ts picks the adapters behind them;
// everything else receives what it needs.
import type { HostIdentity, HostLogText, JobInstanceStatus, StepHostGroups } from "./bkjob/job-model.js";
import type { Result } from "./bkjob/upstream-error.js";

export interface JobRef {
  bizId: number;
  jobInstanceId: number;
}

/** Where each HTTP call to BK-JOB waits for its turn (a cap on calls in flight). */
export interface CallGate {
  run<T>(work: () => Promise<T>): Promise<T>;
}

export interface CallOptions {
  signal?: AbortSignal;
  /** Every attempt (and its retry) waits here, holding its turn while it is answered and read. None: at once. */
  gate?: CallGate;
}

export interface ReadOptions extends CallOptions {
  /**
   * The caller will ask for every step's hosts and some logs (a report): an adapter that gets
   * all of that in one call (ESB v2) may start it at once, alongside the status.
   */
  wholeReport?: boolean;
}

/**
 * BK-JOB, whichever protocol speaks to it (BK_JOB_API). The core asks for what it needs; how
 * many calls that costs is the adapter's business.
 */
export interface JobApi {
  /** One look at one execution. Answers may be reused within it, never across reads: open one per report or poll. */
  read(ref: JobRef, options?: ReadOptions): JobRead;
}

/** A step as the reads below need it: which one, and its type (1 script, 2 file, 3 manual, 4 SQL). */
export interface StepRef {
  stepInstanceId: number;
  type: number | null;
}

export interface HostGroupQuery {
  /** Hosts listed per (status, tag) group; counts are always exact. */
  maxHostsPerGroup: number;
  /** Only hosts whose log contains this text (literal, case-sensitive). Script steps only. */
  keyword?: string | null;
}

export interface JobRead {
  /** Job and step status; `withHosts` asks v3 for each step's per-host status too (v2 always has it). */
  getJobStatus(options?: { withHosts?: boolean }): Promise<Result<JobInstanceStatus>>;
  /** The step's hosts grouped by status and tag: exact counts, capped lists, no logs. */
  getStepHostGroups(step: StepRef, query: HostGroupQuery): Promise<Result<StepHostGroups>>;
  /** Logs of just these hosts of one step (script text, or file logs). Hosts BK-JOB does not know are left out. */
  getHostLogs(step: StepRef, hosts: readonly HostIdentity[]): Promise<Result<HostLogText[]>>;
  /** One host's whole log, for Show log; null when the step or host is not in the job (any more). */
  getHostLog(stepInstanceId: number, host: HostIdentity): Promise<Result<HostLogText | null>>;
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
