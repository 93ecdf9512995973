// The report → one Block Kit message: status, steps, failing hosts, log tails, buttons.
// Pure. Shrinks its log tails until the whole message fits Slack's limits table.
import type { Button, KnownBlock } from "@slack/types";
import { fitTailToBudget, truncateText } from "../core/log-text.js";
import { encodeHostRef } from "../core/host-ref.js";
import type { FailedHost, FileLogSummary, JobReport, StepSummary } from "../core/report-model.js";
import { REPORT_LISTED_HOSTS } from "../core/report-plan.js";
import { hostStatusLabel, PHASE_ICONS, runStatusLabel } from "./status-labels.js";
import type { Messages } from "../i18n/index.js";
import { ACTION_IDS } from "./action-ids.js";
import type { SlackMessage } from "../core/slack-message.js";
import { actions, button, context, divider, header, preformatted, section } from "./block-kit.js";
import { MAX_LOG_LINE, MAX_STEP_NAME, MAX_TAG } from "./display-caps.js";
import { detailPlans, fittedMessage, type DetailPlan } from "./fit-message.js";
import { formatCount, formatDuration, slackDate } from "./format.js";
import { hostsSummary, hostsSummaryWords } from "./report-summary.js";
import { stepActionBlocks, type ActionOptions } from "./step-action-blocks.js";
import { stepsSection } from "./steps-section.js";
import { causeDigestBlocks } from "./cause-digest-blocks.js";
import { hostLabel } from "./host-label.js";
import { bold, escapeMrkdwn, inlineCode, link } from "./mrkdwn.js";

/** Failing hosts listed (and given a Show log button) in one message; the rest are counted. */
export const MAX_LISTED_HOSTS = REPORT_LISTED_HOSTS;

/** From the richest to the plainest: how many hosts get a log tail, and how many lines each. */
const TAIL_PLANS = detailPlans([3, 20, 2_000], [2, 15, 1_500], [1, 15, 1_500], [1, 6, 600], [0, 0, 0]);

export { hostLabel };

function hostCountsText(counts: StepSummary["hosts"], messages: Messages): string {
  const parts: string[] = [];
  if (counts.success > 0) parts.push(`✓ ${formatCount(counts.success, messages)}`);
  if (counts.failed > 0) parts.push(`✗ ${formatCount(counts.failed, messages)}`);
  if (counts.running > 0) parts.push(`${PHASE_ICONS.running} ${formatCount(counts.running, messages)}`);
  if (counts.waiting > 0) parts.push(`… ${formatCount(counts.waiting, messages)}`);
  return parts.join(" ");
}

function stepLine(step: StepSummary, messages: Messages): string {
  const name = bold(`${step.index}. ${truncateText(step.name, MAX_STEP_NAME)}`);
  const parts = [`${PHASE_ICONS[step.phase]} ${name}`];
  if (step.phase === "pending") parts.push(messages.report.stepPending);
  else if (step.manualConfirm && step.phase === "waiting") parts.push(messages.report.stepWaiting);
  else {
    parts.push(runStatusLabel(step.status, messages));
    if (step.durationMs !== null) parts.push(formatDuration(step.durationMs, messages));
    const counts = hostCountsText(step.hosts, messages);
    if (counts) parts.push(counts);
  }
  return parts.join(" · ");
}

function summaryLine(report: JobReport, messages: Messages): string {
  const parts = [`${bold(runStatusLabel(report.status, messages))}`];
  const hosts = hostsSummary(report, messages);
  if (hosts !== null) parts.push(hosts);
  if (report.durationMs !== null) {
    const label = report.finished ? messages.report.took : messages.report.runningFor;
    parts.push(`${label} ${formatDuration(report.durationMs, messages)}`);
  }
  return parts.join(" · ");
}

function contextLine(report: JobReport, messages: Messages): string {
  const parts = [
    `${messages.report.business} ${report.ref.bizId}`,
    `${messages.report.job} ${report.ref.jobInstanceId}`,
  ];
  if (report.startTime) parts.push(`${messages.report.started} ${slackDate(report.startTime)}`);
  if (report.operator) parts.push(`${messages.report.by} ${escapeMrkdwn(report.operator)}`);
  if (report.webUrl) parts.push(link(report.webUrl, messages.report.openInJob));
  return parts.join(" · ");
}

function hostLine(host: FailedHost, messages: Messages): string {
  const parts = [
    `• ${inlineCode(hostLabel(host))}`,
    `${messages.report.bkNet} ${host.bkCloudId}`,
    `${messages.report.exitCode} ${host.exitCode}`,
  ];
  // The GSE error code when it says something; the gateway's grouped status does not carry it.
  if (host.errorCode !== null && host.errorCode !== 0) parts.push(`${messages.report.errorCode} ${host.errorCode}`);
  if (host.durationMs !== null) parts.push(formatDuration(host.durationMs, messages));
  return parts.join(" · ");
}

/** "*Non-zero Exit Code* · tag `disk_full` · step 2. deploy-web · 3 hosts", upstream text escaped. */
export function hostGroupTitle(
  group: { ipStatus: number; tag: string; stepIndex: number; stepName: string; hostCount: number },
  messages: Messages,
): string {
  const tag = group.tag.trim().length > 0 ? escapeMrkdwn(truncateText(group.tag.replace(/`/g, "'"), MAX_TAG)) : null;
  return messages.report.groupTitle(
    escapeMrkdwn(hostStatusLabel(group.ipStatus, messages)),
    tag,
    escapeMrkdwn(`${group.stepIndex}. ${truncateText(group.stepName, MAX_STEP_NAME)}`),
    formatCount(group.hostCount, messages),
  );
}

/** The failing hosts listed, in BK-JOB's order (step, then group), at most MAX_LISTED_HOSTS. */
function listedHosts(report: JobReport): FailedHost[] {
  return report.failureGroups.flatMap((group) => group.hosts).slice(0, MAX_LISTED_HOSTS);
}

function failureBlocks(report: JobReport, messages: Messages, withHeading = true): KnownBlock[] {
  if (report.failureGroups.length === 0) return [];
  const blocks: KnownBlock[] = withHeading
    ? [divider(), section(bold(messages.report.failingHosts(formatCount(report.failedHostCount, messages))))]
    : [];
  let remaining = MAX_LISTED_HOSTS;
  let listedEntries = 0;
  // Groups list only their first hosts; their counts are exact.
  const totalEntries = report.failureGroups.reduce((sum, group) => sum + (group.hostCount ?? group.hosts.length), 0);
  for (const [index, group] of report.failureGroups.entries()) {
    if (remaining <= 0) break;
    const shown = group.hosts.slice(0, remaining);
    remaining -= shown.length;
    listedEntries += shown.length;
    const title = hostGroupTitle({ ...group, hostCount: group.hostCount ?? group.hosts.length }, messages);
    blocks.push(section([title, ...shown.map((host) => hostLine(host, messages))].join("\n"), `group-${index}`));
  }
  if (listedEntries < totalEntries) {
    blocks.push(context([messages.report.andMoreHosts(formatCount(totalEntries - listedEntries, messages))]));
  }
  if (report.logsWithheld) blocks.push(context([messages.access.logsWithheld(inlineCode(report.logsWithheld.rule))], "logs-withheld"));
  return blocks;
}

/** A fetched script log with output, or a file step's per-file results. */
function hasSomethingToShow(host: FailedHost): boolean {
  if (host.logFetched === false) return false;
  return (host.fileLogs?.length ?? 0) > 0 || !host.logIsEmpty;
}

const FILE_ARROWS = { upload: "↑", download: "↓" } as const;

/** A file step's host: a line per file (source → destination · status), then its last log line. */
function fileLogBlocks(
  host: FailedHost,
  files: FileLogSummary[],
  plan: DetailPlan,
  index: number,
  messages: Messages,
): KnownBlock[] {
  const lines: string[] = [];
  for (const file of files) {
    const status = messages.report.fileStatus[file.status] ?? messages.unknownStatus(file.status);
    const route = file.destination ? `${file.source} → ${file.destination}` : `${file.source} (${messages.report.fileUpload})`;
    lines.push(truncateText(`${FILE_ARROWS[file.mode]} ${route} · ${status}`, MAX_LOG_LINE));
    if (file.lastLine) lines.push(truncateText(`  ${file.lastLine}`, MAX_LOG_LINE));
  }
  // The first files, whole lines, within the plan's budget.
  const kept: string[] = [];
  let used = 0;
  for (const line of lines.slice(0, plan.lines)) {
    if (used + line.length + 1 > plan.chars) break;
    kept.push(line);
    used += line.length + 1;
  }
  return [
    context([messages.report.fileLogsLabel(inlineCode(hostLabel(host)), formatCount(files.length, messages))], `tail-label-${index}`),
    preformatted(kept.join("\n"), `tail-${index}`),
  ];
}

function tailBlocks(report: JobReport, plan: DetailPlan, messages: Messages): KnownBlock[] {
  if (plan.hosts === 0) return [];
  const blocks: KnownBlock[] = [];
  const withLogs = listedHosts(report).filter(hasSomethingToShow).slice(0, plan.hosts);
  for (const [index, host] of withLogs.entries()) {
    if (host.fileLogs && host.fileLogs.length > 0) {
      blocks.push(...fileLogBlocks(host, host.fileLogs, plan, index, messages));
      continue;
    }
    const lines = fitTailToBudget(host.logTail.slice(-plan.lines), plan.chars, MAX_LOG_LINE);
    const text = lines.length > 0 ? lines.join("\n") : truncateText(host.logTail.at(-1) ?? "", plan.chars);
    blocks.push(
      context([messages.report.logTailLabel(inlineCode(hostLabel(host)), formatCount(lines.length, messages))], `tail-label-${index}`),
      preformatted(text, `tail-${index}`),
    );
  }
  return blocks;
}

function buttons(report: JobReport, messages: Messages, offerFollow = true): KnownBlock[] {
  // Where the access rules keep log text out, there is no log to open either.
  const logged = report.logsWithheld ? [] : listedHosts(report);
  const elements: Button[] = logged.map((host, index) =>
    button({
      text: messages.report.showLog(hostLabel(host)),
      actionId: `${ACTION_IDS.showLog}:${index}`,
      value: encodeHostRef(host.ref),
    }),
  );
  if (offerFollow && !report.finished) {
    elements.unshift(button({ text: messages.report.follow, actionId: ACTION_IDS.followJob, value: JSON.stringify(report.ref), style: "primary" }));
  }
  if (report.webUrl) {
    elements.push(button({ text: messages.report.openInJob, actionId: ACTION_IDS.openInJob, url: report.webUrl }));
  }
  return elements.length > 0 ? [actions(elements, "report-actions")] : [];
}

/** The richest message that fits Slack's limits: log tails shrink until it does. */
function fitted(text: string, head: KnownBlock[], report: JobReport, tail: KnownBlock[], messages: Messages): SlackMessage {
  const layout = { text, head, tail, headKept: 4, omitted: messages.report.moreOmitted };
  return fittedMessage(layout, TAIL_PLANS, (plan) => tailBlocks(report, plan, messages));
}

/**
 * Failing hosts only, under a lead line: a follow's thread reply when a step or hosts fail.
 * `report` should hold just the groups to show (see core/report-filter.ts).
 */
export function renderFailureDetail(report: JobReport, lead: string, fallback: string, messages: Messages, stepIds?: readonly number[]): SlackMessage {
  // Hosts are named once in a follow's thread: a reply with no new failing hosts gives only the causes.
  const causes = causeDigestBlocks(report.causes, messages, {
    stepIds: stepIds ?? [...new Set(report.failureGroups.map((group) => group.stepInstanceId))],
    nameHosts: report.failureGroups.length > 0,
  });
  return fitted(fallback, [section(lead, "lead"), ...causes, ...failureBlocks(report, messages, false)], report, buttons(report, messages, false), messages);
}

export function reportFallbackText(report: JobReport, messages: Messages): string {
  const summary = hostsSummaryWords(report, messages);
  return escapeMrkdwn(
    messages.report.fallback(PHASE_ICONS[report.phase], `${report.name} (#${report.ref.jobInstanceId})`, runStatusLabel(report.status, messages), summary),
  );
}

/** `note`: a line above the report saying why it is shown (e.g. the job to follow has already ended). */
export function renderReportMessage(report: JobReport, messages: Messages, options: { note?: string; actions?: ActionOptions } = {}): SlackMessage {
  const head: KnownBlock[] = [
    ...(options.note ? [context([options.note], "note")] : []),
    header(`${PHASE_ICONS[report.phase]} ${report.name}`),
    section(summaryLine(report, messages), "summary"),
    context([contextLine(report, messages)], "context"),
    ...causeDigestBlocks(report.causes, messages),
    section(stepsSection(report.steps, (step) => stepLine(step, messages), messages), "steps"),
    ...failureBlocks(report, messages),
  ];
  const tail = [...(options.actions ? stepActionBlocks(report, options.actions, messages) : []), ...buttons(report, messages)];
  return fitted(reportFallbackText(report, messages), head, report, tail, messages);
}
