// `@joblog 2 100` or `@joblog <link>`: the same report, answered in a thread under the mention.
// When BK-JOB is slow, "Still asking BK-JOB about job N…" is that thread answer after 2 s, and
// the report then takes its place (chat.update of joblog's own message): one answer remains. An
// answer for the asker alone (a refusal naming their BlueKing user) removes the note instead.
// The request itself is use-cases/job-request.ts; this listener translates Slack in and out.
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from "@slack/bolt";
import { parseMention } from "../../../core/command.js";
import type { SlackMessage } from "../../../core/slack-message.js";
import { renderInternalError } from "../../../render/error-message.js";
import { answerJobRequest, jobRequestOf, usageAnswer } from "../../../use-cases/job-request.js";
import type { Reply } from "../../../use-cases/reply.js";
import { isRunCommand } from "../commands/run-commands.js";
import type { ListenerDeps } from "../../listener-deps.js";

/** The mention's text without the bot's own `<@U…>` (and any other user mentions). */
export function mentionText(text: string): string {
  return text.replace(/<@[A-Z0-9]+(?:\|[^>]*)?>/g, " ").trim();
}

export function appMention(deps: ListenerDeps) {
  return async ({ event, client }: SlackEventMiddlewareArgs<"app_mention"> & AllMiddlewareArgs): Promise<void> => {
    const channel = event.channel;
    const threadTs = event.thread_ts ?? event.ts;
    const user = event.user ?? "";
    const reply = async (message: SlackMessage) => {
      await client.chat.postMessage({ channel, thread_ts: threadTs, ...message });
    };
    // A refusal is for the asker only, in the same thread: nothing is posted for the channel.
    const tellAsker = async (message: SlackMessage) => {
      await client.chat.postEphemeral({ channel, user, thread_ts: threadTs, ...message });
    };
    /** The answer where the note was (noteTs), or as a new reply; null: nothing to say (the follow's own message is the answer). */
    const deliver = async (answer: Reply | null, noteTs: string | null) => {
      if (answer?.visibility === "channel" && noteTs) {
        await client.chat.update({ channel, ts: noteTs, ...answer.message });
        return;
      }
      if (noteTs) await client.chat.delete({ channel, ts: noteTs });
      if (answer) await (answer.visibility === "channel" ? reply(answer.message) : tellAsker(answer.message));
    };
    const asker = { team: (event as { team?: string }).team ?? null, user, channel: { id: channel } };
    let noteTs: string | null = null;
    try {
      const parsed = parseMention(mentionText(event.text ?? ""), { defaultBizId: deps.defaultBizId });
      // Finding runs and watches are slash commands (their lists are for the asker alone): the usage says how.
      if (parsed.kind === "help" || parsed.kind === "invalid" || isRunCommand(parsed)) {
        await reply(usageAnswer(deps, asker, parsed.kind === "invalid" ? parsed.problem : null));
        return;
      }
      const answer = await answerJobRequest(deps, asker, jobRequestOf(parsed), async (note) => {
        const posted = await client.chat.postMessage({ channel, thread_ts: threadTs, ...note });
        return posted.ts ?? null;
      });
      if (answer.kind === "denied") {
        await tellAsker(answer.reply.message);
        return;
      }
      noteTs = answer.note;
      if (answer.kind === "failed") throw answer.error;
      await deliver(answer.reply, noteTs);
    } catch (error) {
      deps.logger.error({ err: error, channel }, "could not answer a mention");
      await deliver({ visibility: "channel", message: renderInternalError(deps.messages) }, noteTs).catch(() => undefined);
    }
  };
}
