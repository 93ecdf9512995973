// What joblog says about an action on a job: what was done and by whom (to the channel), and,
// to the presser alone, why nothing was sent (out of date, under way) or why BK-JOB refused, in
// words, with BK-JOB's code. Pure.
import type { UpstreamError } from "../core/upstream-error.js";
import type { StepAction } from "../core/step-actions.js";
import type { SlackMessage } from "../core/slack-message.js";
import type { Messages } from "../i18n/index.js";
import { section } from "./block-kit.js";
import { describeUpstreamError, renderUpstreamError, type ErrorContext } from "./error-message.js";
import { slackDate } from "./format.js";
import { escapeMrkdwn } from "./mrkdwn.js";
import { runStatusLabel } from "./status-labels.js";

/**
 * The person who acted, as a mention joblog writes itself (a Slack user id from Slack's signed
 * request, the same as the follow message's "followed by"); anything else is shown as text.
 */
export const personMention = (userId: string): string => (/^[UW][A-Z0-9]{2,}$/.test(userId) ? `<@${userId}>` : escapeMrkdwn(userId));

/** "🔁 Retry of the failed hosts of step 2 deploy-web started by @alice at 03:12", mrkdwn. */
export function actionDoneText(action: StepAction, step: string, userId: string, at: Date, messages: Messages): string {
  return messages.stepActions.done[action](escapeMrkdwn(step), personMention(userId), slackDate(at));
}

const note = (text: string): SlackMessage => ({ text, blocks: [section(text, "step-action-note")] });

export function renderUnderWay(done: string, messages: Messages): SlackMessage {
  return note(messages.stepActions.underWay(done));
}

export function renderBeingSent(userId: string, messages: Messages): SlackMessage {
  return note(messages.stepActions.sending(personMention(userId)));
}

/** The button no longer matches BK-JOB's state: the step's (or, for terminate, the job's) status now. */
export function renderStale(target: { step: string; status: number } | { job: number; status: number }, messages: Messages): SlackMessage {
  const words = messages.stepActions;
  const status = escapeMrkdwn(runStatusLabel(target.status, messages));
  return note("step" in target ? words.staleStep(escapeMrkdwn(target.step), status) : words.staleJob(String(target.job), status));
}

export function renderStepGone(jobInstanceId: number, messages: Messages): SlackMessage {
  return note(messages.stepActions.stepGone(String(jobInstanceId)));
}

/** BK-JOB refused the operation: what its code means for an action, then the usual account of the error. */
export function renderActionRefusal(error: UpstreamError, where: ErrorContext, messages: Messages): SlackMessage {
  const words = messages.stepActions;
  const meaning = error.code !== null ? words.refused[error.code] : undefined;
  // A permission refusal keeps the usual lines after the first (the permission to apply for, the link).
  const lead =
    error.kind === "no_permission"
      ? [words.noPermission(escapeMrkdwn(where.actingUser)), ...describeUpstreamError(error, where, messages).split("\n").slice(1)].join("\n")
      : meaning;
  const usual = renderUpstreamError(error, where, messages);
  if (lead === undefined) return usual;
  const text = `${words.refusedHeading} ${lead}`;
  return { text, blocks: [section(`*${words.refusedHeading}*\n${lead}`, "step-action-refused"), ...usual.blocks.slice(1)] };
}
