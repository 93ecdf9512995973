// Tolerance of the ESB v2 zod schemas: what real servers (3.x and the old 2.x docs) send,
// and the normalised values it must turn into.
import { describe, expect, it } from "vitest";
import { esbEnvelopeSchema } from "../../src/bkjob/envelope-schema.js";
import { esbV2HostLogSchema, esbV2JobInstanceLogDataSchema, esbV2JobInstanceStatusDataSchema, esbV2StepLogSchema } from "../../src/bkjob/esb-v2-schemas.js";
import { hostLog3x, jobStatus3x, stepLog3x } from "./fixtures.js";

const at = (iso: string) => new Date(iso);

describe("esbV2HostLogSchema", () => {
  const cases: [string, { given: Record<string, unknown>; want: Record<string, unknown> }][] = [
    ["3.x execute_count", { given: { execute_count: 2 }, want: { executeCount: 2 } }],
    [
      "2.x retry_count",
      { given: { execute_count: undefined, retry_count: 3 }, want: { executeCount: 3 } },
    ],
    [
      "execute_count wins over retry_count",
      { given: { execute_count: 1, retry_count: 5 }, want: { executeCount: 1 } },
    ],
    [
      "neither counter → 0",
      { given: { execute_count: undefined }, want: { executeCount: 0 } },
    ],
    [
      "time without offset is UTC+8",
      { given: { start_time: "2018-03-15 14:39:30" }, want: { startTime: at("2018-03-15T06:39:30Z") } },
    ],
    [
      "time with +0800 (old docs)",
      { given: { start_time: "2018-03-15 14:39:30 +0800" }, want: { startTime: at("2018-03-15T06:39:30Z") } },
    ],
    [
      "time with +08:00",
      { given: { start_time: "2018-03-15 14:39:30+08:00" }, want: { startTime: at("2018-03-15T06:39:30Z") } },
    ],
    [
      "time with another offset",
      { given: { start_time: "2018-03-15 14:39:30 -0130" }, want: { startTime: at("2018-03-15T16:09:30Z") } },
    ],
    [
      "time as epoch ms",
      { given: { end_time: 1521095970000 }, want: { endTime: at("2018-03-15T06:39:30Z") } },
    ],
    ["time null", { given: { start_time: null }, want: { startTime: null } }],
    ["time empty string", { given: { start_time: "" }, want: { startTime: null } }],
    ["time missing", { given: { end_time: undefined }, want: { endTime: null } }],
    ["time unparseable → null", { given: { start_time: "yesterday" }, want: { startTime: null } }],
    ["total_time seconds → ms", { given: { total_time: 60.599 }, want: { totalTimeMs: 60599 } }],
    ["total_time as string", { given: { total_time: "1.5" }, want: { totalTimeMs: 1500 } }],
    ["total_time null", { given: { total_time: null }, want: { totalTimeMs: null } }],
    [
      "log_content unescaped once",
      {
        given: { log_content: "a &amp;&amp; b &lt;x&gt; &quot;q&quot; it&#39;s &amp;lt;" },
        want: { logContent: `a && b <x> "q" it's &lt;` },
      },
    ],
    ["log_content null → \"\"", { given: { log_content: null }, want: { logContent: "" } }],
    ["ip empty (IPv6-only host)", { given: { ip: "" }, want: { ip: "" } }],
    ["ip missing", { given: { ip: undefined }, want: { ip: "" } }],
    ["bk_cloud_id as numeric string", { given: { bk_cloud_id: "0" }, want: { bkCloudId: 0 } }],
    ["exit_code as numeric string", { given: { exit_code: "127" }, want: { exitCode: 127 } }],
    ["error_code null → 0", { given: { error_code: null }, want: { errorCode: 0 } }],
    ["extra fields ignored", { given: { ipv6: "::1", bk_host_id: 5 }, want: { ip: "10.0.0.1" } }],
  ];

  it.each(cases)("%s", (_name, { given, want }) => {
    const parsed = esbV2HostLogSchema.parse({ ...hostLog3x, ...given });
    expect(parsed).toMatchObject(want);
    expect(Object.keys(parsed)).not.toContain("ipv6");
  });

  it("normalises the 3.x seed host fully", () => {
    expect(esbV2HostLogSchema.parse(hostLog3x)).toEqual({
      ip: "10.0.0.1",
      bkCloudId: 0,
      executeCount: 0,
      errorCode: 0,
      exitCode: 0,
      startTime: at("2018-03-15T06:39:30Z"),
      endTime: at("2018-03-15T06:40:31Z"),
      totalTimeMs: 60599,
      logContent: "[2018-03-15 14:39:30][PID:56875] job_start\n",
    });
  });

  it.each([
    ["bk_cloud_id not numeric", { bk_cloud_id: "zero" }, "bk_cloud_id"],
    ["log_content a number", { log_content: 5 }, "log_content"],
  ])("rejects %s at its path", (_name, given, path) => {
    const parsed = esbV2HostLogSchema.safeParse({ ...hostLog3x, ...given });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual([path]);
  });
});

describe("esbV2StepLogSchema", () => {
  const cases: [string, { given: Record<string, unknown>; want: Record<string, unknown> }][] = [
    ["step_results missing (manual confirm)", { given: { step_results: undefined }, want: { groups: [] } }],
    ["step_results null", { given: { step_results: null }, want: { groups: [] } }],
    ["step_results []", { given: { step_results: [] }, want: { groups: [] } }],
    ["unknown status kept", { given: { status: 42 }, want: { status: 42 } }],
    ["status as numeric string", { given: { status: "4" }, want: { status: 4 } }],
    ["is_finished per step", { given: { is_finished: false, status: 3 }, want: { isFinished: false } }],
    [
      "is_finished missing → from status",
      { given: { is_finished: undefined, status: 4 }, want: { isFinished: true } },
    ],
    [
      "is_finished missing, running",
      { given: { is_finished: undefined, status: 2 }, want: { isFinished: false } },
    ],
    ["name null → \"\"", { given: { name: null }, want: { name: "" } }],
    [
      "unknown ip_status and null tag kept",
      {
        given: { step_results: [{ ip_status: 42, tag: null, ip_logs: null }] },
        want: { groups: [{ ipStatus: 42, tag: "", hosts: [] }] },
      },
    ],
    ["extra fields ignored", { given: { step_type: 1, rolling: {} }, want: { stepInstanceId: 90000 } }],
  ];

  it.each(cases)("%s", (_name, { given, want }) => {
    expect(esbV2StepLogSchema.parse({ ...stepLog3x, ...given })).toMatchObject(want);
  });

  it("parses a whole data array", () => {
    const steps = esbV2JobInstanceLogDataSchema.parse([stepLog3x, { ...stepLog3x, step_results: null }]);
    expect(steps).toHaveLength(2);
    expect(steps[0]?.groups[0]?.hosts[0]?.totalTimeMs).toBe(60599);
  });

  // How fast this is lives in `npm run bench -- report-cost`, not in a timed test.
  it("reads 2,000 hosts with a large log each", () => {
    const log = "line &lt;ok&gt;\n".repeat(200);
    const hosts = Array.from({ length: 2000 }, (_, i) => ({ ...hostLog3x, ip: `10.0.${i >> 8}.${i & 255}`, log_content: log }));
    const steps = esbV2JobInstanceLogDataSchema.parse([
      { ...stepLog3x, step_results: [{ ip_status: 9, tag: "", ip_logs: hosts }] },
    ]);
    expect(steps[0]?.groups[0]?.hosts).toHaveLength(2000);
    expect(steps[0]?.groups[0]?.hosts[1999]?.logContent.startsWith("line <ok>")).toBe(true);
  });
});

describe("esbV2JobInstanceStatusDataSchema", () => {
  it("normalises the 3.x shape, one step per block", () => {
    const status = esbV2JobInstanceStatusDataSchema.parse(jobStatus3x);
    expect(status.finished).toBe(true);
    expect(status.job).toEqual({
      jobInstanceId: 100,
      bizId: 2,
      name: "deploy web",
      status: 4,
      operator: "alice",
      startWay: 2,
      createTime: at("2018-03-15T06:39:29Z"),
      startTime: at("2018-03-15T06:39:30Z"),
      endTime: at("2018-03-15T06:40:31Z"),
      totalTimeMs: 61200,
    });
    expect(status.steps.map((s) => [s.stepInstanceId, s.status, s.executeCount])).toEqual([
      [90000, 3, 0],
      [90001, 4, 1],
    ]);
    expect(status.steps[1]?.hosts).toEqual([{ ip: "10.0.0.1", bkCloudId: 0, status: 104 }]);
  });

  const cases: [string, { given: Record<string, unknown>; want: Record<string, unknown> }][] = [
    ["blocks null", { given: { blocks: null }, want: { steps: [] } }],
    ["is_finished missing → from job status", { given: { is_finished: undefined }, want: { finished: true } }],
    [
      "bk_biz_id missing → from biz scope",
      {
        given: { job_instance: { ...jobStatus3x.job_instance, bk_biz_id: undefined, bk_scope_id: "5" } },
        want: { job: expect.objectContaining({ bizId: 5 }) },
      },
    ],
    [
      "biz_set scope is not a business",
      {
        given: {
          job_instance: { ...jobStatus3x.job_instance, bk_biz_id: null, bk_scope_type: "biz_set" },
        },
        want: { job: expect.objectContaining({ bizId: null }) },
      },
    ],
    [
      "old-docs step with retry_count and +0800",
      {
        given: {
          blocks: [
            {
              step_instances: [
                { step_instance_id: "1", status: 3, retry_count: 2, start_time: "2018-03-15 14:39:30 +0800" },
              ],
            },
          ],
        },
        want: {
          steps: [
            expect.objectContaining({ stepInstanceId: 1, executeCount: 2, startTime: at("2018-03-15T06:39:30Z"), type: null, hosts: [] }),
          ],
        },
      },
    ],
  ];

  it.each(cases)("%s", (_name, { given, want }) => {
    expect(esbV2JobInstanceStatusDataSchema.parse({ ...jobStatus3x, ...given })).toMatchObject(want);
  });
});

describe("esbEnvelopeSchema", () => {
  const cases: [string, { given: Record<string, unknown>; want: Record<string, unknown> }][] = [
    ["code 0", { given: { result: true, code: 0 }, want: { ok: true, code: 0 } }],
    ["code \"0\" (old docs)", { given: { result: true, code: "0" }, want: { ok: true, code: 0 } }],
    [
      "numeric string error code",
      { given: { result: false, code: "1244006" }, want: { ok: false, code: 1244006, rawCode: null } },
    ],
    [
      "non-numeric code kept raw",
      { given: { result: false, code: "INVALID_ARGS" }, want: { ok: false, code: null, rawCode: "INVALID_ARGS" } },
    ],
    ["result missing, code 0", { given: { code: 0 }, want: { ok: true } }],
    [
      "job_request_id preferred",
      { given: { result: true, code: 0, job_request_id: "j", request_id: "e" }, want: { requestId: "j" } },
    ],
    [
      "empty job_request_id falls back to request_id",
      { given: { result: true, code: 0, job_request_id: "", request_id: "e" }, want: { requestId: "e" } },
    ],
    ["no ids", { given: { result: true, code: 0 }, want: { requestId: null, permission: null } }],
    [
      "permission parsed",
      {
        given: {
          result: false,
          code: 1238001,
          permission: {
            system_id: "bk_job",
            system_name: "作业平台",
            actions: [{ id: "view_history", name: "查看执行历史", related_resource_types: [] }],
          },
        },
        want: {
          permission: {
            systemName: "作业平台",
            actions: [{ id: "view_history", name: "查看执行历史" }],
            applyUrl: null,
          },
        },
      },
    ],
    [
      "apply_url inside permission",
      {
        given: { result: false, code: 9900403, permission: { actions: [], apply_url: "https://iam/apply" } },
        want: { permission: { systemName: null, actions: [], applyUrl: "https://iam/apply" } },
      },
    ],
    [
      "IAM-style data.apply_url",
      {
        given: { result: false, code: 9900403, data: { apply_url: "https://iam/x" } },
        want: { permission: { systemName: null, actions: [], applyUrl: "https://iam/x" } },
      },
    ],
    [
      "malformed permission does not fail the envelope",
      { given: { result: false, code: 1238001, permission: { actions: "nope" } }, want: { ok: false, permission: null } },
    ],
    ["extra fields ignored", { given: { result: true, code: 0, trace: {} }, want: { ok: true } }],
  ];

  it.each(cases)("%s", (_name, { given, want }) => {
    expect(esbEnvelopeSchema.parse(given)).toMatchObject(want);
  });
});
