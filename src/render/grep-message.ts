// `/joblog <biz> <job> grep <text>` → one Block Kit message: which hosts' logs contain the text,
// grouped like the report (step, status, tag), with their matching lines and a Show log button
// each. Pure. Shrinks the matching lines until the whole message fits Slack's limits table.
import type { Button, KnownBlock } from "@slack/types";
import { truncateText } from "../core/log-text.js";
import { encodeHostRef } from "../core/host-ref.js";
import type { GrepHost, GrepReport, JobReport } from "../core/report-model.js";
import { GREP_LISTED_HOSTS } from "../core/report-plan.js";
import { PHASE_ICONS, runStatusLabel } from "./status-labels.js";
import type { Messages } from "../i18n/index.js";
import { ACTION_IDS } from "./action-ids.js";
import type { SlackMessage } from "../core/slack-message.js";
import { actions, button, context, divider, header, preformatted, section } from "./block-kit.js";
import { MAX_LOG_LINE, MAX_STEP_NAME } from "./display-caps.js";
import { detailPlans, fittedMessage, type DetailPlan } from "./fit-message.js";
import { formatCount } from "./format.js";
import { escapeMrkdwn, inlineCode } from "./mrkdwn.js";
import { hostGroupTitle, hostLabel, renderReportMessage } from "./report-message.js";

const MAX_SEARCH_SHOWN = 100;

/** From the richest to the plainest: how many hosts show their matching lines, and how many. */
const MATCH_PLANS = detailPlans([5, 10, 1_500], [3, 8, 1_000], [2, 5, 600], [1, 3, 300], [0, 0, 0]);

function searched(grep: GrepReport): string {
  return inlineCode(truncateText(grep.text, MAX_SEARCH_SHOWN));
}

function listedHosts(grep: GrepReport): GrepHost[] {
  return grep.groups.flatMap((group) => group.hosts).slice(0, GREP_LISTED_HOSTS);
}

function hostLine(host: GrepHost, messages: Messages): string {
  const parts = [`• ${inlineCode(hostLabel(host))}`, `${messages.report.bkNet} ${host.bkCloudId}`, `${messages.report.exitCode} ${host.exitCode}`];
  parts.push(host.logFetched ? messages.grep.hostLine(formatCount(host.matchCount, messages)) : messages.grep.notRead);
  return parts.join(" · ");
}

function groupBlocks(grep: GrepReport, messages: Messages): KnownBlock[] {
  const blocks: KnownBlock[] = [];
  let remaining = GREP_LISTED_HOSTS;
  let listed = 0;
  for (const [index, group] of grep.groups.entries()) {
    if (remaining <= 0) break;
    const shown = group.hosts.slice(0, remaining);
    remaining -= shown.length;
    listed += shown.length;
    const title = hostGroupTitle(group, messages);
    blocks.push(section([title, ...shown.map((host) => hostLine(host, messages))].join("\n"), `grep-group-${index}`));
  }
  if (listed < grep.matchedHostCount) {
    blocks.push(context([messages.grep.andMoreHosts(formatCount(grep.matchedHostCount - listed, messages))], "grep-more"));
  }
  return blocks;
}

function matchBlocks(grep: GrepReport, plan: DetailPlan, messages: Messages): KnownBlock[] {
  if (plan.hosts === 0) return [];
  const blocks: KnownBlock[] = [];
  const withLines = listedHosts(grep)
    .filter((host) => host.logFetched)
    .slice(0, plan.hosts);
  for (const [index, host] of withLines.entries()) {
    const width = String(host.matches.at(-1)?.lineNumber ?? 0).length;
    const kept: string[] = [];
    let used = 0;
    for (const match of host.matches.slice(0, plan.lines)) {
      const line = truncateText(`${String(match.lineNumber).padStart(width)} │ ${match.text}`, MAX_LOG_LINE);
      if (used + line.length + 1 > plan.chars) break;
      kept.push(line);
      used += line.length + 1;
    }
    const label = messages.grep.matchesLabel(
      inlineCode(hostLabel(host)),
      formatCount(kept.length, messages),
      formatCount(host.matchCount, messages),
    );
    blocks.push(
      context([label], `grep-label-${index}`),
      preformatted(kept.length > 0 ? kept.join("\n") : messages.grep.noLineFound, `grep-lines-${index}`),
    );
  }
  return blocks;
}

function buttons(report: JobReport, grep: GrepReport, messages: Messages): KnownBlock[] {
  const elements: Button[] = listedHosts(grep).map((host, index) =>
    button({ text: messages.report.showLog(hostLabel(host)), actionId: `${ACTION_IDS.showLog}:${index}`, value: encodeHostRef(host.ref) }),
  );
  if (report.webUrl) elements.push(button({ text: messages.report.openInJob, actionId: ACTION_IDS.openInJob, url: report.webUrl }));
  return elements.length > 0 ? [actions(elements, "grep-actions")] : [];
}

/** The log search's answer; a report without a search renders as the report itself. */
export function renderGrepMessage(report: JobReport, messages: Messages): SlackMessage {
  const grep = report.grep;
  if (!grep) return renderReportMessage(report, messages);
  const found = grep.matchedHostCount > 0;
  const summary = found
    ? messages.grep.summary(formatCount(grep.matchedHostCount, messages), searched(grep))
    : messages.grep.noMatch(searched(grep));
  const where = [
    `${messages.report.business} ${report.ref.bizId}`,
    `${messages.report.job} ${report.ref.jobInstanceId}`,
    runStatusLabel(report.status, messages),
  ].join(" · ");
  const head: KnownBlock[] = [header(`${PHASE_ICONS[report.phase]} ${report.name}`), section(summary, "grep-summary"), context([where], "grep-context")];
  if (grep.skippedSteps.length > 0) {
    const steps = grep.skippedSteps.map((step) => escapeMrkdwn(`${step.index}. ${truncateText(step.name, MAX_STEP_NAME)}`)).join(", ");
    head.push(context([messages.grep.skippedFileSteps(steps)], "grep-skipped"));
  }
  if (found) head.push(divider(), ...groupBlocks(grep, messages));
  const text = escapeMrkdwn(`${PHASE_ICONS[report.phase]} ${report.name} (#${report.ref.jobInstanceId}): `) + summary;
  const tail = buttons(report, grep, messages);
  const layout = { text, head, tail, headKept: 3, omitted: messages.report.moreOmitted };
  return fittedMessage(layout, MATCH_PLANS, (plan) => matchBlocks(grep, plan, messages));
}
