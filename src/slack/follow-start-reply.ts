// What the person who asked to follow a job is told, for each way starting can go. The parent
// message itself is the answer when following starts.
import { withholdLogs } from "../core/withhold-logs.js";
import type { FollowStart } from "../follow/follow-service.js";
import { section, type SlackMessage } from "../render/block-kit.js";
import { renderUpstreamError } from "../render/error-message.js";
import { renderReportMessage } from "../render/report-message.js";
import type { JobRef } from "../ports.js";
import type { Services } from "./services.js";

export type FollowReply = { visibility: "channel" | "only_you"; message: SlackMessage } | null;

export function followStartReply(result: FollowStart, ref: JobRef, channelId: string, services: Services): FollowReply {
  const { messages } = services;
  const note = (text: string): FollowReply => ({ visibility: "only_you", message: { text, blocks: [section(text)] } });
  switch (result.kind) {
    case "started":
      return null;
    case "already":
      return note(messages.follow.already);
    case "finished":
      return {
        visibility: "channel",
        message: renderReportMessage(services.logsWithheldBy === null ? result.report : withholdLogs(result.report, services.logsWithheldBy), messages),
      };
    case "upstream_error":
      return {
        visibility: "only_you",
        message: renderUpstreamError(result.error, { ref, actingUser: services.actingUser, timeoutMs: services.timeoutMs }, messages),
      };
    case "slack_error":
      return note(messages.follow.cannotPost(`<#${channelId}>`));
  }
}
