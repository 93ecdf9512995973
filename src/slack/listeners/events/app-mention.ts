// `@joblog 2 100` or `@joblog <link>`: the same report, answered in a thread under the mention.
// When BK-JOB is slow, "Still asking BK-JOB about job N…" is that thread answer after 2 s, and
// the report then takes its place (chat.update of joblog's own message): one answer remains. An
// answer for the asker alone (a refusal naming their BlueKing user) removes the note instead.
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from "@slack/bolt";
import { parseMention } from "../../../core/command.js";
import type { Admission } from "../../../access/request-gate.js";
import { createFollowSource } from "../../../use-cases/follow-source.js";
import { renderDenial } from "../../../render/access-denial.js";
import { renderInternalError } from "../../../render/error-message.js";
import { renderStillAsking } from "../../../render/follow-notes.js";
import { renderUsage } from "../../../render/usage-message.js";
import { followStartReply, type FollowReply } from "../../follow-start-reply.js";
import { buildReportReply } from "../../report-reply.js";
import { servicesFor, type Services } from "../../services.js";
import { slowNotice, type SlowNotice } from "../../slow-notice.js";

/** The mention's text without the bot's own `<@U…>` (and any other user mentions). */
export function mentionText(text: string): string {
  return text.replace(/<@[A-Z0-9]+(?:\|[^>]*)?>/g, " ").trim();
}

type Message = { text: string; blocks: unknown[] };

export function appMention(services: Services) {
  return async ({ event, client }: SlackEventMiddlewareArgs<"app_mention"> & AllMiddlewareArgs): Promise<void> => {
    const channel = event.channel;
    const threadTs = event.thread_ts ?? event.ts;
    const user = event.user ?? "";
    const reply = async (message: Message) => {
      await client.chat.postMessage({ channel, thread_ts: threadTs, text: message.text, blocks: message.blocks as never });
    };
    // A refusal is for the asker only, in the same thread: nothing is posted for the channel.
    const tellAsker = async (message: Message) => {
      await client.chat.postEphemeral({ channel, user, thread_ts: threadTs, text: message.text, blocks: message.blocks as never });
    };
    let notice: SlowNotice<string | null> | null = null;
    /** The answer where the note was, or as a new reply; null: nothing to say (the follow's own message is the answer). */
    const deliver = async (answer: FollowReply) => {
      const noteTs = (await notice?.settle()) ?? null;
      if (answer?.visibility === "channel" && noteTs) {
        await client.chat.update({ channel, ts: noteTs, text: answer.message.text, blocks: answer.message.blocks as never });
        return;
      }
      if (noteTs) await client.chat.delete({ channel, ts: noteTs });
      if (answer) await (answer.visibility === "channel" ? reply(answer.message) : tellAsker(answer.message));
    };
    const who = { team: (event as { team?: string }).team ?? null, user, channel: { id: channel } };
    let admission: Admission | null = null;
    try {
      const parsed = parseMention(mentionText(event.text ?? ""), { defaultBizId: services.defaultBizId });
      if (parsed.kind === "help" || parsed.kind === "invalid") {
        if (parsed.kind === "invalid") services.gate.recordInvalid({ ...who, action: "report" });
        await reply(renderUsage(services.messages, parsed.kind === "invalid" ? parsed.problem : null));
        return;
      }
      const action = parsed.kind === "follow" ? "follow" : parsed.grep ? "grep" : "report";
      admission = await services.gate.admit({ ...who, action, ref: parsed.ref });
      if (!admission.ok) {
        await tellAsker(renderDenial(admission.denial, services.messages));
        return;
      }
      const asker = servicesFor(services, admission);
      notice = slowNotice(services, async () => {
        const note = renderStillAsking(parsed.ref.jobInstanceId, services.messages);
        const posted = await client.chat.postMessage({ channel, thread_ts: threadTs, text: note.text, blocks: note.blocks as never });
        return posted.ts ?? null;
      });
      if (parsed.kind === "follow") {
        const result = await services.follows.follow({ ref: parsed.ref, channelId: channel, userId: user, failuresOnly: parsed.failuresOnly, source: createFollowSource(asker) });
        admission.finish(result.kind === "upstream_error" ? "upstream_error" : "ok", result.kind === "upstream_error" ? result.error.code : null);
        await deliver(followStartReply(result, parsed.ref, channel, asker, { failuresOnly: parsed.failuresOnly }));
        return;
      }
      const answer = await buildReportReply(asker, parsed.ref, { grep: parsed.grep });
      admission.finish(answer.kind === "report" ? "ok" : "upstream_error", answer.kind === "error" ? answer.code : null);
      // A BK-JOB refusal (permissions, not found) names the asker's BlueKing user: theirs alone.
      await deliver({ visibility: answer.kind === "report" ? "channel" : "only_you", message: answer.message });
    } catch (error) {
      if (admission?.ok) admission.finish("upstream_error");
      services.logger.error({ err: error, channel }, "could not answer a mention");
      await deliver({ visibility: "channel", message: renderInternalError(services.messages) }).catch(() => undefined);
    }
  };
}
