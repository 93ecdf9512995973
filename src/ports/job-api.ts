// BK-JOB's job API as joblog reads it, whichever protocol speaks to it (BK_JOB_API). The core
// asks for what it needs; how many calls that costs is the adapter's business (src/bkjob/).
import type { HostIdentity, HostLogText, JobInstanceStatus, StepHostGroups, StepRef } from "../core/job-model.js";

export type { StepRef };
import type { JobRef } from "../core/job-ref.js";
import type { Result } from "../core/upstream-error.js";

/** Where each HTTP call to BK-JOB waits for its turn (a cap on calls in flight). */
export interface CallGate {
  run<T>(work: () => Promise<T>): Promise<T>;
}

/**
 * What a call costs BK-JOB: `proof` is one status call as the asker that proves they may read
 * the job (cheap, its own larger cap); `fetch` is everything else (whole-job logs, host groups, logs).
 */
export type CallKind = "fetch" | "proof";

/** Hands out the gate one request's calls wait at, under that user's share (src/access/upstream-limiter.ts). */
export interface CallGates {
  gateFor(user: string, kind?: CallKind): CallGate;
}

export interface CallOptions {
  signal?: AbortSignal;
  /** Every attempt (and its retry) waits here, holding its turn while it is answered and read. None: at once. */
  gate?: CallGate;
  /**
   * Asked just before each attempt, the retry included: false ends the call unsent, as an abort
   * would. A follow's poll passes its lease's validity, so a replica paused past its lease does
   * not send a poll (or its retry) once it wakes, after another replica has taken the job.
   */
  mayProceed?: () => boolean;
}

export interface ReadOptions extends CallOptions {
  /**
   * The caller will ask for every step's hosts and some logs (a report): an adapter that gets
   * all of that in one call (ESB v2) may start it at once, alongside the status.
   */
  wholeReport?: boolean;
  /**
   * Only the status, to prove the caller may read the job: an adapter skips what the status
   * alone does not need (v3's operator lookup).
   */
  proofOnly?: boolean;
}

export interface JobApi {
  /** One look at one execution. Answers may be reused within it, never across reads: open one per report or poll. */
  read(ref: JobRef, options?: ReadOptions): JobRead;
}

export interface HostGroupQuery {
  /** Hosts listed per (status, tag) group; counts are always exact. */
  maxHostsPerGroup: number;
  /** Only hosts whose log contains this text (literal, case-sensitive). Script steps only. */
  keyword?: string | null;
  /** List hosts of failing groups only (the digest); the other groups keep their counts. */
  failuresOnly?: boolean;
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
  /**
   * Where reads share their answers (an incident rush, src/bkjob/shared-reads.ts): what is built
   * from this read's answers alone (the report) is built once, by the first asker, and handed to
   * the others sharing the fetch once each has proven their own right to read the job. `key`
   * names everything else the result depends on. Absent: the caller builds it itself.
   */
  derived?<T>(key: string, build: () => Promise<Result<T>>): Promise<Result<T>>;
}

/**
 * One JobApi per BlueKing user, so BK-JOB's own permission checks decide what each person may
 * read (the adapter: src/bkjob/job-api-pool.ts).
 */
export interface JobApiPool {
  /** BK-JOB as this BlueKing user, for a person's request (limited, redacted). */
  forUser(username: string): JobApi;
  /** BK-JOB as BK_USERNAME, for joblog's own work (follow polls): redacted, not limited. */
  service: JobApi;
}
