// What a report's one-line summary says about its hosts, whatever renders it (Slack message,
// fallback text, terminal): how many failed, else that all succeeded (a finished job), else how
// many are done. Pure; the words are src/render/report-summary.ts.
import type { JobReport } from "./report-model.js";

export type HostsSummary =
  | { kind: "failed"; failed: number; total: number }
  | { kind: "all_succeeded"; total: number }
  | { kind: "done"; done: number; total: number };

export function summariseHosts(report: Pick<JobReport, "hosts" | "finished">): HostsSummary {
  const { hosts } = report;
  if (hosts.failed > 0) return { kind: "failed", failed: hosts.failed, total: hosts.total };
  if (report.finished) return { kind: "all_succeeded", total: hosts.total };
  return { kind: "done", done: hosts.success, total: hosts.total };
}
