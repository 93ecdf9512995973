// `/joblog …`: acknowledge at once (usage help goes in the acknowledgement itself), then answer
// through response_url, which works even in channels the bot was never invited to. Following
// posts its live message with the bot token instead (response_url expires after 30 minutes).
// Every request passes the gate first (rate limits, access rules, identity, the audit line).
import type { AllMiddlewareArgs, RespondFn, SlackCommandMiddlewareArgs } from "@slack/bolt";
import { parseCommand } from "../../../core/command.js";
import { createFollowSource } from "../../../follow/follow-source.js";
import { renderDenial } from "../../../render/access-denial.js";
import { renderInternalError } from "../../../render/error-message.js";
import { renderUsage } from "../../../render/usage-message.js";
import { acknowledgeFirst } from "../../acknowledge.js";
import { followStartReply } from "../../follow-start-reply.js";
import { buildReportReply } from "../../report-reply.js";
import { servicesFor, type Services } from "../../services.js";

async function tellFailure(services: Services, respond: RespondFn, error: unknown, context: object): Promise<void> {
  services.logger.error({ err: error, ...context }, "could not answer /joblog");
  await respond({ response_type: "ephemeral", ...renderInternalError(services.messages) }).catch((respondError: unknown) =>
    services.logger.error({ err: respondError }, "could not tell the user /joblog failed"),
  );
}

export function joblogCommand(services: Services) {
  return async ({ command, ack, respond }: SlackCommandMiddlewareArgs & AllMiddlewareArgs): Promise<void> => {
    const parsed = parseCommand(command.text ?? "", { defaultBizId: services.defaultBizId });
    const who = { team: command.team_id ?? null, user: command.user_id, channel: { id: command.channel_id, name: command.channel_name } };
    if (parsed.kind === "help" || parsed.kind === "invalid") {
      if (parsed.kind === "invalid") services.gate.recordInvalid({ ...who, action: "report" });
      await ack({ response_type: "ephemeral", ...renderUsage(services.messages, parsed.kind === "invalid" ? parsed.problem : null) });
      return;
    }
    // Acknowledge before the gate: learning who the asker is may take a users.info call.
    await acknowledgeFirst(ack);
    const action = parsed.kind === "follow" ? "follow" : parsed.grep ? "grep" : "report";
    const admission = await services.gate.admit({ ...who, action, ref: parsed.ref });
    if (!admission.ok) {
      await respond({ response_type: "ephemeral", ...renderDenial(admission.denial, services.messages) }).catch((error: unknown) =>
        services.logger.warn({ err: error }, "could not tell the user why /joblog was refused"),
      );
      return;
    }
    const asker = servicesFor(services, admission);
    try {
      if (parsed.kind === "follow") {
        const result = await services.follows.follow({
          ref: parsed.ref,
          channelId: command.channel_id,
          userId: command.user_id,
          failuresOnly: parsed.failuresOnly,
          source: createFollowSource({ ...asker }),
        });
        admission.finish(result.kind === "upstream_error" ? "upstream_error" : "ok", result.kind === "upstream_error" ? result.error.code : null);
        const reply = followStartReply(result, parsed.ref, command.channel_id, asker);
        if (reply) await respond({ response_type: reply.visibility === "channel" ? "in_channel" : "ephemeral", ...reply.message });
        return;
      }
      const reply = await buildReportReply(asker, parsed.ref, { grep: parsed.grep });
      admission.finish(reply.kind === "report" ? "ok" : "upstream_error", reply.kind === "error" ? reply.code : null);
      await respond({ response_type: reply.kind === "report" ? "in_channel" : "ephemeral", ...reply.message });
    } catch (error) {
      admission.finish("upstream_error");
      await tellFailure(services, respond, error, { ref: parsed.ref, user: command.user_id });
    }
  };
}
