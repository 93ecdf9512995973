// The report as terminal text, for `joblog <biz> <job>`: the same content as the Slack message
// (status, context, steps, failing hosts by group, log tails) in the reader's language. Pure;
// colours come only from the style passed in. Upstream text is stripped of escape sequences and
// control characters (a job name must not drive the terminal), and lines are cut at grapheme
// boundaries, never inside a CJK character or an emoji.
import { cleanLogText, fitTailToBudget, truncateText } from "../core/log-text.js";
import type { FailedHost, JobReport, StepSummary } from "../core/report-model.js";
import { hostStatusLabel, PHASE_ICONS, runStatusLabel } from "./status-labels.js";
import type { Messages } from "../i18n/index.js";
import { MAX_LOG_LINE, MAX_STEP_NAME, MAX_TAG } from "./display-caps.js";
import { formatBkTime, formatCount, formatDuration } from "./format.js";
import { hostLabel, MAX_LISTED_HOSTS } from "./report-message.js";
import { hostsSummary } from "./report-summary.js";
import { plainStyle, type TextStyle } from "./text-style.js";
import { causeDigestLines } from "./cause-digest-text.js";

// As the Slack message's richest plan: three hosts' tails of twenty lines, long lines cut.
const TAIL_HOSTS = 3;
const TAIL_LINES = 20;
const TAIL_CHARS = 4_000;

export interface TextReportOptions {
  style?: TextStyle;
}

/** Upstream text on one terminal line. */
const safe = (text: string) => cleanLogText(text).replace(/[\n\t]+/g, " ");

// Message templates hold mrkdwn marks (*bold*, `code`) around their arguments. Arguments go in as
// placeholders, the marks are dropped from what is left, then the (styled) arguments go back in:
// a `*` in a step name survives, a `*` of the template does not.
const SLOT = /\u0001(\d+)\u0002/g;
function fill(render: (slot: (value: string) => string) => string): string {
  const values: string[] = [];
  const slot = (value: string) => `\u0001${values.push(value) - 1}\u0002`;
  return render(slot).replace(/[*`]/g, "").replace(SLOT, (_whole, index: string) => values[Number(index)] ?? "");
}

function hostCounts(counts: StepSummary["hosts"], messages: Messages, style: TextStyle): string {
  const parts: string[] = [];
  if (counts.success > 0) parts.push(style.phase("success", `✓ ${formatCount(counts.success, messages)}`));
  if (counts.failed > 0) parts.push(style.phase("failed", `✗ ${formatCount(counts.failed, messages)}`));
  if (counts.running > 0) parts.push(style.phase("running", `${PHASE_ICONS.running} ${formatCount(counts.running, messages)}`));
  if (counts.waiting > 0) parts.push(style.phase("waiting", `… ${formatCount(counts.waiting, messages)}`));
  return parts.join(" ");
}

function stepLine(step: StepSummary, messages: Messages, style: TextStyle): string {
  const parts = [`${PHASE_ICONS[step.phase]} ${style.bold(`${step.index}. ${truncateText(safe(step.name), MAX_STEP_NAME)}`)}`];
  if (step.phase === "pending") parts.push(style.dim(messages.report.stepPending));
  else if (step.manualConfirm && step.phase === "waiting") parts.push(style.phase("waiting", messages.report.stepWaiting));
  else {
    parts.push(style.phase(step.phase, runStatusLabel(step.status, messages)));
    if (step.durationMs !== null) parts.push(formatDuration(step.durationMs, messages));
    const counts = hostCounts(step.hosts, messages, style);
    if (counts) parts.push(counts);
  }
  return parts.join(" · ");
}

function summaryLine(report: JobReport, messages: Messages, style: TextStyle): string {
  const parts = [style.phase(report.phase, style.bold(runStatusLabel(report.status, messages)))];
  const hosts = hostsSummary(report, messages);
  if (hosts !== null) parts.push(hosts);
  if (report.durationMs !== null) {
    parts.push(`${report.finished ? messages.report.took : messages.report.runningFor} ${formatDuration(report.durationMs, messages)}`);
  }
  return parts.join(" · ");
}

function contextLines(report: JobReport, messages: Messages, style: TextStyle): string[] {
  const parts = [`${messages.report.business} ${report.ref.bizId}`, `${messages.report.job} ${report.ref.jobInstanceId}`];
  if (report.startTime) parts.push(`${messages.report.started} ${formatBkTime(report.startTime)}`);
  if (report.operator) parts.push(`${messages.report.by} ${safe(report.operator)}`);
  const lines = [style.dim(parts.join(" · "))];
  if (report.webUrl) lines.push(style.dim(`${messages.report.openInJob}: ${report.webUrl}`));
  return lines;
}

function hostLine(host: FailedHost, messages: Messages, style: TextStyle): string {
  const parts = [
    `  • ${style.code(safe(hostLabel(host)))}`,
    `${messages.report.bkNet} ${host.bkCloudId}`,
    `${messages.report.exitCode} ${host.exitCode}`,
  ];
  // As in the Slack message: the GSE error code only when it says something (0 is "no error"),
  // and nothing when the gateway's grouped status does not carry it.
  if (host.errorCode !== null && host.errorCode !== 0) parts.push(`${messages.report.errorCode} ${host.errorCode}`);
  if (host.durationMs !== null) parts.push(formatDuration(host.durationMs, messages));
  return parts.join(" · ");
}

function failureLines(report: JobReport, messages: Messages, style: TextStyle): string[] {
  if (report.failureGroups.length === 0) return [];
  const lines = ["", style.bold(messages.report.failingHosts(formatCount(report.failedHostCount, messages)))];
  let remaining = MAX_LISTED_HOSTS;
  let listed = 0;
  // Groups list only their first hosts; their counts are exact.
  const total = report.failureGroups.reduce((sum, group) => sum + (group.hostCount ?? group.hosts.length), 0);
  for (const group of report.failureGroups) {
    if (remaining <= 0) break;
    const shown = group.hosts.slice(0, remaining);
    remaining -= shown.length;
    listed += shown.length;
    const tag = group.tag.trim().length > 0 ? truncateText(safe(group.tag), MAX_TAG) : null;
    const status = style.phase("failed", style.bold(hostStatusLabel(group.ipStatus, messages)));
    const step = `${group.stepIndex}. ${truncateText(safe(group.stepName), MAX_STEP_NAME)}`;
    const count = formatCount(group.hostCount ?? group.hosts.length, messages);
    lines.push(fill((slot) => messages.report.groupTitle(slot(status), tag === null ? null : slot(tag), slot(step), count)));
    lines.push(...shown.map((host) => hostLine(host, messages, style)));
  }
  if (listed < total) lines.push(style.dim(fill(() => messages.report.andMoreHosts(formatCount(total - listed, messages)))));
  return lines;
}

function tailLines(report: JobReport, messages: Messages, style: TextStyle): string[] {
  const withLogs = report.failureGroups
    .flatMap((group) => group.hosts)
    .slice(0, MAX_LISTED_HOSTS)
    .filter((host) => host.logFetched !== false && !host.logIsEmpty)
    .slice(0, TAIL_HOSTS);
  return withLogs.flatMap((host) => {
    const lines = fitTailToBudget(host.logTail.slice(-TAIL_LINES), TAIL_CHARS, MAX_LOG_LINE);
    const label = fill((slot) => messages.report.logTailLabel(slot(style.code(safe(hostLabel(host)))), formatCount(lines.length, messages)));
    return ["", style.dim(label), ...lines.map((line) => `${style.dim("  │")} ${line}`)];
  });
}

export function renderTextReport(report: JobReport, messages: Messages, options: TextReportOptions = {}): string {
  const style = options.style ?? plainStyle;
  const steps = report.steps.length > 0 ? report.steps.map((step) => stepLine(step, messages, style)) : [messages.report.noSteps];
  const lines = [
    style.phase(report.phase, style.bold(`${PHASE_ICONS[report.phase]} ${safe(report.name)}`)),
    summaryLine(report, messages, style),
    ...contextLines(report, messages, style),
    ...causeDigestLines(report.causes, messages, style),
    "",
    ...steps,
    ...failureLines(report, messages, style),
    ...tailLines(report, messages, style),
  ];
  return `${lines.join("\n")}\n`;
}
