// The buttons of following: Follow (on a report of an unfinished job), Stop following and
// Show log (on the live message). Answers only the person who pressed, through response_url.
import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import { z } from "zod";
import { section } from "../../../render/block-kit.js";
import type { Denial } from "../../../access/request-gate.js";
import { createFollowSource } from "../../../follow/follow-source.js";
import { renderDenial } from "../../../render/access-denial.js";
import { followStartReply } from "../../follow-start-reply.js";
import { buildReportReply } from "../../report-reply.js";
import { servicesFor, type Services } from "../../services.js";

type ButtonArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

const id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const jobRefValue = z.object({ bizId: id, jobInstanceId: id });

function readRef(value: string | undefined) {
  try {
    const parsed = jobRefValue.safeParse(JSON.parse(value ?? ""));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Who pressed, where: for the gate. */
function presser(body: ButtonArgs["body"]) {
  const channelId = body.channel?.id ?? body.container?.channel_id;
  return {
    team: body.team?.id ?? body.user.team_id ?? null,
    user: body.user.id,
    channel: channelId ? { id: channelId, name: body.channel?.name ?? null } : null,
  };
}

async function refuse(services: Services, respond: ButtonArgs["respond"], denial: Denial): Promise<void> {
  await respond({ response_type: "ephemeral", replace_original: false, ...renderDenial(denial, services.messages) }).catch((error: unknown) =>
    services.logger.warn({ err: error }, "could not tell the user why a button was refused"),
  );
}

export function followButton(services: Services) {
  return async ({ ack, body, action, respond }: ButtonArgs): Promise<void> => {
    await ack();
    const ref = readRef(action.value);
    const channelId = body.channel?.id ?? body.container?.channel_id;
    if (!ref || !channelId) return;
    const admission = await services.gate.admit({ ...presser(body), action: "follow", ref });
    if (!admission.ok) return refuse(services, respond, admission.denial);
    const asker = servicesFor(services, admission);
    try {
      const result = await services.follows.follow({ ref, channelId, userId: body.user.id, failuresOnly: false, source: createFollowSource(asker) });
      admission.finish(result.kind === "upstream_error" ? "upstream_error" : "ok", result.kind === "upstream_error" ? result.error.code : null);
      const reply = followStartReply(result, ref, channelId, asker);
      if (reply) await respond({ response_type: reply.visibility === "channel" ? "in_channel" : "ephemeral", replace_original: false, ...reply.message });
    } catch (error) {
      admission.finish("upstream_error");
      services.logger.error({ err: error, ref }, "could not start following from a button");
    }
  };
}

export function stopFollowingButton(services: Services) {
  return async ({ ack, body, action, respond }: ButtonArgs): Promise<void> => {
    await ack();
    const admission = await services.gate.admit({ ...presser(body), action: "stop", ref: null });
    if (!admission.ok) return;
    try {
      const stopped = await services.follows.stop(action.value ?? "", body.user.id);
      admission.finish("ok");
      if (!stopped) {
        const text = services.messages.follow.stoppedNotice;
        await respond({ response_type: "ephemeral", replace_original: false, text, blocks: [section(text)] });
      }
    } catch (error) {
      services.logger.error({ err: error }, "could not stop following");
    }
  };
}

export function followReportButton(services: Services) {
  return async ({ ack, body, action, respond }: ButtonArgs): Promise<void> => {
    await ack();
    const ref = readRef(action.value);
    if (!ref) return;
    const admission = await services.gate.admit({ ...presser(body), action: "report", ref });
    if (!admission.ok) return refuse(services, respond, admission.denial);
    try {
      const reply = await buildReportReply(servicesFor(services, admission), ref);
      admission.finish(reply.kind === "report" ? "ok" : "upstream_error", reply.kind === "error" ? reply.code : null);
      await respond({ response_type: "ephemeral", replace_original: false, ...reply.message });
    } catch (error) {
      admission.finish("upstream_error");
      services.logger.error({ err: error, ref }, "could not show a followed job's report");
    }
  };
}
