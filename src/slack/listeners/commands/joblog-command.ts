// `/joblog …`: acknowledge at once (usage help goes in the acknowledgement itself), then answer
// through response_url, which works even in channels the bot was never invited to. Following
// posts its live message with the bot token instead (response_url expires after 30 minutes).
// The request itself is use-cases/job-request.ts; this listener translates Slack in and out.
//
// When BK-JOB is slow, "Still asking BK-JOB about job N…" goes out (ephemeral) after 2 s. Slack
// offers no way to take it back: a command's response_url cannot replace or delete an earlier
// response, and an ephemeral message stays ephemeral for life, so an in-channel report could
// not take its place anyway (Slack's words and sources: src/local/fake-slack/response-urls.ts). The
// report is its own in-channel message; the note, only the asker sees, goes at their next reload.
import type { AllMiddlewareArgs, RespondFn, SlackCommandMiddlewareArgs } from "@slack/bolt";
import { parseCommand } from "../../../core/command.js";
import { renderInternalError } from "../../../render/error-message.js";
import { answerJobRequest, jobRequestOf, usageAnswer } from "../../../use-cases/job-request.js";
import type { Reply } from "../../../use-cases/reply.js";
import type { ListenerDeps } from "../../listener-deps.js";
import { isRunCommand, runCommand } from "./run-commands.js";

const responseType = (reply: Reply) => (reply.visibility === "channel" ? "in_channel" : "ephemeral");

async function tellFailure(deps: ListenerDeps, respond: RespondFn, error: unknown, context: object): Promise<void> {
  deps.logger.error({ err: error, ...context }, "could not answer /joblog");
  await respond({ response_type: "ephemeral", ...renderInternalError(deps.messages) }).catch((respondError: unknown) =>
    deps.logger.error({ err: respondError }, "could not tell the user /joblog failed"),
  );
}

export function joblogCommand(deps: ListenerDeps) {
  return async ({ command, ack, respond }: SlackCommandMiddlewareArgs & AllMiddlewareArgs): Promise<void> => {
    const parsed = parseCommand(command.text ?? "", { defaultBizId: deps.defaultBizId });
    const asker = { team: command.team_id ?? null, user: command.user_id, channel: { id: command.channel_id, name: command.channel_name } };
    if (parsed.kind === "help" || parsed.kind === "invalid") {
      await ack({ response_type: "ephemeral", ...usageAnswer(deps, asker, parsed.kind === "invalid" ? parsed.problem : null) });
      return;
    }
    if (isRunCommand(parsed)) {
      await runCommand(deps, asker, parsed, ack, respond);
      return;
    }
    // Acknowledge before the gate: learning who the asker is may take a users.info call. The
    // acknowledgement is in_channel so that Slack shows the channel who asked ("/joblog 2 10086"
    // under their name) above the report: Slack shares the typed command only when the
    // acknowledgement itself says in_channel; later response_url posts never include it
    // (https://api.slack.com/interactivity/slash-commands#responding_immediately). A refusal or
    // an error still goes to the asker alone; only the command they typed was seen.
    await deps.acknowledgements.first(() => ack({ response_type: "in_channel" }));
    const answer = await answerJobRequest(deps, asker, jobRequestOf(parsed), (note) => respond({ response_type: "ephemeral", ...note }));
    switch (answer.kind) {
      case "denied":
        await respond({ response_type: "ephemeral", ...answer.reply.message }).catch((error: unknown) =>
          deps.logger.warn({ err: error }, "could not tell the user why /joblog was refused"),
        );
        return;
      case "answered":
        try {
          if (answer.reply) await respond({ response_type: responseType(answer.reply), ...answer.reply.message });
        } catch (error) {
          await tellFailure(deps, respond, error, { ref: parsed.ref, user: command.user_id });
        }
        return;
      case "failed":
        await tellFailure(deps, respond, answer.error, { ref: parsed.ref, user: command.user_id });
    }
  };
}
