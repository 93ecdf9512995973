// `/joblog …`: acknowledge at once (usage help goes in the acknowledgement itself), then answer
// through response_url, which works even in channels the bot was never invited to.
import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from "@slack/bolt";
import { parseCommand } from "../../../core/command.js";
import { renderInternalError } from "../../../render/error-message.js";
import { renderUsage } from "../../../render/usage-message.js";
import { buildReportReply } from "../../report-reply.js";
import type { Services } from "../../services.js";

export function joblogCommand(services: Services) {
  return async ({ command, ack, respond }: SlackCommandMiddlewareArgs & AllMiddlewareArgs): Promise<void> => {
    const parsed = parseCommand(command.text ?? "", { defaultBizId: services.defaultBizId });
    if (parsed.kind !== "report") {
      await ack({ response_type: "ephemeral", ...renderUsage(services.messages, parsed.kind === "invalid" ? parsed.problem : null) });
      return;
    }
    await ack();
    try {
      const reply = await buildReportReply(services, parsed.ref);
      await respond({ response_type: reply.kind === "report" ? "in_channel" : "ephemeral", ...reply.message });
    } catch (error) {
      services.logger.error({ err: error, ref: parsed.ref, user: command.user_id }, "could not answer /joblog");
      await respond({ response_type: "ephemeral", ...renderInternalError(services.messages) }).catch((respondError: unknown) =>
        services.logger.error({ err: respondError }, "could not tell the user /joblog failed"),
      );
    }
  };
}
