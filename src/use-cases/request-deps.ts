// What a request is handled with. The process's dependencies (RequestDeps) are built once by the
// composition root; a request's own context (RequestContext) comes from the gate that admitted
// it: BK-JOB as the person who asked, and whether logs may be shown where the answer goes.
import type { Admitted, RequestGate } from "../access/request-gate.js";
import type { FollowService } from "../follow/follow-service.js";
import type { Messages } from "../i18n/index.js";
import type { Clock, Timers } from "../ports/clock.js";
import type { JobApi } from "../ports/job-api.js";
import type { Logger } from "../ports/logger.js";
import type { JobOperationsPool } from "../ports/job-operations.js";
import type { ActionLocks } from "./action-locks.js";
import type { HostLogCache } from "./host-log-cache.js";
import type { CauseDigestLimits } from "./read-cause-digest.js";

/** What acting on a job from a message needs (use-cases/step-action.ts), built by the composition root. */
export interface ActionDeps {
  /** BK-JOB's operations, as each person. */
  operations: JobOperationsPool;
  /** One operation per job step at a time. */
  locks: ActionLocks;
  /** Whether the access file names anyone who may act on this business: only then are buttons offered. */
  offered(bizId: number): boolean;
}

export interface RequestDeps {
  clock: Clock;
  /** For "Still asking BK-JOB…" after a while without an answer (slow-notice.ts). */
  timers: Timers;
  logger: Logger;
  messages: Messages;
  defaultBizId: number | null;
  /** BK_JOB_WEB_URL, for "Open in BK-JOB". */
  webUrl: string | null;
  /** BK_JOB_TIMEOUT_MS, for the words of a timeout. */
  timeoutMs: number;
  /** Rate limits, access rules, identity and the audit line, before any BK-JOB call. */
  gate: RequestGate;
  follows: FollowService;
  hostLogCache: HostLogCache;
  /** Why it failed: the digest's caps (JOBLOG_DIGEST_*); absent: read-cause-digest.ts's defaults. */
  causeLimits?: CauseDigestLimits;
  /** Acting on jobs (retry, terminate …); absent: no action buttons. */
  actions?: ActionDeps;
}

export interface RequestContext {
  /** BK-JOB as the person who asked. */
  jobApi: JobApi;
  /** The BlueKing user BK-JOB is called as, for permission messages. */
  actingUser: string;
  /** The access rule keeping log text out of where this answer goes; null: logs may be shown. */
  logsWithheldBy: string | null;
}

export function contextOf(admitted: Admitted): RequestContext {
  return { jobApi: admitted.jobApi, actingUser: admitted.actingAs, logsWithheldBy: admitted.logsWithheldBy };
}
