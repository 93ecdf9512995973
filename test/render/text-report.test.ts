// The report as terminal text: the Slack message's content without mrkdwn, colours only when
// asked, upstream text unable to drive the terminal, long lines cut between whole characters.
import { describe, expect, it } from "vitest";
import type { FailedHost, JobReport } from "../../src/core/report-model.js";
import { messagesFor } from "../../src/i18n/index.js";
import { mrkdwnToPlain } from "../../src/render/mrkdwn-plain.js";
import { renderTextReport } from "../../src/render/text-report.js";
import { ansiStyle } from "../../src/render/text-style.js";

const en = messagesFor("en");
const zh = messagesFor("zh-CN");
const ref = { bizId: 1, jobInstanceId: 200 };
const started = new Date("2024-05-20T02:15:00Z");

function failedHost(ip: string, overrides: Partial<FailedHost> = {}): FailedHost {
  return {
    ref: { ...ref, stepInstanceId: 20002, bkCloudId: 0, ip },
    ip,
    bkCloudId: 0,
    phase: "failed",
    exitCode: 1,
    errorCode: 0,
    durationMs: 11_000,
    logTail: ["job_start", "Traceback (most recent call last):", "job_fail"],
    logIsEmpty: false,
    ...overrides,
  };
}

function report(overrides: Partial<JobReport> = {}): JobReport {
  return {
    ref,
    name: "deploy-web-release",
    status: 4,
    phase: "failed",
    finished: true,
    operator: "zhangsan",
    startTime: started,
    endTime: new Date(started.getTime() + 379_000),
    durationMs: 379_000,
    steps: [
      { stepInstanceId: 20001, index: 1, name: "fetch-artifacts", status: 3, phase: "success", durationMs: 19_000, hosts: { total: 6, success: 6, failed: 0, running: 0, waiting: 0 }, manualConfirm: false },
      { stepInstanceId: 20002, index: 2, name: "deploy-web", status: 4, phase: "failed", durationMs: 360_000, hosts: { total: 3, success: 1, failed: 2, running: 0, waiting: 0 }, manualConfirm: false },
      { stepInstanceId: 20003, index: 3, name: "restart-nginx", status: 1, phase: "pending", durationMs: null, hosts: { total: 0, success: 0, failed: 0, running: 0, waiting: 0 }, manualConfirm: false },
    ],
    hosts: { total: 6, success: 4, failed: 2, running: 0, waiting: 0 },
    failureGroups: [
      { stepInstanceId: 20002, stepIndex: 2, stepName: "deploy-web", ipStatus: 104, tag: "", hosts: [failedHost("10.0.2.21")] },
      { stepInstanceId: 20002, stepIndex: 2, stepName: "deploy-web", ipStatus: 104, tag: "disk_full", hosts: [failedHost("10.0.2.24", { exitCode: 2, logTail: [], logIsEmpty: true })] },
    ],
    failedHostCount: 2,
    webUrl: "https://job.example.com/api_execute/200",
    generatedAt: new Date(started.getTime() + 400_000),
    ...overrides,
  };
}

describe("renderTextReport", () => {
  it("prints the Slack message's content as plain text", () => {
    expect(renderTextReport(report(), en)).toMatchInlineSnapshot(`
      "❌ deploy-web-release
      Failed · 2 of 6 hosts failed · took 6m 19s
      Business 1 · Job 200 · Started 2024-05-20 10:15:00 UTC+8 · by zhangsan
      Open in BK-JOB: https://job.example.com/api_execute/200

      ✅ 1. fetch-artifacts · Success · 19s · ✓ 6
      ❌ 2. deploy-web · Failed · 6m 0s · ✓ 1 ✗ 2
      ⚪ 3. restart-nginx · not started

      Failing hosts (2)
      Non-zero Exit Code · step 2. deploy-web · 1 host
        • 10.0.2.21 · BK-Net 0 · exit 1 · 11s
      Non-zero Exit Code · tag disk_full · step 2. deploy-web · 1 host
        • 10.0.2.24 · BK-Net 0 · exit 2 · 11s

      Last 3 lines of 10.0.2.21
        │ job_start
        │ Traceback (most recent call last):
        │ job_fail
      "
    `);
  });

  it("shows a host's GSE error code only when it is known and not 0", () => {
    const hosts = [failedHost("10.0.2.26", { exitCode: 0, errorCode: 1 }), failedHost("10.0.2.27", { errorCode: null }), failedHost("10.0.2.28")];
    const text = renderTextReport(report({ failureGroups: [{ stepInstanceId: 20002, stepIndex: 2, stepName: "deploy-web", ipStatus: 403, tag: "", hosts }] }), en);
    expect(text).toContain("  • 10.0.2.26 · BK-Net 0 · exit 0 · error 1 · 11s\n");
    expect(text).toContain("  • 10.0.2.27 · BK-Net 0 · exit 1 · 11s\n");
    expect(text).toContain("  • 10.0.2.28 · BK-Net 0 · exit 1 · 11s\n");
  });

  it("uses no escape sequences unless asked, and colours statuses when asked", () => {
    expect(renderTextReport(report(), en)).not.toContain("\u001b");
    const coloured = renderTextReport(report(), en, { style: ansiStyle });
    expect(coloured).toContain("\u001b[31m\u001b[1mFailed\u001b[22m\u001b[39m"); // red, bold
    expect(coloured).toContain("\u001b[32mSuccess\u001b[39m"); // green
  });

  it("keeps mrkdwn marks that are upstream text, drops the templates' own", () => {
    const tricky = report({
      failureGroups: [{ stepInstanceId: 20002, stepIndex: 2, stepName: "*not* `marks`", ipStatus: 104, tag: "<!channel> & *x*", hosts: [failedHost("10.0.2.21")] }],
    });
    const text = renderTextReport(tricky, en);
    expect(text).toContain("Non-zero Exit Code · tag <!channel> & *x* · step 2. *not* `marks` · 1 host");
  });

  it("strips escape sequences and control characters from upstream names", () => {
    const text = renderTextReport(report({ name: "evil\u001b]0;pwned\u0007\u001b[2Jname\r\nnext", operator: "op\u001b[31m" }), en);
    expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
    expect(text).toContain("❌ evilname next");
  });

  it("cuts long names between whole characters, never inside CJK or an emoji", () => {
    const name = `${"部署".repeat(60)}👨‍👩‍👧‍👦`;
    const text = renderTextReport(report({ steps: [{ ...report().steps[0]!, name }] }), en);
    const line = text.split("\n").find((candidate) => candidate.startsWith("✅ 1."))!;
    expect(line).toContain("…");
    expect(line).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/); // no lone high surrogate
  });

  it("says what is left out after ten listed hosts", () => {
    const hosts = Array.from({ length: 12 }, (_, index) => failedHost(`10.0.9.${index}`));
    const text = renderTextReport(report({ failureGroups: [{ stepInstanceId: 20002, stepIndex: 2, stepName: "deploy-web", ipStatus: 104, tag: "", hosts }], failedHostCount: 12 }), en);
    expect(text.match(/ {2}• 10\.0\.9\./g)).toHaveLength(10);
    expect(text).toContain("…and 2 more failing hosts: press Open in BK-JOB or ask for a host's log.");
  });

  it("speaks Chinese with JOBLOG_LANG=zh-CN", () => {
    const text = renderTextReport(report(), zh);
    expect(text).toContain("执行失败 · 6 台主机中 2 台失败");
    expect(text).toContain("脚本返回码非零 · 标签 disk_full · 步骤 2. deploy-web · 1 台");
  });

  it("a running job says how far it got", () => {
    const running = report({ status: 2, phase: "running", finished: false, failureGroups: [], failedHostCount: 0, hosts: { total: 6, success: 3, failed: 0, running: 3, waiting: 0 } });
    expect(renderTextReport(running, en).split("\n")[1]).toBe("Running · 3 of 6 hosts done · running for 6m 19s");
  });
});

describe("mrkdwnToPlain", () => {
  it.each([
    ["*bold* and `code`", "bold and code"],
    ["<https://iam.example/apply|Apply for it here>", "Apply for it here (https://iam.example/apply)"],
    ["&lt;script&gt; &amp; more", "<script> & more"],
    ["job_start 2*3*4", "job_start 2*3*4"],
  ])("%j → %j", (mrkdwn, plain) => {
    expect(mrkdwnToPlain(mrkdwn)).toBe(plain);
  });
});
