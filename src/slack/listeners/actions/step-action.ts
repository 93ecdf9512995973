// An action button (retry, ignore, skip, confirm, reject, terminate) on a report or a follow's
// live message. Slack has already asked the presser to confirm (the button's confirm dialog).
// What was done goes to the channel: on a report, the report itself is replaced by a fresh one
// headed by who did what; on a follow's live message (which the follow keeps redrawing), a
// message in the channel says it. Anything not done is told to the presser alone.
import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import { z } from "zod";
import { isStepAction, type PressedAction } from "../../../core/step-actions.js";
import { section } from "../../../render/block-kit.js";
import { renderInternalError } from "../../../render/error-message.js";
import { performStepAction } from "../../../use-cases/step-action.js";
import type { ListenerDeps } from "../../listener-deps.js";
import { presser } from "./button-values.js";

type ButtonArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

const id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const pressedValue = z.object({ b: id, j: id, s: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER), a: z.string().refine(isStepAction), m: z.enum(["r", "f"]) });

/** The button's value (core/step-actions.ts encodePressedAction), validated; null when it is not one. */
export function readPressedAction(value: string | undefined): PressedAction | null {
  try {
    const parsed = pressedValue.safeParse(JSON.parse(value ?? ""));
    if (!parsed.success || !isStepAction(parsed.data.a)) return null;
    const { b, j, s, a, m } = parsed.data;
    if (a !== "terminate" && s === 0) return null;
    return { ref: { bizId: b, jobInstanceId: j }, stepInstanceId: s, action: a, on: m === "r" ? "report" : "follow" };
  } catch {
    return null;
  }
}

export function stepActionButton(deps: ListenerDeps) {
  return async ({ ack, body, action, respond }: ButtonArgs): Promise<void> => {
    await ack();
    const pressed = readPressedAction(action.value);
    const actions = deps.actions;
    if (!pressed || !actions) return;
    const onlyYou = (message: { text: string; blocks?: unknown[] }) =>
      respond({ response_type: "ephemeral", replace_original: false, ...message } as never).catch((error: unknown) =>
        deps.logger.warn({ err: error }, "could not answer an action button"),
      );
    try {
      const answer = await performStepAction({ ...deps, actions }, presser(body), pressed);
      if (answer.kind === "not_done") return void (await onlyYou(answer.message));
      const lines = answer.following ? [answer.done, deps.messages.stepActions.following] : [answer.done];
      if (answer.report) await respond({ response_type: "in_channel", replace_original: true, ...answer.report });
      else await respond({ response_type: "in_channel", replace_original: false, text: lines.join("\n"), blocks: [section(lines.join("\n"), "step-action-done")] });
    } catch (error) {
      deps.logger.error({ err: error, ref: pressed.ref, action: pressed.action }, "could not perform an action");
      await onlyYou(renderInternalError(deps.messages));
    }
  };
}
