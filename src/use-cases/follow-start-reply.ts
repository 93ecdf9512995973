// What the person who asked to follow a job is told, for each way starting can go. The parent
// message itself is the answer when following starts.
import type { JobRef } from "../core/job-ref.js";
import { reportShown } from "../core/withhold-logs.js";
import type { FollowStart } from "../follow/follow-service.js";
import { section } from "../render/block-kit.js";
import { renderUpstreamError } from "../render/error-message.js";
import { renderAlreadyFollowing } from "../render/follow-notes.js";
import { renderReportMessage } from "../render/report-message.js";
import type { Reply } from "./reply.js";
import type { RequestContext, RequestDeps } from "./request-deps.js";

/** `failuresOnly`: what was asked for; a failures-only follow already running offers all updates to one who asked for them. */
export function followStartReply(
  deps: RequestDeps,
  context: RequestContext,
  result: FollowStart,
  ref: JobRef,
  channelId: string,
  asked: { failuresOnly: boolean },
): Reply | null {
  const { messages } = deps;
  const note = (text: string): Reply => ({ visibility: "only_you", message: { text, blocks: [section(text)] } });
  switch (result.kind) {
    case "started":
      return null;
    case "already":
      return { visibility: "only_you", message: renderAlreadyFollowing(result.follow, !asked.failuresOnly, messages) };
    case "finished":
      return {
        visibility: "channel",
        message: renderReportMessage(reportShown(result.report, context.logsWithheldBy), messages, {
          note: messages.followMode.finishedNote(String(ref.jobInstanceId)),
        }),
      };
    case "upstream_error":
      return {
        visibility: "only_you",
        message: renderUpstreamError(result.error, { ref, actingUser: context.actingUser, timeoutMs: deps.timeoutMs }, messages),
      };
    case "slack_error":
      return note(messages.follow.cannotPost(`<#${channelId}>`));
  }
}
