// A pasted JOB link → a compact preview: status, the failed (or current) step, failing hosts,
// duration. Pure.
import type { KnownBlock } from "@slack/types";
import { truncateText } from "../core/log-text.js";
import type { JobReport } from "../core/report-model.js";
import { PHASE_ICONS, runStatusLabel } from "./status-labels.js";
import type { Messages } from "../i18n/index.js";
import { context, section } from "./block-kit.js";
import { formatCount, formatDuration } from "./format.js";
import { bold, escapeMrkdwn } from "./mrkdwn.js";

export function renderUnfurl(report: JobReport, messages: Messages): { blocks: KnownBlock[] } {
  const parts = [`${PHASE_ICONS[report.phase]} ${bold(truncateText(report.name, 100))}`, runStatusLabel(report.status, messages)];
  const failedStep = report.steps.find((step) => step.phase === "failed" || step.phase === "stopped");
  const currentStep = report.steps.find((step) => step.phase === "running" || step.phase === "waiting");
  if (failedStep) parts.push(escapeMrkdwn(messages.unfurl.failedStep(`${failedStep.index}. ${truncateText(failedStep.name, 80)}`)));
  else if (currentStep) parts.push(escapeMrkdwn(messages.unfurl.currentStep(`${currentStep.index}. ${truncateText(currentStep.name, 80)}`)));
  if (report.failedHostCount > 0) parts.push(messages.unfurl.failingHosts(formatCount(report.failedHostCount, messages)));
  if (report.durationMs !== null) parts.push(formatDuration(report.durationMs, messages));
  return {
    blocks: [
      section(parts.join(" · "), "unfurl"),
      context([`${messages.report.business} ${report.ref.bizId} · ${messages.report.job} ${report.ref.jobInstanceId}`], "unfurl-context"),
    ],
  };
}
