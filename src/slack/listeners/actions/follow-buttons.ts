// The buttons of following: Follow (on a report of an unfinished job), Stop following (on the
// live message), and Switch to all updates (on the note that a failures-only follow already
// runs). Answers only the person who pressed, through response_url. The requests themselves are
// use-cases/job-request.ts and use-cases/follow-controls.ts.
import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import type { SlackMessage } from "../../../core/slack-message.js";
import { switchToAllUpdates, stopFollowing } from "../../../use-cases/follow-controls.js";
import { answerJobRequest } from "../../../use-cases/job-request.js";
import type { ListenerDeps } from "../../listener-deps.js";
import { presser, readJobRef } from "./button-values.js";

type ButtonArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

async function refuse(deps: ListenerDeps, respond: ButtonArgs["respond"], denial: SlackMessage, replaceOriginal = false): Promise<void> {
  await respond({ response_type: "ephemeral", replace_original: replaceOriginal, ...denial }).catch((error: unknown) =>
    deps.logger.warn({ err: error }, "could not tell the user why a button was refused"),
  );
}

export function followButton(deps: ListenerDeps) {
  return async ({ ack, body, action, respond }: ButtonArgs): Promise<void> => {
    await ack();
    const ref = readJobRef(action.value);
    const who = presser(body);
    if (!ref || !who.channel) return;
    // A button's response_url can only replace the message the button is on (the report), so
    // the still-asking note stays until Slack drops it (ephemeral messages go at the next reload).
    const answer = await answerJobRequest(deps, { ...who, channel: who.channel }, { kind: "follow", ref, failuresOnly: false }, (note) =>
      respond({ response_type: "ephemeral", replace_original: false, ...note }),
    );
    if (answer.kind === "denied") return refuse(deps, respond, answer.reply.message);
    try {
      if (answer.kind === "failed") throw answer.error;
      const { reply } = answer;
      if (reply) await respond({ response_type: reply.visibility === "channel" ? "in_channel" : "ephemeral", replace_original: false, ...reply.message });
    } catch (error) {
      deps.logger.error({ err: error, ref }, "could not start following from a button");
    }
  };
}

export function stopFollowingButton(deps: ListenerDeps) {
  return async ({ ack, body, action, respond }: ButtonArgs): Promise<void> => {
    await ack();
    try {
      const notice = await stopFollowing(deps, presser(body), action.value ?? "");
      if (notice) await respond({ response_type: "ephemeral", replace_original: false, ...notice });
    } catch (error) {
      deps.logger.error({ err: error }, "could not stop following");
    }
  };
}

/**
 * "Switch to all updates": the note it is on is the pressed message, an ephemeral one, so the
 * answer replaces it (replace_original) and the person is left with one note saying what changed.
 */
export function followModeButton(deps: ListenerDeps) {
  return async ({ ack, body, action, respond }: ButtonArgs): Promise<void> => {
    await ack();
    const followId = action.value ?? "";
    try {
      const answer = await switchToAllUpdates(deps, presser(body), followId);
      if (answer.kind === "denied") return refuse(deps, respond, answer.message, true);
      await respond({ response_type: "ephemeral", replace_original: true, ...answer.message }).catch((error: unknown) =>
        deps.logger.warn({ err: error }, "could not answer a follow mode switch"),
      );
    } catch (error) {
      deps.logger.error({ err: error, followId }, "could not switch a follow to all updates");
    }
  };
}
