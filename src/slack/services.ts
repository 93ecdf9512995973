// What the Slack listeners are handed by the composition root: settings and ports, no globals.
import type { Admitted, RequestGate } from "../access/request-gate.js";
import type { Language } from "../i18n/index.js";
import type { Messages } from "../i18n/index.js";
import type { FollowService } from "../follow/follow-service.js";
import type { Clock, Timers } from "../ports/clock.js";
import type { JobApi } from "../ports/job-api.js";
import type { Logger } from "../ports/logger.js";
import type { HostLogCache } from "../use-cases/host-log-cache.js";
import type { ModalOpener } from "../ports/modal-opener.js";
import type { PostedLogs } from "./posted-logs.js";

export interface Services {
  /** BK-JOB as joblog's own identity (BK_USERNAME); a request uses the one its gate admitted. */
  jobApi: JobApi;
  clock: Clock;
  /** For "Still asking BK-JOB…" after a while without an answer (slow-notice.ts). */
  timers: Timers;
  logger: Logger;
  hostLogCache: HostLogCache;
  messages: Messages;
  language: Language;
  defaultBizId: number | null;
  webUrl: string | null;
  /** The BlueKing user BK-JOB is called as, for permission messages. */
  actingUser: string;
  timeoutMs: number;
  follows: FollowService;
  /** Rate limits, access rules, identity and the audit line, before any BK-JOB call. */
  gate: RequestGate;
  /** views.open, straight to Slack: the trigger_id dies 3 s after the press. */
  modals: ModalOpener;
  /** Host logs already posted to a thread, so a second press does not post them again. */
  postedLogs: PostedLogs;
  /** The access rule keeping log text out of where this answer goes; null: logs may be shown. */
  logsWithheldBy: string | null;
}

/** The services for one admitted request: BK-JOB as the person who asked, and where logs may go. */
export function servicesFor(services: Services, admitted: Admitted): Services {
  return { ...services, jobApi: admitted.jobApi, actingUser: admitted.actingAs, logsWithheldBy: admitted.logsWithheldBy };
}
