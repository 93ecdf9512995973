// Narrowing a report to some failing hosts keeps its group counts true to what it holds.
import { describe, expect, it } from "vitest";
import { buildReport } from "../support/build-report.js";
import { onlyFailedHosts } from "../../src/core/report-filter.js";
import { bkTime, stressLog } from "../fixtures/job-models.js";

describe("onlyFailedHosts", () => {
  it("counts only the hosts it keeps", () => {
    const report = buildReport({ ref: { bizId: 1, jobInstanceId: 1 }, log: stressLog({ steps: 1, failedHostsPerStep: 25, logLines: 2 }), status: null, webUrl: null, now: bkTime("2024-01-01 00:00:00") });
    const [group] = report.failureGroups;
    expect(group?.hostCount).toBe(25);
    const narrowed = onlyFailedHosts(report, group!.stepInstanceId, [`0:${group!.hosts[0]!.ip}`]);
    expect(narrowed.failureGroups.map((kept) => [kept.hostCount, kept.hosts.length])).toEqual([[1, 1]]);
    expect(narrowed.failedHostCount).toBe(1);
  });
});
