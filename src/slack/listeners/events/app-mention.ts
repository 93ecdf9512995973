// `@joblog 2 100` or `@joblog <link>`: the same report, answered in a thread under the mention.
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from "@slack/bolt";
import { parseMention } from "../../../core/command.js";
import { renderInternalError } from "../../../render/error-message.js";
import { renderUsage } from "../../../render/usage-message.js";
import { followStartReply } from "../../follow-start-reply.js";
import { buildReportReply } from "../../report-reply.js";
import type { Services } from "../../services.js";

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
    try {
      const parsed = parseMention(mentionText(event.text ?? ""), { defaultBizId: services.defaultBizId });
      if (parsed.kind === "help" || parsed.kind === "invalid") {
        await reply(renderUsage(services.messages, parsed.kind === "invalid" ? parsed.problem : null));
        return;
      }
      if (parsed.kind === "follow") {
        const result = await services.follows.follow({
          ref: parsed.ref,
          channelId: event.channel,
          userId: event.user ?? "",
          failuresOnly: parsed.failuresOnly,
        });
        const answer = followStartReply(result, parsed.ref, event.channel, services);
        if (answer) await reply(answer.message);
        return;
      }
      const answer = await buildReportReply(services, parsed.ref, { grep: parsed.grep });
      await reply(answer.message);
    } catch (error) {
      services.logger.error({ err: error, channel: event.channel }, "could not answer a mention");
      await reply(renderInternalError(services.messages)).catch(() => undefined);
    }
  };
}
