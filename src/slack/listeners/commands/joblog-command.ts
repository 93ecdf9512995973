// `/joblog …`: acknowledge at once (usage help goes in the acknowledgement itself), then answer
// through response_url, which works even in channels the bot was never invited to. Following
// posts its live message with the bot token instead (response_url expires after 30 minutes).
import type { AllMiddlewareArgs, RespondFn, SlackCommandMiddlewareArgs } from "@slack/bolt";
import { parseCommand } from "../../../core/command.js";
import { renderInternalError } from "../../../render/error-message.js";
import { renderUsage } from "../../../render/usage-message.js";
import { followStartReply } from "../../follow-start-reply.js";
import { buildReportReply } from "../../report-reply.js";
import type { Services } from "../../services.js";

async function tellFailure(services: Services, respond: RespondFn, error: unknown, context: object): Promise<void> {
  services.logger.error({ err: error, ...context }, "could not answer /joblog");
  await respond({ response_type: "ephemeral", ...renderInternalError(services.messages) }).catch((respondError: unknown) =>
    services.logger.error({ err: respondError }, "could not tell the user /joblog failed"),
  );
}

export function joblogCommand(services: Services) {
  return async ({ command, ack, respond }: SlackCommandMiddlewareArgs & AllMiddlewareArgs): Promise<void> => {
    const parsed = parseCommand(command.text ?? "", { defaultBizId: services.defaultBizId });
    if (parsed.kind === "help" || parsed.kind === "invalid") {
      await ack({ response_type: "ephemeral", ...renderUsage(services.messages, parsed.kind === "invalid" ? parsed.problem : null) });
      return;
    }
    await ack();
    try {
      if (parsed.kind === "follow") {
        const result = await services.follows.follow({
          ref: parsed.ref,
          channelId: command.channel_id,
          userId: command.user_id,
          failuresOnly: parsed.failuresOnly,
        });
        const reply = followStartReply(result, parsed.ref, command.channel_id, services);
        if (reply) await respond({ response_type: reply.visibility === "channel" ? "in_channel" : "ephemeral", ...reply.message });
        return;
      }
      const reply = await buildReportReply(services, parsed.ref, { grep: parsed.grep });
      await respond({ response_type: reply.kind === "report" ? "in_channel" : "ephemeral", ...reply.message });
    } catch (error) {
      await tellFailure(services, respond, error, { ref: parsed.ref, user: command.user_id });
    }
  };
}
