// The buttons of following: Follow (on a report of an unfinished job), Stop following (on the
// live message), and Switch to all updates (on the note that a failures-only follow already
// runs). Answers only the person who pressed, through response_url.
import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import type { Denial } from "../../../core/access-model.js";
import { createFollowSource } from "../../../use-cases/follow-source.js";
import { renderDenial } from "../../../render/access-denial.js";
import { section } from "../../../render/block-kit.js";
import { renderStillAsking } from "../../../render/follow-notes.js";
import { followStartReply } from "../../follow-start-reply.js";
import { servicesFor, type Services } from "../../services.js";
import { slowNotice } from "../../slow-notice.js";
import { presser, readJobRef } from "./button-values.js";

type ButtonArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

async function refuse(services: Services, respond: ButtonArgs["respond"], denial: Denial, replaceOriginal = false): Promise<void> {
  await respond({ response_type: "ephemeral", replace_original: replaceOriginal, ...renderDenial(denial, services.messages) }).catch((error: unknown) =>
    services.logger.warn({ err: error }, "could not tell the user why a button was refused"),
  );
}

export function followButton(services: Services) {
  return async ({ ack, body, action, respond }: ButtonArgs): Promise<void> => {
    await ack();
    const ref = readJobRef(action.value);
    const channelId = body.channel?.id ?? body.container?.channel_id;
    if (!ref || !channelId) return;
    const admission = await services.gate.admit({ ...presser(body), action: "follow", ref });
    if (!admission.ok) return refuse(services, respond, admission.denial);
    const asker = servicesFor(services, admission);
    // A button's response_url can only replace the message the button is on (the report), so
    // this note stays until Slack drops it (ephemeral messages go at the next reload).
    const notice = slowNotice(services, () =>
      respond({ response_type: "ephemeral", replace_original: false, ...renderStillAsking(ref.jobInstanceId, services.messages) }),
    );
    try {
      const result = await services.follows.follow({ ref, channelId, userId: body.user.id, failuresOnly: false, source: createFollowSource(asker) });
      await notice.settle();
      admission.finish(result.kind === "upstream_error" ? "upstream_error" : "ok", result.kind === "upstream_error" ? result.error.code : null);
      const reply = followStartReply(result, ref, channelId, asker, { failuresOnly: false });
      if (reply) await respond({ response_type: reply.visibility === "channel" ? "in_channel" : "ephemeral", replace_original: false, ...reply.message });
    } catch (error) {
      await notice.settle();
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

/**
 * "Switch to all updates": the note it is on is the pressed message, an ephemeral one, so the
 * answer replaces it (replace_original) and the person is left with one note saying what changed.
 */
export function followModeButton(services: Services) {
  return async ({ ack, body, action, respond }: ButtonArgs): Promise<void> => {
    await ack();
    const { messages } = services;
    const answer = async (text: string) =>
      respond({ response_type: "ephemeral", replace_original: true, text, blocks: [section(text)] }).catch((error: unknown) =>
        services.logger.warn({ err: error }, "could not answer a follow mode switch"),
      );
    const follow = services.follows.activeFollow(action.value ?? "");
    if (!follow) {
      await answer(messages.followMode.notFollowing);
      return;
    }
    const admission = await services.gate.admit({ ...presser(body), action: "follow_mode", ref: follow.ref });
    if (!admission.ok) return refuse(services, respond, admission.denial, true);
    try {
      const switched = await services.follows.setFailuresOnly(follow.id, false);
      admission.finish("ok");
      await answer(switched ? messages.followMode.switched(String(follow.ref.jobInstanceId)) : messages.followMode.notFollowing);
    } catch (error) {
      admission.finish("upstream_error");
      services.logger.error({ err: error, followId: follow.id }, "could not switch a follow to all updates");
    }
  };
}
