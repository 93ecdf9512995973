// The small transport helpers: time parsing, JSON body problems, jitter, redaction.
import { describe, expect, it } from "vitest";
import { parseBkTime, secondsToMs } from "../../src/bkjob/bk-time.js";
import { unescapeHtml } from "../../src/bkjob/html-unescape.js";
import { jitteredRetryDelayMs, withOneRetry } from "../../src/bkjob/http-fetch.js";
import { parseJsonBody } from "../../src/bkjob/json-body.js";
import { createRedactor, safeCause } from "../../src/bkjob/redact.js";

describe("parseBkTime", () => {
  const cases: [string, { given: string | number | null | undefined; want: string | null }][] = [
    ["3.x, no offset = UTC+8", { given: "2018-03-15 14:39:30", want: "2018-03-15T06:39:30.000Z" }],
    ["old docs +0800", { given: "2018-03-15 14:39:30 +0800", want: "2018-03-15T06:39:30.000Z" }],
    ["+08:00", { given: "2018-03-15 14:39:30+08:00", want: "2018-03-15T06:39:30.000Z" }],
    ["Z", { given: "2018-03-15T14:39:30Z", want: "2018-03-15T14:39:30.000Z" }],
    ["fractional seconds", { given: "2018-03-15 14:39:30.25", want: "2018-03-15T06:39:30.250Z" }],
    ["day rollover", { given: "2018-03-15 02:00:00", want: "2018-03-14T18:00:00.000Z" }],
    ["epoch ms", { given: 1521095970000, want: "2018-03-15T06:39:30.000Z" }],
    ["epoch seconds (bk-job's own heuristic)", { given: 1521095970, want: "2018-03-15T06:39:30.000Z" }],
    ["epoch ms as string", { given: "1521095970000", want: "2018-03-15T06:39:30.000Z" }],
    ["0 is unset", { given: 0, want: null }],
    ["null", { given: null, want: null }],
    ["undefined", { given: undefined, want: null }],
    ["empty", { given: "  ", want: null }],
    ["garbage", { given: "15/03/2018", want: null }],
    ["month 13", { given: "2018-13-15 14:39:30", want: null }],
  ];

  it.each(cases)("%s", (_name, { given, want }) => {
    expect(parseBkTime(given)?.toISOString() ?? null).toBe(want);
  });

  it("turns decimal seconds into whole ms", () => {
    expect([secondsToMs(60.599), secondsToMs(0.001), secondsToMs(null), secondsToMs(0)]).toEqual([60599, 1, null, 0]);
  });
});

describe("unescapeHtml", () => {
  it.each([
    ["&amp;lt; once", "&amp;lt;", "&lt;"],
    ["all five", "&amp;&lt;&gt;&quot;&#39;", `&<>"'`],
    ["unknown entities untouched", "&nbsp;&copy;&#x27;", "&nbsp;&copy;&#x27;"],
    ["no ampersand", "plain <text>", "plain <text>"],
  ])("%s", (_name, given, want) => {
    expect(unescapeHtml(given)).toBe(want);
  });
});

describe("parseJsonBody", () => {
  it.each([
    ["valid", '{"a":1}', { ok: true, value: { a: 1 } }],
    ["empty", " \n", { ok: false, problem: "empty", excerpt: "" }],
    ["HTML", "<html>502</html>", { ok: false, problem: "not JSON", excerpt: "<html>502</html>" }],
    ["cut inside a string", '{"a":"bc', { ok: false, problem: "truncated", excerpt: '{"a":"bc' }],
    ["cut after a comma", '[1,2,', { ok: false, problem: "truncated", excerpt: "[1,2," }],
    ["escaped quote inside a string", '{"a":"x\\"}', { ok: false, problem: "truncated", excerpt: '{"a":"x\\"}' }],
    ["balanced but invalid", "{a:1}", { ok: false, problem: "not JSON", excerpt: "{a:1}" }],
  ])("%s", (_name, given, want) => {
    expect(parseJsonBody(given)).toEqual(want);
  });

  it("keeps the excerpt to about 80 characters on one line", () => {
    const result = parseJsonBody(`<html>\n\n${"x".repeat(500)}`);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.excerpt).toBe(`<html> ${"x".repeat(73)}…`);
  });
});

describe("retry policy", () => {
  it("jitters between 200 and 600 ms", () => {
    expect([0, 0.25, 0.5, 0.9999, 1.5, -1].map((r) => jitteredRetryDelayMs(() => r))).toEqual([200, 300, 400, 600, 600, 200]);
  });

  it("retries at most once, and not when cancelled during the pause", async () => {
    const calls: number[] = [];
    const always = await withOneRetry(async (n) => (calls.push(n), "fail"), {
      shouldRetry: () => true,
      random: () => 0,
      sleep: async () => {},
    });
    expect(always).toEqual({ outcome: "fail", attempts: 2, cancelled: false });
    expect(calls).toEqual([1, 2]);

    const cancelled = await withOneRetry(async () => "fail", {
      shouldRetry: () => true,
      random: () => 0,
      sleep: async () => {},
      cancelled: () => true,
    });
    expect(cancelled).toEqual({ outcome: "fail", attempts: 1, cancelled: true });
  });
});

describe("redaction", () => {
  const redact = createRedactor(['p"a\\ss', "plain-secret"]);

  it("removes raw and JSON-escaped forms", () => {
    expect(redact("x plain-secret y")).toBe("x [redacted] y");
    expect(redact(JSON.stringify({ s: 'p"a\\ss' }))).toBe('{"s":"[redacted]"}');
  });

  it("reduces causes to JSON-safe, redacted values", () => {
    const error = new TypeError("boom plain-secret", { cause: Object.assign(new Error("inner"), { code: "ECONNRESET" }) });
    expect(safeCause(error, redact)).toEqual({
      name: "TypeError",
      message: "boom [redacted]",
      cause: { name: "Error", message: "inner", code: "ECONNRESET" },
    });
    expect(safeCause({ body: { bk_app_secret: "plain-secret" } }, redact)).toEqual({ body: { bk_app_secret: "[redacted]" } });
    const circular: Record<string, unknown> = {};
    circular["self"] = circular;
    expect(safeCause(circular, redact)).toBe("[object Object]");
  });

  it("ignores an empty secret", () => {
    expect(createRedactor([""])("text")).toBe("text");
  });
});
