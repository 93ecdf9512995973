// "Report this job" or "follow this job", end to end, whoever asks (the slash command, a mention,
// the Follow button): the gate admits the asker (or says why not), BK-JOB is asked as them, a
// "Still asking BK-JOB…" note goes out when that takes a while, the audit line is written, and
// the answer comes back as a Reply for the caller to deliver. Usage help for what could not be
// read is here too.
import type { Command, UsageProblem } from "../core/command.js";
import type { JobRef } from "../core/job-ref.js";
import type { SlackMessage } from "../core/slack-message.js";
import { renderDenial } from "../render/access-denial.js";
import { renderStillAsking } from "../render/follow-notes.js";
import { renderUsage } from "../render/usage-message.js";
import { followStartReply } from "./follow-start-reply.js";
import { createFollowSource } from "./follow-source.js";
import type { Reply } from "./reply.js";
import { buildReportReply } from "./report-reply.js";
import { contextOf, type RequestDeps } from "./request-deps.js";
import { slowNotice } from "./slow-notice.js";

export type JobRequest =
  | { kind: "report"; ref: JobRef; grep: string | null }
  | { kind: "follow"; ref: JobRef; failuresOnly: boolean }
  | { kind: "why"; ref: JobRef };

/** Who asked, from where, as the gate needs it. */
export interface Asker {
  team: string | null;
  user: string;
  channel: { id: string; name?: string | null };
}

export type JobAnswer<Note> =
  /** Refused by the gate (rate limit, access rule, no identity): for the asker alone. */
  | { kind: "denied"; reply: Reply }
  /** `reply` null: the follow's own live message is the answer. `note`: what the still-asking note's delivery returned. */
  | { kind: "answered"; reply: Reply | null; note: Note | null }
  /** Something broke after admission (the audit line says upstream_error); the caller says sorry its own way. */
  | { kind: "failed"; error: unknown; note: Note | null };

/** The request a parsed /joblog or mention asks for. */
export function jobRequestOf(command: Extract<Command, { kind: "report" | "follow" | "why" }>): JobRequest {
  if (command.kind === "why") return { kind: "why", ref: command.ref };
  return command.kind === "follow"
    ? { kind: "follow", ref: command.ref, failuresOnly: command.failuresOnly }
    : { kind: "report", ref: command.ref, grep: command.grep };
}

/**
 * `stillAsking` delivers the "Still asking BK-JOB…" note (the command responds ephemerally, a
 * mention posts in its thread); it is called at most once, when the answer is slow.
 */
export async function answerJobRequest<Note>(
  deps: RequestDeps,
  asker: Asker,
  request: JobRequest,
  stillAsking: (note: SlackMessage) => Promise<Note>,
): Promise<JobAnswer<Note>> {
  const { ref } = request;
  const action = request.kind === "follow" ? "follow" : request.kind === "why" ? "why" : request.grep ? "grep" : "report";
  const admission = await deps.gate.admit({ ...asker, action, ref });
  if (!admission.ok) return { kind: "denied", reply: { visibility: "only_you", message: renderDenial(admission.denial, deps.messages) } };
  const context = contextOf(admission);
  const notice = slowNotice(deps, () => stillAsking(renderStillAsking(ref.jobInstanceId, deps.messages)));
  try {
    if (request.kind === "follow") {
      const channelId = asker.channel.id;
      const source = createFollowSource({ ...deps, jobApi: context.jobApi });
      const result = await deps.follows.follow({ ref, channelId, userId: asker.user, failuresOnly: request.failuresOnly, source });
      const note = await notice.settle();
      admission.finish(result.kind === "upstream_error" ? "upstream_error" : "ok", result.kind === "upstream_error" ? result.error.code : null);
      return { kind: "answered", reply: followStartReply(deps, context, result, ref, channelId, { failuresOnly: request.failuresOnly }), note };
    }
    const answer = await buildReportReply(deps, context, ref, request.kind === "why" ? { why: true } : { grep: request.grep });
    const note = await notice.settle();
    admission.finish(answer.kind === "report" ? "ok" : "upstream_error", answer.kind === "error" ? answer.code : null);
    // A BK-JOB refusal (permissions, not found) names the asker's BlueKing user: theirs alone.
    return { kind: "answered", reply: { visibility: answer.kind === "report" ? "channel" : "only_you", message: answer.message }, note };
  } catch (error) {
    const note = await notice.settle();
    admission.finish("upstream_error");
    return { kind: "failed", error, note };
  }
}

/** Help asked for, or a request that could not be read (audited as invalid): the usage message. */
export function usageAnswer(deps: RequestDeps, asker: Asker, problem: UsageProblem | null): SlackMessage {
  if (problem !== null) deps.gate.recordInvalid({ ...asker, action: "report" });
  return renderUsage(deps.messages, problem);
}
