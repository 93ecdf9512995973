// The words of a report's hosts summary that every rendering shares (Slack message, its fallback
// text, terminal text): "7 of 18 hosts failed", "all 6 hosts succeeded", "3 of 6 hosts done".
// Which one is core/hosts-summary.ts's rule. Pure.
import { summariseHosts } from "../core/hosts-summary.js";
import type { JobReport } from "../core/report-model.js";
import type { Messages } from "../i18n/index.js";
import { formatCount } from "./format.js";

/** The words, even for a job without hosts (the fallback text always names its hosts). */
export function hostsSummaryWords(report: JobReport, messages: Messages): string {
  const summary = summariseHosts(report);
  const total = formatCount(summary.total, messages);
  switch (summary.kind) {
    case "failed":
      return messages.report.hostsSummary(formatCount(summary.failed, messages), total);
    case "all_succeeded":
      return messages.report.allHostsOk(total);
    case "done":
      return messages.report.hostsProgress(formatCount(summary.done, messages), total);
  }
}

/** The words for the summary line; null for a job without hosts (the line then leaves them out). */
export function hostsSummary(report: JobReport, messages: Messages): string | null {
  return report.hosts.total === 0 ? null : hostsSummaryWords(report, messages);
}
