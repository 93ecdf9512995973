// Narrows a report to some failing hosts of one step: what a follow's thread reply shows when
// those hosts fail. Pure.
import { hostIdentityKey } from "./host-identity.js";
import type { JobReport } from "./report-model.js";

export function onlyFailedHosts(report: JobReport, stepInstanceId: number, hostKeys: readonly string[]): JobReport {
  const wanted = new Set(hostKeys);
  const failureGroups = report.failureGroups
    .filter((group) => group.stepInstanceId === stepInstanceId)
    .map((group) => {
      const hosts = group.hosts.filter((host) => wanted.has(hostIdentityKey(host) ?? ""));
      // The group's own count is of every failing host in it; this narrowed group holds only these.
      return { ...group, hostCount: hosts.length, hosts };
    })
    .filter((group) => group.hosts.length > 0);
  const failedHostCount = failureGroups.reduce((sum, group) => sum + group.hosts.length, 0);
  return { ...report, failureGroups, failedHostCount };
}
