// ESB v2's whole-job log read lazily: steps and groups are checked when the answer arrives, each
// host when something reads it, with the tolerance and error paths of the full schema. Through
// the JobApi, a report reads only the hosts it shows, so a malformed host it never shows does not
// matter and one it shows is a bad_response naming its path. Also: the fast paths for hosts and
// step_ip_status give what the schema gives.
import { describe, expect, it } from "vitest";
import { createEsbV2Client } from "../../src/bkjob/esb-v2-client.js";
import { createEsbV2JobApi } from "../../src/bkjob/esb-v2-job-api.js";
import { esbV2ReceivedLogDataSchema, LogShapeError } from "../../src/bkjob/received-log.js";
import { esbV2HostLogSchema, esbV2JobInstanceLogDataSchema, esbV2JobInstanceStatusDataSchema, exactHostLog } from "../../src/bkjob/esb-v2-schemas.js";
import { viewOfJobLog } from "../support/build-report.js";
import { envelope, hostLog3x, jobStatus3x, stepLog3x } from "./fixtures.js";
import { json, recordingFetch, text } from "./fake-fetch.js";

const ref = { bizId: 2, jobInstanceId: 100 };
const host = (ip: string, extra: Record<string, unknown> = {}) => ({ ...hostLog3x, ip, ...extra });
const step = (groups: { ip_status: unknown; tag?: string; ip_logs: unknown }[]) => ({ ...stepLog3x, step_results: groups.map((group) => ({ tag: "", ...group })) });

describe("esbV2ReceivedLogDataSchema", () => {
  it("reads every host as the full schema does", () => {
    const data = [step([{ ip_status: 9, ip_logs: [host("10.0.0.1"), host("10.0.0.2", { bk_cloud_id: "2", retry_count: 1, execute_count: null, log_content: "a &amp; b" })] }])];
    const lazy = esbV2ReceivedLogDataSchema.parse(data);
    const full = viewOfJobLog({ steps: esbV2JobInstanceLogDataSchema.parse(data), requestId: null });
    const group = lazy.steps[0]!.groups[0]!;
    expect(group.hostCount).toBe(2);
    expect([group.hostAt(0), group.hostAt(1)]).toEqual([full.steps[0]!.groups[0]!.hostAt(0), full.steps[0]!.groups[0]!.hostAt(1)]);
    expect(group.hostAt(1)).toMatchObject({ bkCloudId: 2, executeCount: 1, logContent: "a & b" });
  });

  it("checks a host only when it is read, naming its path like the full schema", () => {
    const lazy = esbV2ReceivedLogDataSchema.parse([step([{ ip_status: 9, ip_logs: [host("10.0.0.1"), host("10.0.0.2", { exit_code: "one" })] }])]);
    const group = lazy.steps[0]!.groups[0]!;
    expect(group.hostAt(0).ip).toBe("10.0.0.1");
    expect(() => group.hostAt(1)).toThrow(LogShapeError);
    expect(() => group.hostAt(1)).toThrow("data.0.step_results.0.ip_logs.1.exit_code: expected a number or a numeric string");
  });

  it("still rejects groups and ip_logs of the wrong shape when the answer arrives", () => {
    const badStatus = esbV2ReceivedLogDataSchema.safeParse([step([{ ip_status: "nine", ip_logs: [] }])]);
    expect(badStatus.error?.issues[0]?.path).toEqual([0, "step_results", 0, "ip_status"]);
    const badHosts = esbV2ReceivedLogDataSchema.safeParse([step([{ ip_status: 9, ip_logs: "none" }])]);
    expect(badHosts.error?.issues[0]?.path).toEqual([0, "step_results", 0, "ip_logs"]);
    expect(esbV2ReceivedLogDataSchema.parse([step([{ ip_status: 9, ip_logs: null }])]).steps[0]!.groups[0]!.hostCount).toBe(0);
  });

  it("finds hosts by BK-Net and IP in one pass, the first entry winning, exact or tolerant", () => {
    const group = esbV2ReceivedLogDataSchema.parse([
      step([{ ip_status: 9, ip_logs: [host("10.0.0.1"), host("10.0.0.2", { bk_cloud_id: "3" }), host("10.0.0.1", { exit_code: 7 })] }]),
    ]).steps[0]!.groups[0]!;
    expect(group.indexesOf([{ ip: "10.0.0.2", bkCloudId: 3 }, { ip: "10.0.0.1", bkCloudId: 0 }, { ip: "10.9.9.9", bkCloudId: 0 }])).toEqual([1, 0, -1]);
  });
});

describe("exactHostLog", () => {
  const { execute_count: _executeCount, total_time: _totalTime, log_content: _logContent, ...required } = hostLog3x;
  const exactForms: [string, Record<string, unknown>][] = [
    ["bk-job 3.x as sent", hostLog3x],
    ["optional fields absent", required],
    ["optional fields null", { ...hostLog3x, execute_count: null, start_time: null, end_time: null, total_time: null, log_content: null }],
    ["the old docs' retry_count", { ...required, retry_count: 2 }],
    ["epoch times, escaped log, an offset", { ...hostLog3x, start_time: 1_700_000_000_000, end_time: "2023-11-15 06:13:20 +0800", log_content: "a &lt;b&gt; &amp;amp;" }],
    ["an IPv6-only host's empty IP, extra fields", { ...hostLog3x, ip: "", bk_host_id: 7, extra: { nested: true } }],
  ];
  const tolerantForms: [string, Record<string, unknown>][] = [
    ["BK-Net as a string", { ...hostLog3x, bk_cloud_id: "2" }],
    ["exit code as a string", { ...hostLog3x, exit_code: "1" }],
    ["error code missing", { ...hostLog3x, error_code: undefined }],
    ["IP null", { ...hostLog3x, ip: null }],
    ["total time as a string", { ...hostLog3x, total_time: "1.5" }],
    ["a time that is neither text nor a number", { ...hostLog3x, start_time: true }],
    ["log content that is not text", { ...hostLog3x, log_content: 42 }],
    ["an exit code that is not finite", { ...hostLog3x, exit_code: Number.POSITIVE_INFINITY }],
  ];

  it.each(exactForms)("reads %s without the schema, exactly as the schema does", (_label, entry) => {
    const fast = exactHostLog(entry);
    expect(fast).not.toBeNull();
    expect(fast).toEqual(esbV2HostLogSchema.parse(entry));
  });

  it.each(tolerantForms)("leaves %s to the schema", (_label, entry) => {
    expect(exactHostLog(entry)).toBeNull();
  });

  it("leaves what is not an object to the schema", () => {
    for (const entry of [null, undefined, "10.0.0.1", 7, []]) expect(exactHostLog(entry)).toBeNull();
  });

  it("reads a group of mixed entries as the full schema does, and still names a bad one's path", () => {
    const entries = [...exactForms, ...tolerantForms.slice(0, 5)].map(([, entry], index) => ({ ...entry, ip: entry["ip"] === null ? null : `10.0.2.${index}` }));
    const group = esbV2ReceivedLogDataSchema.parse([step([{ ip_status: 9, ip_logs: entries }])]).steps[0]!.groups[0]!;
    expect(entries.map((_, index) => group.hostAt(index))).toEqual(esbV2JobInstanceLogDataSchema.parse([step([{ ip_status: 9, ip_logs: entries }])])[0]!.groups[0]!.hosts);
    const bad = esbV2ReceivedLogDataSchema.parse([step([{ ip_status: 9, ip_logs: [hostLog3x, { ...hostLog3x, log_content: 42 }] }])]).steps[0]!.groups[0]!;
    expect(() => bad.hostAt(1)).toThrow("data.0.step_results.0.ip_logs.1.log_content: ");
  });
});

describe("the ESB v2 JobApi reads only the hosts it answers about", () => {
  // 3 succeeding hosts, the last malformed; 1 failing host.
  const answer = (failing: Record<string, unknown>) =>
    envelope([
      step([
        { ip_status: 9, ip_logs: [host("10.0.0.1"), host("10.0.0.2"), host("10.0.0.3", { exit_code: "x" })] },
        { ip_status: 104, ip_logs: [host("10.0.1.1", { exit_code: 1, ...failing })] },
      ]),
    ]);
  const api = (log: unknown) => {
    const fetched = recordingFetch((request) => json(request.url.includes("get_job_instance_log") ? log : envelope(jobStatus3x)));
    const client = createEsbV2Client({ baseUrl: "http://paas.example.com", appCode: "a", appSecret: "s", username: "u", timeoutMs: 5_000, fetch: fetched.fetch });
    return createEsbV2JobApi(client).read(ref, { wholeReport: true });
  };
  const stepRef = { stepInstanceId: stepLog3x.step_instance_id, type: 1 };

  it("counts every host and lists the first ones, never reading a host it does not list", async () => {
    const groups = await api(answer({})).getStepHostGroups(stepRef, { maxHostsPerGroup: 2 });
    expect(groups.ok && groups.value.groups.map((group) => [group.status, group.hostCount, group.hosts.map((listed) => listed.ip)])).toEqual([
      [9, 3, ["10.0.0.1", "10.0.0.2"]],
      [104, 1, ["10.0.1.1"]],
    ]);
    const logs = await api(answer({})).getHostLogs(stepRef, [{ bkHostId: null, bkCloudId: 0, ip: "10.0.1.1", ipv6: null }]);
    expect(logs.ok && logs.value.map((log) => log.ip)).toEqual(["10.0.1.1"]);
  });

  it("answers bad_response, with the path, when a host it reads is malformed", async () => {
    const groups = await api(answer({})).getStepHostGroups(stepRef, { maxHostsPerGroup: 10 });
    expect(groups).toEqual({
      ok: false,
      error: expect.objectContaining({
        kind: "bad_response",
        api: "get_job_instance_log",
        requestId: "job-req-1",
        message: "response does not have the expected shape: data.0.step_results.0.ip_logs.2.exit_code: expected a number or a numeric string",
      }),
    });
  });

  it("reads a host sent as broken JSON only when it is read, then answers bad_response with its path", async () => {
    // The succeeding group's third host has a bad token; the failing host is fine.
    const body = JSON.stringify(answer({})).replace('"exit_code":"x"', '"exit_code":x');
    const read = () => {
      const fetched = recordingFetch((request) => (request.url.includes("get_job_instance_log") ? text(body) : json(envelope(jobStatus3x))));
      const client = createEsbV2Client({ baseUrl: "http://paas.example.com", appCode: "a", appSecret: "s", username: "u", timeoutMs: 5_000, fetch: fetched.fetch });
      return createEsbV2JobApi(client).read(ref, { wholeReport: true });
    };
    const logs = await read().getHostLogs(stepRef, [{ bkHostId: null, bkCloudId: 0, ip: "10.0.1.1", ipv6: null }]);
    expect(logs.ok && logs.value.map((log) => log.ip)).toEqual(["10.0.1.1"]);
    const groups = await read().getStepHostGroups(stepRef, { maxHostsPerGroup: 10 });
    expect(groups).toMatchObject({ ok: false, error: { kind: "bad_response", requestId: "job-req-1" } });
    expect(!groups.ok && groups.error.message).toMatch(/^response does not have the expected shape: data\.0\.step_results\.0\.ip_logs\.2: is not valid JSON: /);
  });

  it("searches every host's log for a keyword, so a malformed one then fails the search", async () => {
    const search = await api(answer({})).getStepHostGroups(stepRef, { maxHostsPerGroup: 10, keyword: "job_start" });
    expect(search).toMatchObject({ ok: false, error: { kind: "bad_response" } });
  });
});

describe("step_ip_status", () => {
  const statusWith = (hosts: unknown[]) => ({ ...jobStatus3x, blocks: [{ step_instances: [{ ...jobStatus3x.blocks[0]!.step_instances[0]!, step_ip_status: hosts }] }] });

  it("gives the same hosts whether every entry is exact or some need the schema's tolerance", () => {
    const exact = esbV2JobInstanceStatusDataSchema.parse(statusWith([{ ip: "10.0.0.1", bk_cloud_id: 0, status: 9 }, { ip: "10.0.0.2", bk_cloud_id: 2, status: 104, extra: true }]));
    const tolerant = esbV2JobInstanceStatusDataSchema.parse(statusWith([{ ip: "10.0.0.1", bk_cloud_id: null, status: "9" }, { ip: "10.0.0.2", bk_cloud_id: "2", status: 104 }]));
    const want = [
      { ip: "10.0.0.1", bkCloudId: 0, status: 9 },
      { ip: "10.0.0.2", bkCloudId: 2, status: 104 },
    ];
    expect(exact.steps[0]!.hosts).toEqual(want);
    expect(tolerant.steps[0]!.hosts).toEqual(want);
  });

  it("names a bad entry's path, as the schema always did", () => {
    const parsed = esbV2JobInstanceStatusDataSchema.safeParse(statusWith([{ ip: "10.0.0.1", bk_cloud_id: 0, status: 9 }, { ip: "10.0.0.2", bk_cloud_id: 0, status: "running" }]));
    expect(parsed.error?.issues[0]?.path).toEqual(["blocks", 0, "step_instances", 0, "step_ip_status", 1, "status"]);
    expect(parsed.error?.issues[0]?.message).toBe("expected a number or a numeric string");
    expect(esbV2JobInstanceStatusDataSchema.safeParse(statusWith("none" as unknown as unknown[])).error?.issues[0]?.path).toEqual([
      "blocks",
      0,
      "step_instances",
      0,
      "step_ip_status",
    ]);
  });
});
