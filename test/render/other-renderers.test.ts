// Every renderer other than the report: output within Slack's limits, upstream text escaped.
import { describe, expect, it } from "vitest";
import type { UpstreamError } from "../../src/core/upstream-error.js";
import { indexLogPages, pageLines } from "../../src/core/log-pages.js";
import { buildReport } from "../support/build-report.js";
import { messagesFor } from "../../src/i18n/index.js";
import { renderUpstreamError } from "../../src/render/error-message.js";
import { validateMessage, validateModal } from "../../src/render/limits.js";
import { renderLogLoading, renderLogNotice, renderLogPage } from "../../src/render/log-modal.js";
import { renderUnfurl } from "../../src/render/unfurl.js";
import { renderUsage } from "../../src/render/usage-message.js";
import { bkTime, seedLog, seedStatus, stressLog } from "../fixtures/job-models.js";

const en = messagesFor("en");
const zh = messagesFor("zh-CN");
const ref = { bizId: 1, jobInstanceId: 100 };
const where = { ref, actingUser: "admin", timeoutMs: 15_000 };

const error = (overrides: Partial<UpstreamError>): UpstreamError => ({
  kind: "upstream",
  api: "get_job_instance_log",
  code: null,
  message: null,
  requestId: "req-1",
  httpStatus: null,
  permission: null,
  ...overrides,
});

describe("renderUsage", () => {
  it("is the help, within limits, in both languages", () => {
    for (const messages of [en, zh]) expect(validateMessage(renderUsage(messages))).toEqual([]);
    expect(renderUsage(en).text).toBe("How to use /joblog");
  });

  it("leads with what was wrong, escaped", () => {
    const message = renderUsage(en, { code: "notANumber", word: "<!channel>" });
    expect(validateMessage(message)).toEqual([]);
    expect(JSON.stringify(message.blocks)).toContain("`&lt;!channel&gt;` is not a positive whole number.");
  });
});

describe("renderUpstreamError", () => {
  it.each([
    ["not_found", error({ kind: "not_found", code: 1244006, message: "作业实例不存在" }), ["Job 100 was not found in business 1", "1244006", "req-1"]],
    ["no_permission", error({ kind: "no_permission", code: 1238001, permission: { systemName: "作业平台", actions: [{ id: "view_history", name: "查看执行历史" }], applyUrl: "https://iam.example.com/apply?x=1" } }), ["*admin* may not view", "查看执行历史 (`view_history`)", "<https://iam.example.com/apply?x=1|Apply for it here>"]],
    ["business_not_found", error({ kind: "business_not_found", code: 1243049 }), ["Business 1 does not exist"]],
    ["bad_credentials", error({ kind: "bad_credentials", code: 1306000 }), ["BK_APP_SECRET"]],
    ["gateway", error({ kind: "gateway", httpStatus: 502, requestId: null }), ["gateway", "HTTP 502"]],
    ["rate_limited", error({ kind: "rate_limited", httpStatus: 429 }), ["rate-limiting"]],
    ["timeout", error({ kind: "timeout", requestId: null, message: "no answer before the deadline" }), ["`get_job_instance_log` within 15 s", "a timeout", "try again in a minute", "BK_JOB_TIMEOUT_MS"]],
    ["network", error({ kind: "network" }), ["BK_JOB_API_URL"]],
    ["bad_response", error({ kind: "bad_response", message: "not JSON: <html>" }), ["could not read"]],
    ["upstream", error({ kind: "upstream", code: 1240002, message: "Internal <!here> Error" }), ["1240002", "Internal &lt;!here&gt; Error"]],
  ] as const)("%s", (_name, given, fragments) => {
    const message = renderUpstreamError(given, where, en);
    expect(validateMessage(message)).toEqual([]);
    const text = JSON.stringify(message);
    for (const fragment of fragments) expect(text).toContain(fragment);
    expect(text).not.toContain("<!here>");
    // What is not known is left out, never written as a placeholder.
    expect(text).not.toMatch(/\bnone\b/);
  });

  it("says nothing of BK-JOB's code or request id when neither is known, nor quotes joblog's own words as BK-JOB's", () => {
    const message = renderUpstreamError(error({ kind: "timeout", requestId: null, message: "no answer before the deadline" }), where, en);
    expect(message.blocks.map((block) => block.block_id)).toEqual(["error"]);
    expect(JSON.stringify(message)).not.toContain("BK-JOB said");
  });
});

describe("renderUnfurl", () => {
  it("summarises a failed job in one line", () => {
    const log = stressLog({ steps: 2, failedHostsPerStep: 3, logLines: 2 });
    const report = buildReport({ ref, log, status: null, webUrl: null, now: bkTime("2024-01-01 00:00:00") });
    const unfurl = renderUnfurl(report, en);
    expect(validateMessage({ text: "x", ...unfurl })).toEqual([]);
    expect(JSON.stringify(unfurl)).toContain("failed at step 1.");
    expect(JSON.stringify(unfurl)).toContain("6 failing hosts");
  });

  it("summarises the seed", () => {
    const report = buildReport({ ref, log: seedLog, status: seedStatus, webUrl: null, now: bkTime("2024-01-01 00:00:00") });
    expect(renderUnfurl(report, en).blocks).toMatchInlineSnapshot(`
      [
        {
          "block_id": "unfurl",
          "text": {
            "text": "✅ *test* · Success · 1m 1s",
            "type": "mrkdwn",
          },
          "type": "section",
        },
        {
          "block_id": "unfurl-context",
          "elements": [
            {
              "text": "Business 1 · Job 100",
              "type": "mrkdwn",
            },
          ],
          "type": "context",
        },
      ]
    `);
  });
});

describe("log modal", () => {
  const host = { label: "10.0.0.1", bkCloudId: 0, stepName: "<!channel> deploy", jobInstanceId: 100 };

  it("loading and notice views are valid", () => {
    expect(validateModal(renderLogLoading(host, en, "{}"))).toEqual([]);
    expect(validateModal(renderLogNotice(host, en.logModal.hostGone, en, "{}"))).toEqual([]);
    expect(JSON.stringify(renderLogLoading(host, en, "{}"))).not.toContain("<!channel>");
  });

  it("pages of a 5 MB log, first to last, are valid and cover every line once", () => {
    const lines = Array.from({ length: 61_000 }, (_, n) => `line ${String(n + 1).padStart(6, "0")}: ${"磁盘".repeat(n % 40)} \u001b[31mred\u001b[0m`);
    const text = `${lines.join("\n")}\n`;
    const index = indexLogPages(text);
    expect(index.totalLines).toBe(61_000);
    let seen = 0;
    for (const [page, entry] of index.pages.entries()) {
      expect(entry.firstLine).toBe(seen + 1);
      seen = entry.lastLine;
      if (page === 0 || page === index.pages.length - 1 || page % 97 === 0) {
        const view = renderLogPage(
          host,
          { page, pageCount: index.pages.length, firstLine: entry.firstLine, lastLine: entry.lastLine, totalLines: index.totalLines, lines: pageLines(text, index, page) },
          en,
          "{}",
        );
        expect(validateModal(view)).toEqual([]);
        expect(JSON.stringify(view)).not.toContain("\\u001b");
      }
    }
    expect(seen).toBe(61_000);
  });

  it("an empty log says so", () => {
    const view = renderLogPage(host, { page: 0, pageCount: 1, firstLine: 0, lastLine: 0, totalLines: 0, lines: [] }, en, "{}");
    expect(validateModal(view)).toEqual([]);
    expect(JSON.stringify(view)).toContain("This host printed no log.");
  });

  it("a single 200,000-character line is cut to fit", () => {
    const text = "x".repeat(200_000);
    const index = indexLogPages(text);
    const view = renderLogPage(host, { page: 0, pageCount: 1, firstLine: 1, lastLine: 1, totalLines: 1, lines: pageLines(text, index, 0) }, en, "{}");
    expect(validateModal(view)).toEqual([]);
  });
});
