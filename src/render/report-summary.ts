// The words of a report's one-line summary that every rendering shares (Slack message, terminal
// text): how many hosts failed, succeeded or are done. Pure.
import type { JobReport } from "../core/report-model.js";
import type { Messages } from "../i18n/index.js";
import { formatCount } from "./format.js";

/** "7 of 18 hosts failed", "all 6 hosts succeeded", "3 of 6 hosts done"; null for a job without hosts. */
export function hostsSummary(report: JobReport, messages: Messages): string | null {
  const { hosts } = report;
  if (hosts.total === 0) return null;
  const total = formatCount(hosts.total, messages);
  if (hosts.failed > 0) return messages.report.hostsSummary(formatCount(hosts.failed, messages), total);
  if (report.finished) return messages.report.allHostsOk(total);
  return messages.report.hostsProgress(formatCount(hosts.success, messages), total);
}
