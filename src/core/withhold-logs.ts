// A report with its log text taken out, for channels where the access rules keep logs out:
// statuses, failing hosts and exit codes stay; tails, file log lines and grep lines go.
import type { JobReport } from "./report-model.js";

export function withholdLogs(report: JobReport, rule: string): JobReport {
  return {
    ...report,
    failureGroups: report.failureGroups.map((group) => ({
      ...group,
      hosts: group.hosts.map((host) => ({
        ...host,
        logTail: [],
        logFetched: false,
        fileLogs: host.fileLogs ? host.fileLogs.map((file) => ({ ...file, lastLine: null })) : (host.fileLogs ?? null),
      })),
    })),
    grep: report.grep
      ? { ...report.grep, groups: report.grep.groups.map((group) => ({ ...group, hosts: group.hosts.map((host) => ({ ...host, matches: [], logFetched: false })) })) }
      : (report.grep ?? null),
    // A cause is told by its log lines: none where logs are kept out.
    causes: null,
    logsWithheld: { rule },
  };
}

/** The report as it may be shown where `withheldBy` (an access rule, or null) applies. */
export function reportShown(report: JobReport, withheldBy: string | null): JobReport {
  return withheldBy === null ? report : withholdLogs(report, withheldBy);
}
