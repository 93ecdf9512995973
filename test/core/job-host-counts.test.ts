// Distinct hosts over a job's steps, from capped group lists: exact when it can be, an estimate
// (said so) when steps list fewer hosts than they have.
import { describe, expect, it } from "vitest";
import type { StepHost, StepHostGroup } from "../../src/core/job-model.js";
import { distinctHostCounts } from "../../src/core/job-host-counts.js";

const host = (ip: string, status: number, bkHostId: number | null = null): StepHost => ({
  bkHostId,
  bkCloudId: 0,
  ip,
  ipv6: null,
  status,
  tag: "",
  exitCode: 0,
  errorCode: 0,
  startTime: null,
  endTime: null,
  totalTimeMs: null,
});
const group = (status: number, hosts: StepHost[], hostCount = hosts.length): StepHostGroup => ({ status, tag: "", hostCount, hosts });

describe("distinctHostCounts", () => {
  it("one step: its exact counts, however few hosts are listed", () => {
    expect(distinctHostCounts([[group(9, [host("a", 9)], 1990), group(104, [host("b", 104)], 10)]])).toEqual({
      counts: { total: 2000, success: 1990, failed: 10, running: 0, waiting: 0 },
      estimated: false,
    });
  });

  it("several steps, every host listed: each host once, in its worst state", () => {
    const step1 = [group(9, [host("a", 9), host("b", 9)])];
    const step2 = [group(9, [host("a", 9)]), group(104, [host("b", 104), host("c", 104)])];
    expect(distinctHostCounts([step1, step2])).toEqual({ counts: { total: 3, success: 1, failed: 2, running: 0, waiting: 0 }, estimated: false });
  });

  it("keys by bk_host_id when known", () => {
    const step1 = [group(9, [host("10.0.0.1", 9, 7)])];
    const step2 = [group(9, [host("10.0.0.1", 9, 8)])]; // same IP, another host (another BK-Net)
    expect(distinctHostCounts([step1, step2]).counts.total).toBe(2);
  });

  it("counts hosts ESB v2 cannot name (IPv6-only, empty ip) one by one", () => {
    expect(distinctHostCounts([[group(9, [host("", 9), host("", 9)])], [group(5, [])]]).counts.total).toBe(2);
  });

  it("several steps with capped lists: an estimate, flagged, that assumes the steps share hosts", () => {
    const step1 = [group(9, [host("a", 9)], 500)];
    const step2 = [group(9, [host("a", 9)], 497), group(104, [host("x", 104), host("y", 104)], 3)];
    expect(distinctHostCounts([step1, step2])).toEqual({
      counts: { total: 500, success: 497, failed: 3, running: 0, waiting: 0 },
      estimated: true,
    });
  });

  it("no hosts at all", () => {
    expect(distinctHostCounts([[], []])).toEqual({ counts: { total: 0, success: 0, failed: 0, running: 0, waiting: 0 }, estimated: false });
  });
});
