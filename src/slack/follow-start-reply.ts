// What the person who asked to follow a job is told, for each way starting can go. The parent
// message itself is the answer when following starts.
import { withholdLogs } from "../core/withhold-logs.js";
import type { FollowStart } from "../follow/follow-service.js";
import type { SlackMessage } from "../core/slack-message.js";
import { section } from "../render/block-kit.js";
import { renderUpstreamError } from "../render/error-message.js";
import { renderAlreadyFollowing } from "../render/follow-notes.js";
import { renderReportMessage } from "../render/report-message.js";
import type { JobRef } from "../core/job-ref.js";
import type { Services } from "./services.js";

export type FollowReply = { visibility: "channel" | "only_you"; message: SlackMessage } | null;

/** `failuresOnly`: what was asked for; a failures-only follow already running offers all updates to one who asked for them. */
export function followStartReply(result: FollowStart, ref: JobRef, channelId: string, services: Services, asked: { failuresOnly: boolean }): FollowReply {
  const { messages } = services;
  const note = (text: string): FollowReply => ({ visibility: "only_you", message: { text, blocks: [section(text)] } });
  switch (result.kind) {
    case "started":
      return null;
    case "already":
      return { visibility: "only_you", message: renderAlreadyFollowing(result.follow, !asked.failuresOnly, messages) };
    case "finished": {
      const report = services.logsWithheldBy === null ? result.report : withholdLogs(result.report, services.logsWithheldBy);
      return {
        visibility: "channel",
        message: renderReportMessage(report, messages, { note: messages.followMode.finishedNote(String(ref.jobInstanceId)) }),
      };
    }
    case "upstream_error":
      return {
        visibility: "only_you",
        message: renderUpstreamError(result.error, { ref, actingUser: services.actingUser, timeoutMs: services.timeoutMs }, messages),
      };
    case "slack_error":
      return note(messages.follow.cannotPost(`<#${channelId}>`));
  }
}
