// Everything a follow posts, bound to one dictionary: what the composition root hands the follow
// service as its renderer (src/follow/follow-renderer.ts says what it must provide). Pure.
import type { FollowChange } from "../core/follow-changes.js";
import type { ParentInput } from "../core/follow-model.js";
import type { JobRef } from "../core/job-ref.js";
import type { JobReport } from "../core/report-model.js";
import type { SlackMessage } from "../core/slack-message.js";
import type { Messages } from "../i18n/index.js";
import { renderFollowSlackError, renderMaxDurationNotice, renderOutageNotice } from "./follow-notes.js";
import { renderFollowParent } from "./follow-parent.js";
import { renderFollowReply } from "./follow-replies.js";

/** `actionsOffered`: whether a job's live message carries the action buttons (the access file names operators). */
export function followRendererFor(messages: Messages, actionsOffered: (ref: JobRef) => boolean = () => false) {
  return {
    parent: (input: ParentInput): SlackMessage =>
      renderFollowParent(input, messages, actionsOffered(input.follow.ref) ? { on: "follow", confirmation: null } : undefined),
    reply: (change: FollowChange, report: JobReport | null, jobUrl: string | null): SlackMessage => renderFollowReply(change, report, messages, jobUrl),
    outage: (since: Date): SlackMessage => renderOutageNotice(since, messages),
    maxDuration: (maxHours: number, command: string): SlackMessage => renderMaxDurationNotice(maxHours, command, messages),
    slackError: (jobInstanceId: number, channelId: string, error: string): SlackMessage => renderFollowSlackError(jobInstanceId, channelId, error, messages),
  };
}
