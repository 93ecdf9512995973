// The report for each simulator scenario, fetched over real HTTP by the real client.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEsbV2Client } from "../../src/bkjob/esb-v2-client.js";
import { buildReport } from "../support/build-report.js";
import type { JobReport } from "../../src/core/report-model.js";
import { runStatusLabel } from "../../src/render/status-labels.js";
import { messagesFor } from "../../src/i18n/index.js";
import type { JobRef } from "../../src/core/job-ref.js";
import { ROLLING_RESTART_TIMING } from "../../src/local/sim/scenarios/running-jobs.js";
import { SCENARIOS, SIM_DEFAULTS } from "../../src/local/sim/scenarios.js";
import { startSimulator, type Simulator } from "../../src/local/sim/server.js";

let sim: Simulator;
let now = Date.UTC(2026, 10, 24);
const clock = { now: () => now };

beforeAll(async () => {
  sim = await startSimulator({ clock });
});
afterAll(async () => sim.close());

async function reportOf(ref: JobRef): Promise<JobReport> {
  const api = createEsbV2Client({ baseUrl: sim.url, ...SIM_DEFAULTS, timeoutMs: 5000, fetch: globalThis.fetch.bind(globalThis) });
  const [log, status] = await Promise.all([api.getJobInstanceLog(ref), api.getJobInstanceStatus(ref)]);
  if (!log.ok || !status.ok) throw new Error(`upstream failed: ${JSON.stringify(log.ok ? status : log)}`);
  return buildReport({ ref, log: log.value, status: status.value, webUrl: null, now: new Date(now) });
}

describe("reports of the simulator's scenarios", () => {
  it("seed: one successful step on one host", async () => {
    const report = await reportOf(SCENARIOS.seed);
    expect(report).toMatchObject({ name: "test", status: 3, phase: "success", finished: true, failureGroups: [] });
    expect(report.hosts).toEqual({ total: 1, success: 1, failed: 0, running: 0, waiting: 0 });
    expect(report.steps).toHaveLength(1);
    expect(report.steps[0]).toMatchObject({ name: "test", phase: "success", durationMs: 60_599 });
    expect(report.startTime?.toISOString()).toBe("2018-03-15T06:39:30.000Z");
  });

  it("the old-docs serialisation gives the same report as the 3.x one", async () => {
    const modern = await reportOf(SCENARIOS.seed);
    const old = await reportOf(SCENARIOS.seedOldFormat);
    expect({ ...old, ref: modern.ref, failureGroups: old.failureGroups }).toEqual({ ...modern, failureGroups: modern.failureGroups });
  });

  it("multi-step failure: failure groups by status and tag, later steps pending", async () => {
    const report = await reportOf(SCENARIOS.multiStepFailure);
    expect(report.phase).toBe("failed");
    expect(report.steps.map((step) => step.phase)).toEqual(["success", "failed", "pending", "pending"]);
    expect(report.failureGroups.map((group) => [group.ipStatus, group.tag, group.hosts.length])).toEqual([
      [104, "", 3],
      [104, "disk_full", 2],
      [1, "", 1],
      [13, "", 1],
    ]);
    expect(report.failedHostCount).toBe(7);
    expect(report.failureGroups[0]!.hosts.map((host) => host.exitCode)).toEqual([1, 2, 127]);
    expect(report.failureGroups[2]!.hosts[0]).toMatchObject({ logIsEmpty: true, errorCode: 1 });
  });

  it("2,000 hosts: counts every host, keeps only the failing ones' tails", async () => {
    const report = await reportOf(SCENARIOS.largeJob);
    expect(report.hosts.total).toBe(2000);
    expect(report.hosts.failed).toBe(10);
    expect(report.hosts.success).toBe(1990);
    expect(report.failureGroups.flatMap((group) => group.hosts)).toHaveLength(10);
  });

  it("tricky logs: ANSI codes and control characters are gone from the tails, text kept", async () => {
    const report = await reportOf(SCENARIOS.trickyLogs);
    const tails = report.failureGroups.flatMap((group) => group.hosts.flatMap((host) => host.logTail)).join("\n");
    expect(tails).not.toMatch(/\u001b|\r/);
    expect(tails).toContain("<!channel>");
    expect(tails).toContain("磁盘空间不足");
  });

  it("5 MB log: the tail ends with the FATAL line", async () => {
    const report = await reportOf(SCENARIOS.hugeLog);
    const big = report.failureGroups.flatMap((group) => group.hosts).find((host) => host.logTail.some((line) => line.includes("FATAL")));
    expect(big).toBeDefined();
    expect(big!.logTail.length).toBeLessThanOrEqual(30);
  });

  it("manual confirmation: waiting, not finished, the step marked as a confirmation", async () => {
    const report = await reportOf(SCENARIOS.manualConfirm);
    expect(report).toMatchObject({ status: 7, phase: "waiting", finished: false });
    expect(report.steps[1]).toMatchObject({ manualConfirm: true, phase: "waiting" });
  });

  it("unknown codes are kept and labelled", async () => {
    const report = await reportOf(SCENARIOS.unknownStatus);
    const step = report.steps.find((candidate) => candidate.status === 42);
    expect(step?.phase).toBe("unknown");
    expect(runStatusLabel(42, messagesFor("en"))).toBe("unknown (42)");
    expect(report.failureGroups.some((group) => group.ipStatus === 777)).toBe(true);
  });

  it("a running job: running, then failed once its clock passes the end", async () => {
    sim.restartJob(SCENARIOS.running.jobInstanceId);
    const running = await reportOf(SCENARIOS.running);
    expect(running).toMatchObject({ phase: "running", finished: false });
    now += ROLLING_RESTART_TIMING.jobEndsAtMs + 1_000;
    const ended = await reportOf(SCENARIOS.running);
    expect(ended).toMatchObject({ phase: "failed", finished: true });
    expect(ended.steps.map((step) => step.phase)).toEqual(["success", "failed", "pending"]);
  });
});
