// The big scenarios: 2,000 hosts in one step, and one host with a ~5 MB log.
import { describe, expect, it } from "vitest";
import { SCENARIOS } from "../../src/local/sim/scenarios.js";
import { HUGE_LOG_LAST_LINE, HUGE_LOG_LINE_COUNT } from "../../src/local/sim/scenarios/huge-log.js";
import { LARGE_JOB_HOST_COUNT } from "../../src/local/sim/scenarios/large-job.js";
import { callJob, LOG_API, STATUS_API, useSimulator } from "./sim-client.js";

describe("largeJob (2,000 hosts)", () => {
  const sim = useSimulator();

  it("groups 1,990 successes and 10 failures in three failure groups", async () => {
    const answer = await callJob(sim(), LOG_API, SCENARIOS.largeJob);
    expect(Number(answer.contentLength)).toBe(Buffer.byteLength(answer.text));
    const [step] = answer.json().data;
    const groups = step.step_results.map((group: any) => ({
      ip_status: group.ip_status,
      tag: group.tag,
      count: group.ip_logs.length,
    }));
    expect(groups).toEqual([
      { ip_status: 9, tag: "", count: 1990 },
      { ip_status: 104, tag: "", count: 5 },
      { ip_status: 104, tag: "no_space_boot", count: 3 },
      { ip_status: 13, tag: "", count: 2 },
    ]);
    const logs = step.step_results.flatMap((group: any) => group.ip_logs);
    expect(logs).toHaveLength(LARGE_JOB_HOST_COUNT);
    expect(new Set(logs.map((log: any) => `${log.bk_cloud_id}:${log.ip}`)).size).toBe(LARGE_JOB_HOST_COUNT);
    expect(logs.filter((log: any) => log.bk_cloud_id === 2).map((log: any) => log.ip)).toEqual(["10.1.6.1", "10.1.6.2"]);
    const lineCounts = logs.map((log: any) => log.log_content.split("\n").length - 1);
    expect(Math.min(...lineCounts)).toBeGreaterThanOrEqual(8);
    expect(Math.max(...lineCounts)).toBeLessThanOrEqual(12);
  });

  it("lists the same 2,000 hosts in the status API", async () => {
    const status = (await callJob(sim(), STATUS_API, SCENARIOS.largeJob)).json();
    const hosts = status.data.blocks[0].step_instances[0].step_ip_status;
    expect(hosts).toHaveLength(LARGE_JOB_HOST_COUNT);
    expect(hosts.filter((host: any) => host.status !== 9)).toHaveLength(10);
  });

  it("answers identically every time, apart from the request ids", async () => {
    const strip = (text: string): string => text.replace(/"(job_)?request_id":"[0-9a-f]+"/g, "");
    const first = await callJob(sim(), LOG_API, SCENARIOS.largeJob);
    const second = await callJob(sim(), LOG_API, SCENARIOS.largeJob);
    expect(strip(second.text)).toBe(strip(first.text));
  });
});

describe("hugeLog (~5 MB on one host)", () => {
  const sim = useSimulator();

  it("sends the whole log with a correct Content-Length", async () => {
    const answer = await callJob(sim(), LOG_API, SCENARIOS.hugeLog);
    expect(Number(answer.contentLength)).toBe(Buffer.byteLength(answer.text));
    const logs = answer.json().data[0].step_results.flatMap((group: any) => group.ip_logs);
    const huge = logs.find((log: any) => log.ip === "10.0.5.1");
    const bytes = Buffer.byteLength(huge.log_content);
    expect(bytes).toBeGreaterThan(5_000_000);
    expect(bytes).toBeLessThan(5_500_000);
    const lines = huge.log_content.split("\n");
    expect(lines).toHaveLength(HUGE_LOG_LINE_COUNT + 2); // + the fatal line + the empty tail
    expect(lines[123]).toMatch(/^line 000123: dumping t_event row 123 /);
    expect(lines.at(-2)).toBe(HUGE_LOG_LAST_LINE);
    expect(logs.filter((log: any) => log.ip !== "10.0.5.1").every((log: any) => log.log_content.length < 200)).toBe(true);
    expect(sim().requests.at(-1)?.bytesSent).toBe(Buffer.byteLength(answer.text));
  });
});
