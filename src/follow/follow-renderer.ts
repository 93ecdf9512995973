// What a follow posts, as an interface: following decides when to post and to whom, the
// renderer (src/render/follow-renderer.ts, injected by src/compose.ts) decides what a post says.
import type { FollowChange } from "../core/follow-changes.js";
import type { ParentInput } from "../core/follow-model.js";
import type { JobReport } from "../core/report-model.js";
import type { SlackMessage } from "../core/slack-message.js";

export interface FollowRenderer {
  /** The live parent message, edited in place. */
  parent(input: ParentInput): SlackMessage;
  /** A thread reply for one change; `report` when one was needed and fetched, `jobUrl` for its button. */
  reply(change: FollowChange, report: JobReport | null, jobUrl: string | null): SlackMessage;
  /** BK-JOB has failed since `since`, too long: the follow stops. */
  outage(since: Date): SlackMessage;
  /** The follow lasted `maxHours`; `command` follows the job again. */
  maxDuration(maxHours: number, command: string): SlackMessage;
  /** To the person who started it: Slack refused the follow's posts with `error`. */
  slackError(jobInstanceId: number, channelId: string, error: string): SlackMessage;
}
