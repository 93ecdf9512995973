// `@joblog 2 100` or `@joblog <link>`: the same report, answered in a thread under the mention.
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from "@slack/bolt";
import { parseMention } from "../../../core/command.js";
import type { Admission } from "../../../access/request-gate.js";
import { createFollowSource } from "../../../follow/follow-source.js";
import { renderDenial } from "../../../render/access-denial.js";
import { renderInternalError } from "../../../render/error-message.js";
import { renderUsage } from "../../../render/usage-message.js";
import { followStartReply } from "../../follow-start-reply.js";
import { buildReportReply } from "../../report-reply.js";
import { servicesFor, type Services } from "../../services.js";

/** The mention's text without the bot's own `<@U…>` (and any other user mentions). */
export function mentionText(text: string): string {
  return text.replace(/<@[A-Z0-9]+(?:\|[^>]*)?>/g, " ").trim();
}

export function appMention(services: Services) {
  return async ({ event, client }: SlackEventMiddlewareArgs<"app_mention"> & AllMiddlewareArgs): Promise<void> => {
    const threadTs = event.thread_ts ?? event.ts;
    const reply = async (message: { text: string; blocks: unknown[] }) => {
      await client.chat.postMessage({ channel: event.channel, thread_ts: threadTs, text: message.text, blocks: message.blocks as never });
    };
    // A refusal is for the asker only, in the same thread: nothing is posted for the channel.
    const tellAsker = async (message: { text: string; blocks: unknown[] }) => {
      await client.chat.postEphemeral({ channel: event.channel, user, thread_ts: threadTs, text: message.text, blocks: message.blocks as never });
    };
    const user = event.user ?? "";
    const who = { team: (event as { team?: string }).team ?? null, user, channel: { id: event.channel } };
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
      if (parsed.kind === "follow") {
        const result = await services.follows.follow({
          ref: parsed.ref,
          channelId: event.channel,
          userId: user,
          failuresOnly: parsed.failuresOnly,
          source: createFollowSource(asker),
        });
        admission.finish(result.kind === "upstream_error" ? "upstream_error" : "ok", result.kind === "upstream_error" ? result.error.code : null);
        const answer = followStartReply(result, parsed.ref, event.channel, asker);
        if (answer) await (answer.visibility === "channel" ? reply(answer.message) : tellAsker(answer.message));
        return;
      }
      const answer = await buildReportReply(asker, parsed.ref, { grep: parsed.grep });
      admission.finish(answer.kind === "report" ? "ok" : "upstream_error", answer.kind === "error" ? answer.code : null);
      // A BK-JOB refusal (permissions, not found) names the asker's BlueKing user: theirs alone.
      await (answer.kind === "report" ? reply(answer.message) : tellAsker(answer.message));
    } catch (error) {
      if (admission?.ok) admission.finish("upstream_error");
      services.logger.error({ err: error, channel: event.channel }, "could not answer a mention");
      await reply(renderInternalError(services.messages)).catch(() => undefined);
    }
  };
}
