// `/joblog …`: acknowledge at once (usage help goes in the acknowledgement itself), then answer
// through response_url, which works even in channels the bot was never invited to. Following
// posts its live message with the bot token instead (response_url expires after 30 minutes).
// Every request passes the gate first (rate limits, access rules, identity, the audit line).
//
// When BK-JOB is slow, "Still asking BK-JOB about job N…" goes out (ephemeral) after 2 s. Slack
// offers no way to take it back: a command's response_url cannot replace or delete an earlier
// response, and an ephemeral message stays ephemeral for life, so an in-channel report could
// not take its place anyway (Slack's words and sources: src/fake-slack/response-urls.ts). The
// report is its own in-channel message; the note, only the asker sees, goes at their next reload.
import type { AllMiddlewareArgs, RespondFn, SlackCommandMiddlewareArgs } from "@slack/bolt";
import { parseCommand } from "../../../core/command.js";
import { createFollowSource } from "../../../use-cases/follow-source.js";
import { renderDenial } from "../../../render/access-denial.js";
import { renderInternalError } from "../../../render/error-message.js";
import { renderStillAsking } from "../../../render/follow-notes.js";
import { renderUsage } from "../../../render/usage-message.js";
import { acknowledgeFirst } from "../../acknowledge.js";
import { followStartReply } from "../../follow-start-reply.js";
import { buildReportReply } from "../../report-reply.js";
import { servicesFor, type Services } from "../../services.js";
import { slowNotice } from "../../slow-notice.js";

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
    // Acknowledge before the gate: learning who the asker is may take a users.info call. The
    // acknowledgement is in_channel so that Slack shows the channel who asked ("/joblog 2 10086"
    // under their name) above the report: Slack shares the typed command only when the
    // acknowledgement itself says in_channel; later response_url posts never include it
    // (https://api.slack.com/interactivity/slash-commands#responding_immediately). A refusal or
    // an error still goes to the asker alone; only the command they typed was seen.
    await acknowledgeFirst(() => ack({ response_type: "in_channel" }));
    const action = parsed.kind === "follow" ? "follow" : parsed.grep ? "grep" : "report";
    const admission = await services.gate.admit({ ...who, action, ref: parsed.ref });
    if (!admission.ok) {
      await respond({ response_type: "ephemeral", ...renderDenial(admission.denial, services.messages) }).catch((error: unknown) =>
        services.logger.warn({ err: error }, "could not tell the user why /joblog was refused"),
      );
      return;
    }
    const asker = servicesFor(services, admission);
    const notice = slowNotice(services, () => respond({ response_type: "ephemeral", ...renderStillAsking(parsed.ref.jobInstanceId, services.messages) }));
    try {
      if (parsed.kind === "follow") {
        const result = await services.follows.follow({
          ref: parsed.ref,
          channelId: command.channel_id,
          userId: command.user_id,
          failuresOnly: parsed.failuresOnly,
          source: createFollowSource({ ...asker }),
        });
        await notice.settle();
        admission.finish(result.kind === "upstream_error" ? "upstream_error" : "ok", result.kind === "upstream_error" ? result.error.code : null);
        const reply = followStartReply(result, parsed.ref, command.channel_id, asker, { failuresOnly: parsed.failuresOnly });
        if (reply) await respond({ response_type: reply.visibility === "channel" ? "in_channel" : "ephemeral", ...reply.message });
        return;
      }
      const reply = await buildReportReply(asker, parsed.ref, { grep: parsed.grep });
      await notice.settle();
      admission.finish(reply.kind === "report" ? "ok" : "upstream_error", reply.kind === "error" ? reply.code : null);
      await respond({ response_type: reply.kind === "report" ? "in_channel" : "ephemeral", ...reply.message });
    } catch (error) {
      await notice.settle();
      admission.finish("upstream_error");
      await tellFailure(services, respond, error, { ref: parsed.ref, user: command.user_id });
    }
  };
}
