// What the gateway protocol adds to what a reader sees: the gateway's refusals in words, hosts
// named by IPv6, file steps' per-file results, capped host lists, and the log search's answer.
// Every message goes through Slack's limits.
import { describe, expect, it } from "vitest";
import type { HostLogText, JobInstanceStatus, StepHost, StepHostGroups } from "../../src/core/job-model.js";
import type { UpstreamError } from "../../src/core/upstream-error.js";
import { buildJobReport, logKey, type GrepSources } from "../../src/core/report.js";
import { messagesFor } from "../../src/i18n/index.js";
import { renderUpstreamError } from "../../src/render/error-message.js";
import { renderGrepMessage } from "../../src/render/grep-message.js";
import { validateMessage } from "../../src/render/limits.js";
import { renderReportMessage } from "../../src/render/report-message.js";

const en = messagesFor("en");
const zh = messagesFor("zh-CN");
const ref = { bizId: 1, jobInstanceId: 100 };
const where = { ref, actingUser: "admin", timeoutMs: 15_000 };
const now = new Date("2026-01-01T00:00:00Z");

const error = (overrides: Partial<UpstreamError>): UpstreamError => ({
  kind: "gateway",
  api: "get_job_instance_status",
  code: null,
  message: null,
  requestId: "apigw-req-1",
  httpStatus: null,
  permission: null,
  ...overrides,
});

describe("the gateway's refusals, in words", () => {
  it.each([
    ["400 INVALID_ARGS", error({ kind: "bad_credentials", code: 1640001, codeName: "INVALID_ARGS", httpStatus: 400 }), ["X-Bkapi-Authorization", "BK_APP_SECRET", "1640001 INVALID_ARGS"]],
    ["403 APP_NO_PERMISSION", error({ kind: "bad_credentials", code: 1640301, codeName: "APP_NO_PERMISSION", httpStatus: 403 }), ["grant the app", "BK_JOB_APIGW_SYSTEM=true"]],
    ["403 IP_NOT_ALLOWED", error({ code: 1640302, codeName: "IP_NOT_ALLOWED", httpStatus: 403 }), ["refuses calls from joblog's address"]],
    ["404 API_NOT_FOUND", error({ code: 1640401, codeName: "API_NOT_FOUND", httpStatus: 404 }), ["BK_JOB_API_URL", "stage URL"]],
    ["429 with the reset time", error({ kind: "rate_limited", code: 1642901, httpStatus: 429, rateLimit: { limit: 20, remaining: 0, resetSeconds: 41.2 } }), ["Try again in 42 s."]],
    ["429 without headers", error({ kind: "rate_limited", code: 1642904, httpStatus: 429 }), ["Try again in a minute."]],
    ["504 REQUEST_BACKEND_TIMEOUT", error({ code: 1650401, codeName: "REQUEST_BACKEND_TIMEOUT", httpStatus: 504 }), ["did not answer the BlueKing API gateway in time"]],
    ["502 BAD_GATEWAY", error({ code: 1650200, codeName: "BAD_GATEWAY", httpStatus: 502 }), ["usually temporary"]],
  ] as const)("%s", (_name, given, fragments) => {
    for (const messages of [en, zh]) expect(validateMessage(renderUpstreamError(given, where, messages))).toEqual([]);
    const text = JSON.stringify(renderUpstreamError(given, where, en));
    for (const fragment of fragments) expect(text).toContain(fragment);
    expect(text).toContain("apigw-req-1");
  });

  it("in Chinese too", () => {
    const text = JSON.stringify(renderUpstreamError(error({ kind: "rate_limited", rateLimit: { limit: null, remaining: null, resetSeconds: 42 } }), where, zh));
    expect(text).toContain("请 42 秒后重试");
  });
});

// ---- reports built from protocol-independent answers, as the gateway gives them --------------

const host = (overrides: Partial<StepHost>): StepHost => ({
  bkHostId: 1,
  bkCloudId: 0,
  ip: "10.0.0.1",
  ipv6: null,
  status: 104,
  tag: "",
  exitCode: 1,
  errorCode: null,
  startTime: new Date("2025-12-31T23:59:00Z"),
  endTime: new Date("2025-12-31T23:59:30Z"),
  totalTimeMs: 30_000,
  ...overrides,
});

function status(steps: { id: number; name: string; type?: number; status?: number }[]): JobInstanceStatus {
  return {
    finished: true,
    job: { jobInstanceId: 100, bizId: 1, name: "<!channel> deploy", status: 4, operator: "ops", startWay: 1, createTime: null, startTime: null, endTime: null, totalTimeMs: 90_000 },
    steps: steps.map((step) => ({
      stepInstanceId: step.id,
      name: step.name,
      status: step.status ?? 4,
      type: step.type ?? 1,
      executeCount: 0,
      startTime: null,
      endTime: null,
      totalTimeMs: 60_000,
      hosts: [],
    })),
    requestId: null,
  };
}

const logOf = (h: StepHost, text: string, files: HostLogText["files"] = null): HostLogText => ({ bkHostId: h.bkHostId, bkCloudId: h.bkCloudId, ip: h.ip, ipv6: h.ipv6, text, files });

describe("the report, from the gateway's answers", () => {
  it("names an IPv6-only host by its IPv6, hides a GSE error code nobody gave, counts capped groups exactly", () => {
    const v6 = host({ bkHostId: 6021, ip: "", ipv6: "fd00:6::21", exitCode: 7 });
    const v4 = host({ bkHostId: 2, ip: "10.0.6.4" });
    const groups = new Map<number, StepHostGroups>([[1, { stepInstanceId: 1, groups: [{ status: 104, tag: "", hostCount: 25, hosts: [v6, v4] }, { status: 9, tag: "", hostCount: 975, hosts: [] }] }]]);
    const logs = new Map([[logKey(1, v6), logOf(v6, "curl: (7) no IPv4\njob_fail\n")]]);
    const report = buildJobReport({ ref, status: status([{ id: 1, name: "probe" }]), groups, logs, grep: null, webUrl: null, now });
    const message = renderReportMessage(report, en);
    expect(validateMessage(message)).toEqual([]);
    const text = JSON.stringify(message.blocks);
    expect(text).toContain("• `fd00:6::21` · BK-Net 0 · exit 7 · 30s");
    expect(text).not.toContain("· error");
    expect(text).toContain("step 1. probe · 25 hosts");
    expect(text).toContain("…and 23 more failing hosts");
    expect(text).toContain("Last 2 lines of `fd00:6::21`");
    expect(text).toContain("Log fd00:6::21");
    expect(report.hosts).toEqual({ total: 1000, success: 975, failed: 25, running: 0, waiting: 0 });
    // The button names the host by its id and IPv6 for Show log.
    const actions = message.blocks.find((block) => block.type === "actions");
    expect(JSON.stringify(actions)).toContain('\\"h\\":6021');
    expect(JSON.stringify(actions)).toContain('\\"v6\\":\\"fd00:6::21\\"');
  });

  it("shows a file step's files (source → destination, status) instead of a script log", () => {
    const target = host({ bkHostId: 3, ip: "10.0.62.2", status: 202 });
    const files: NonNullable<HostLogText["files"]> = [
      { mode: "upload", source: { bkHostId: 9, bkCloudId: 0, ip: "10.0.9.10", path: "/data/app.tar.gz" }, destination: null, status: 4, logContent: "upload ok\n" },
      {
        mode: "download",
        source: { bkHostId: 9, bkCloudId: 0, ip: "10.0.9.10", path: "/data/app.tar.gz" },
        destination: { bkHostId: 3, bkCloudId: 0, ip: "10.0.62.2", path: "/opt/app/" },
        status: 5,
        logContent: "[2024-12-12 12:12:05] Detail: no space left on device <!here>\n",
      },
    ];
    const groups = new Map([[2, { stepInstanceId: 2, groups: [{ status: 202, tag: "", hostCount: 1, hosts: [target] }] }]]);
    const logs = new Map([[logKey(2, target), logOf(target, "upload ok\nno space\n", files)]]);
    const report = buildJobReport({ ref, status: status([{ id: 2, name: "push", type: 2 }]), groups, logs, grep: null, webUrl: null, now });
    for (const messages of [en, zh]) expect(validateMessage(renderReportMessage(report, messages))).toEqual([]);
    const text = JSON.stringify(renderReportMessage(report, en).blocks);
    expect(text).toContain("Files of `10.0.62.2` (2)");
    expect(text).toContain("↑ 10.0.9.10:/data/app.tar.gz (upload) · Done");
    expect(text).toContain("↓ 10.0.9.10:/data/app.tar.gz → 10.0.62.2:/opt/app/ · Failed");
    // Log text sits in a preformatted block: shown verbatim, never parsed as mrkdwn.
    expect(text).toContain("  [2024-12-12 12:12:05] Detail: no space left on device <!here>");
  });
});

describe("the log search's answer", () => {
  const steps = [
    { id: 1, name: "deploy" },
    { id: 2, name: "push files", type: 2 },
  ];
  const hit = (n: number) => host({ bkHostId: n, ip: `10.0.0.${n}`, status: n % 2 === 0 ? 9 : 104 });

  function grepReport(matching: StepHost[], hostCount = matching.length, lines = 3) {
    const grepGroups = new Map([[1, { stepInstanceId: 1, groups: [{ status: 104, tag: "<!channel>", hostCount, hosts: matching }] }]]);
    const logs = new Map(
      matching.map((h) => [
        logKey(1, h),
        logOf(h, Array.from({ length: lines }, (_, i) => `line ${i} ${i % 2 === 0 ? "No space left <@U1>" : "ok"}`).join("\n")),
      ]),
    );
    const grep: GrepSources = { text: "No space left", groups: grepGroups, skippedStepIds: [2] };
    return buildJobReport({ ref, status: status(steps), groups: new Map(), logs, grep, webUrl: "https://job.example.com", now });
  }

  it("lists the matching hosts with their matching lines, numbered, and says which steps it did not search", () => {
    const report = grepReport([hit(1), hit(3)]);
    const message = renderGrepMessage(report, en);
    expect(validateMessage(message)).toEqual([]);
    const text = JSON.stringify(message.blocks);
    expect(text).toContain("*2 host logs contain* `No space left`");
    expect(text).toContain("Not searched: 2. push files (file-distribution steps");
    expect(text).toContain("• `10.0.0.1` · BK-Net 0 · exit 1 · 2 matching lines");
    expect(text).toContain("Matching lines of `10.0.0.1`");
    expect(text).toContain("1 │ line 0 No space left <@U1>"); // preformatted: verbatim
    expect(text).not.toContain("line 1 ok");
    expect(text).toContain("tag `&lt;!channel&gt;`");
    expect(message.blocks.find((block) => block.type === "actions")).toBeDefined();
  });

  it("says so when no host's log contains the text", () => {
    const report = grepReport([]);
    for (const messages of [en, zh]) expect(validateMessage(renderGrepMessage(report, messages))).toEqual([]);
    expect(renderGrepMessage(report, en).text).toContain("No host's log contains `No space left`.");
    expect(renderGrepMessage(report, zh).text).toContain("没有主机的日志包含 `No space left`。");
  });

  it("stays within Slack's limits with many hosts and long matching lines", () => {
    const many = Array.from({ length: 10 }, (_, index) => hit(index + 1));
    const report = grepReport(many, 4_000, 2_000);
    const message = renderGrepMessage(report, en);
    expect(validateMessage(message)).toEqual([]);
    expect(JSON.stringify(message.blocks)).toContain("…and 3,990 more matching hosts");
  });

  it("escapes the searched text wherever it is mrkdwn", () => {
    const report = { ...grepReport([]), grep: { ...grepReport([]).grep!, text: "<!channel> & `x`" } };
    const message = renderGrepMessage(report, en);
    const mrkdwn: string[] = [message.text];
    JSON.stringify(message.blocks, (key, value: unknown) => {
      const record = value as { type?: unknown; text?: unknown };
      if (record && record.type === "mrkdwn" && typeof record.text === "string") mrkdwn.push(record.text);
      return value;
    });
    expect(mrkdwn.join("\n")).not.toContain("<!channel>");
    expect(mrkdwn.join("\n")).toContain("&lt;!channel&gt; &amp; 'x'");
  });
});
