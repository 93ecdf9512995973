// The buttons of following: Follow (on a report of an unfinished job), Stop following and
// Show log (on the live message). Answers only the person who pressed, through response_url.
import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import { z } from "zod";
import { section } from "../../../render/block-kit.js";
import { followStartReply } from "../../follow-start-reply.js";
import { buildReportReply } from "../../report-reply.js";
import type { Services } from "../../services.js";

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

export function followButton(services: Services) {
  return async ({ ack, body, action, respond }: ButtonArgs): Promise<void> => {
    await ack();
    const ref = readRef(action.value);
    const channelId = body.channel?.id ?? body.container?.channel_id;
    if (!ref || !channelId) return;
    try {
      const result = await services.follows.follow({ ref, channelId, userId: body.user.id, failuresOnly: false });
      const reply = followStartReply(result, ref, channelId, services);
      if (reply) await respond({ response_type: reply.visibility === "channel" ? "in_channel" : "ephemeral", replace_original: false, ...reply.message });
    } catch (error) {
      services.logger.error({ err: error, ref }, "could not start following from a button");
    }
  };
}

export function stopFollowingButton(services: Services) {
  return async ({ ack, body, action, respond }: ButtonArgs): Promise<void> => {
    await ack();
    try {
      const stopped = await services.follows.stop(action.value ?? "", body.user.id);
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
  return async ({ ack, action, respond }: ButtonArgs): Promise<void> => {
    await ack();
    const ref = readRef(action.value);
    if (!ref) return;
    try {
      const reply = await buildReportReply(services, ref);
      await respond({ response_type: "ephemeral", replace_original: false, ...reply.message });
    } catch (error) {
      services.logger.error({ err: error, ref }, "could not show a followed job's report");
    }
  };
}
