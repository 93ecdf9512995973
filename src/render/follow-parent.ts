// The live parent message of a followed job: overall status, elapsed time, one compact line per
// step, who is following, and the Stop following / Show log buttons. Pure; edited in place.
import type { Button, KnownBlock } from "@slack/types";
import { truncateText } from "../core/log-text.js";
import { RUN_STATUS_WAITING_CONFIRMATION } from "../core/status.js";
import { PHASE_ICONS, runStatusLabel } from "./status-labels.js";
import type { ParentInput } from "../core/follow-model.js";
import type { StepProgress } from "../core/follow-progress.js";
import type { Messages } from "../i18n/index.js";
import { ACTION_IDS } from "./action-ids.js";
import { MAX_FOLLOW_STEP_NAME } from "./display-caps.js";
import type { SlackMessage } from "../core/slack-message.js";
import { actions, button, context, header, section } from "./block-kit.js";
import { formatCount, formatDuration, slackDate } from "./format.js";
import { stepActionBlocks, type ActionOptions } from "./step-action-blocks.js";
import { stepsSection } from "./steps-section.js";
import { bold, escapeMrkdwn, link } from "./mrkdwn.js";

function stepLine(step: StepProgress, messages: Messages): string {
  const parts = [`${PHASE_ICONS[step.phase]} ${bold(`${step.index}. ${truncateText(step.name, MAX_FOLLOW_STEP_NAME)}`)}`];
  if (step.phase === "pending") parts.push(messages.report.stepPending);
  else if (step.status === RUN_STATUS_WAITING_CONFIRMATION) parts.push(messages.report.stepWaiting);
  else {
    if (step.hosts.total > 0) {
      const done = step.hosts.success + step.hosts.failed;
      parts.push(messages.follow.stepHosts(formatCount(done, messages), formatCount(step.hosts.total, messages)));
    }
    if (step.hosts.failed > 0) parts.push(`✗ ${formatCount(step.hosts.failed, messages)}`);
    if (step.durationMs !== null) parts.push(formatDuration(step.durationMs, messages));
  }
  return parts.join(" · ");
}

function endedText(ended: NonNullable<ParentInput["ended"]>, input: ParentInput, messages: Messages): string {
  const words = messages.follow.ended;
  switch (ended.reason) {
    case "stopped":
      return words.stopped(ended.by ? `<@${ended.by}>` : "?");
    case "max_duration":
      return words.max_duration(String(input.maxHours));
    default:
      return words[ended.reason];
  }
}

export function renderFollowParent(input: ParentInput, messages: Messages, actionOptions?: ActionOptions): SlackMessage {
  const { progress, follow } = input;
  const failed = progress.steps.reduce((sum, step) => sum + step.hosts.failed, 0);
  const status = runStatusLabel(progress.status, messages);
  // The step in hand: the first still running or waiting, else the last one that started.
  const current =
    progress.steps.find((step) => step.phase === "running" || step.phase === "waiting") ??
    [...progress.steps].reverse().find((step) => step.phase !== "pending");
  const summary = [bold(status)];
  if (current && progress.steps.length > 0) {
    summary.push(messages.follow.stepOf(formatCount(current.index, messages), formatCount(progress.steps.length, messages)));
  }
  if (failed > 0) summary.push(messages.follow.failedCount(formatCount(failed, messages)));
  if (progress.durationMs !== null) {
    const duration = formatDuration(progress.durationMs, messages);
    summary.push(progress.finished ? messages.follow.took(duration) : messages.follow.elapsed(duration));
  }

  const about = [`${messages.report.business} ${follow.ref.bizId}`, `${messages.report.job} ${follow.ref.jobInstanceId}`];
  if (progress.startTime) about.push(`${messages.report.started} ${slackDate(progress.startTime)}`);
  about.push(messages.follow.followedBy(`<@${follow.startedBy}>`) + (follow.failuresOnly ? ` (${messages.follow.failuresOnly})` : ""));
  if (input.webUrl) about.push(link(input.webUrl, messages.report.openInJob));

  const blocks: KnownBlock[] = [
    header(`${PHASE_ICONS[progress.phase]} ${progress.name}`, "follow-header"),
    section(summary.join(" · "), "follow-summary"),
    section(stepsSection(progress.steps, (step) => stepLine(step, messages), messages), "follow-steps"),
    context(about, "follow-context"),
  ];
  if (input.ended) blocks.push(context([endedText(input.ended, input, messages)], "follow-ended"));

  const elements: Button[] = [];
  if (!input.ended) elements.push(button({ text: messages.follow.stop, actionId: ACTION_IDS.stopFollowing, value: follow.id, style: "danger" }));
  elements.push(button({ text: messages.follow.showReport, actionId: ACTION_IDS.followReport, value: JSON.stringify(follow.ref) }));
  if (actionOptions) blocks.push(...stepActionBlocks({ ...progress, ref: follow.ref }, actionOptions, messages));
  blocks.push(actions(elements, "follow-actions"));

  const text = escapeMrkdwn(`${PHASE_ICONS[progress.phase]} ${progress.name} (#${follow.ref.jobInstanceId}): ${status}`);
  return { text, blocks };
}
