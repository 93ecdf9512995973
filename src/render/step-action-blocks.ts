// The action buttons of a report or a follow's live message (Retry failed hosts, Retry all,
// Ignore error, Skip, Confirm, Reject, Terminate), each behind Slack's confirmation dialog that
// names exactly what will happen, and, for a waiting confirmation, its text and who it is
// addressed to. Which actions appear is core/step-actions.ts's; this file only lays them out.
// Pure.
//
// Every action is a button, none in an overflow menu: an overflow menu takes one confirmation
// dialog for all of its options (https://api.slack.com/reference/block-kit/block-elements#overflow),
// so it could not say exactly what the chosen option will do.
import type { Button, ConfirmationDialog, KnownBlock } from "@slack/types";
import { truncateText } from "../core/log-text.js";
import { encodePressedAction, offeredActions, type ActionStep, type Confirmation, type OfferedAction, type PressedAction, type StepAction } from "../core/step-actions.js";
import type { JobRef } from "../core/job-ref.js";
import type { SlackMessage } from "../core/slack-message.js";
import type { Messages } from "../i18n/index.js";
import { ACTION_IDS } from "./action-ids.js";
import { actions, button, section } from "./block-kit.js";
import { MAX_STEP_NAME } from "./display-caps.js";
import { formatCount } from "./format.js";
import { SLACK_LIMITS } from "./limits.js";
import { escapeMrkdwn } from "./mrkdwn.js";

/** What a renderer is told about actions: where the message is, and a waiting confirmation's text when BK-JOB gave it. */
export interface ActionOptions {
  on: PressedAction["on"];
  confirmation: Confirmation | null;
}

const STYLE: Partial<Record<StepAction, "primary" | "danger">> = { retry_failed: "primary", confirm: "primary", reject: "danger", terminate: "danger" };

/** "2 deploy-web": a step as the dialogs and notes name it. */
export const stepLabel = (step: { index: number; name: string }): string => `${step.index} ${truncateText(step.name, MAX_STEP_NAME)}`;

/** The dialog's question, plain text: exactly what will happen ("Retry the 46 failed hosts of step 2 deploy-web in job 10086?"). */
export function actionQuestion(offered: OfferedAction, jobName: string, messages: Messages): string {
  const { step } = offered;
  return messages.stepActions.question[offered.action](
    formatCount(step?.failedHosts ?? 0, messages),
    formatCount(step?.totalHosts ?? 0, messages),
    step ? stepLabel(step) : "",
    String(offered.ref.jobInstanceId),
    truncateText(jobName, MAX_STEP_NAME),
  );
}

function dialog(offered: OfferedAction, jobName: string, messages: Messages): ConfirmationDialog {
  const words = messages.stepActions;
  const plain = (text: string, max: number) => ({ type: "plain_text" as const, text: truncateText(text, max), emoji: true });
  return {
    title: plain(words.title[offered.action], SLACK_LIMITS.confirmTitle),
    text: plain(`${actionQuestion(offered, jobName, messages)} ${words.asYou}`, SLACK_LIMITS.confirmText),
    confirm: plain(words.yes[offered.action], SLACK_LIMITS.confirmButton),
    deny: plain(words.cancel, SLACK_LIMITS.confirmButton),
    ...(STYLE[offered.action] === "danger" ? { style: "danger" as const } : { style: "primary" as const }),
  };
}

function actionButton(offered: OfferedAction, index: number, jobName: string, on: PressedAction["on"], messages: Messages): Button {
  const value = encodePressedAction({ ref: offered.ref, stepInstanceId: offered.step?.stepInstanceId ?? 0, action: offered.action, on });
  const style = STYLE[offered.action];
  return {
    ...button({ text: messages.stepActions.button[offered.action], actionId: `${ACTION_IDS.stepAction}:${index}`, value, ...(style ? { style } : {}) }),
    confirm: dialog(offered, jobName, messages),
  };
}

function confirmationSection(offered: OfferedAction[], confirmation: Confirmation | null, messages: Messages): KnownBlock[] {
  const waiting = offered.find((action) => action.action === "confirm")?.step;
  if (!waiting || confirmation === null) return [];
  const words = messages.stepActions;
  const lines = [words.awaiting(`*${escapeMrkdwn(stepLabel(waiting))}*`)];
  if (confirmation.message.trim().length > 0) lines.push(words.confirmationText(escapeMrkdwn(truncateText(confirmation.message, 1_500))));
  if (confirmation.users.length > 0) lines.push(words.addressedTo(escapeMrkdwn(confirmation.users.slice(0, 20).join(", "))));
  return [section(lines.join("\n"), "step-confirmation")];
}

/** The blocks for `job`'s actions (none when bk-job would accept none now). */
export function stepActionBlocks(
  job: { ref: JobRef; name: string; status: number; steps: readonly ActionStep[] },
  options: ActionOptions,
  messages: Messages,
): KnownBlock[] {
  const offered = offeredActions(job);
  if (offered.length === 0) return [];
  const buttons = offered.map((action, index) => actionButton(action, index, job.name, options.on, messages));
  return [...confirmationSection(offered, options.confirmation, messages), actions(buttons, "step-actions")];
}

/** A short answer to the presser (refused, stale, under way) or the channel (what was done). */
export const actionNote = (text: string, blockId = "step-action-note"): SlackMessage => ({ text, blocks: [section(text, blockId)] });
