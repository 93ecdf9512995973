// What the Slack listeners are handed by the composition root: settings and ports, no globals.
import type { Language } from "../config.js";
import type { Messages } from "../i18n/messages.js";
import type { FollowService } from "../follow/follow-service.js";
import type { Clock, JobApi, Logger } from "../ports.js";
import type { HostLogCache } from "../use-cases/host-log-cache.js";

export interface Services {
  jobApi: JobApi;
  clock: Clock;
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
}
