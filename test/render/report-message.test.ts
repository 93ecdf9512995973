import { describe, expect, it } from "vitest";
import { buildReport } from "../support/build-report.js";
import { messagesFor } from "../../src/i18n/index.js";
import { validateMessage } from "../../src/render/limits.js";
import { renderReportMessage } from "../../src/render/report-message.js";
import { bkTime, host, seedLog, seedStatus, stressLog } from "../fixtures/job-models.js";

const en = messagesFor("en");
const zh = messagesFor("zh-CN");
const now = bkTime("2018-03-15 15:00:00");
const ref = { bizId: 1, jobInstanceId: 100 };

function allText(value: unknown): string {
  return JSON.stringify(value);
}

describe("renderReportMessage", () => {
  it("renders the seed example", () => {
    const report = buildReport({ ref, log: seedLog, status: seedStatus, webUrl: "https://job.example.com", now });
    const message = renderReportMessage(report, en);
    expect(validateMessage(message)).toEqual([]);
    expect(message.text).toMatchInlineSnapshot(`"✅ test (#100): Success, the 1 host succeeded"`);
    expect(message.blocks).toMatchInlineSnapshot(`
      [
        {
          "text": {
            "emoji": true,
            "text": "✅ test",
            "type": "plain_text",
          },
          "type": "header",
        },
        {
          "block_id": "summary",
          "text": {
            "text": "*Success* · the 1 host succeeded · took 1m 1s",
            "type": "mrkdwn",
          },
          "type": "section",
        },
        {
          "block_id": "context",
          "elements": [
            {
              "text": "Business 1 · Job 100 · Started <!date^1521095970^{date_short_pretty} {time_secs}|2018-03-15 14:39:30 UTC+8> · by admin · <https://job.example.com/api_execute/100|Open in BK-JOB>",
              "type": "mrkdwn",
            },
          ],
          "type": "context",
        },
        {
          "block_id": "steps",
          "text": {
            "text": "✅ *1. test* · Success · 1m 1s · ✓ 1",
            "type": "mrkdwn",
          },
          "type": "section",
        },
        {
          "block_id": "report-actions",
          "elements": [
            {
              "action_id": "open_in_job",
              "text": {
                "emoji": true,
                "text": "Open in BK-JOB",
                "type": "plain_text",
              },
              "type": "button",
              "url": "https://job.example.com/api_execute/100",
            },
          ],
          "type": "actions",
        },
      ]
    `);
  });

  it("renders the seed example in Chinese", () => {
    const report = buildReport({ ref, log: seedLog, status: seedStatus, webUrl: null, now });
    const message = renderReportMessage(report, zh);
    expect(validateMessage(message)).toEqual([]);
    expect(message.text).toBe("✅ test (#100)：执行成功，1 台主机全部成功");
    expect(allText(message.blocks)).toContain("业务 1 · 作业 100");
  });

  it("lists the first 10 failing hosts, then says how many more", () => {
    const log = stressLog({ steps: 1, failedHostsPerStep: 25, logLines: 5 });
    const message = renderReportMessage(buildReport({ ref, log, status: null, webUrl: null, now }), en);
    expect(validateMessage(message)).toEqual([]);
    const text = allText(message.blocks);
    expect(text).toContain("…and 15 more failing hosts");
    const actions = message.blocks.find((block) => block.type === "actions");
    expect(actions && "elements" in actions ? actions.elements.length : 0).toBe(10);
  });

  it.each([
    ["many steps", { steps: 300, failedHostsPerStep: 1, logLines: 3 }],
    ["long log lines", { steps: 2, failedHostsPerStep: 12, logLines: 200, lineText: "x".repeat(3000) }],
    ["CJK logs", { steps: 3, failedHostsPerStep: 5, logLines: 100, lineText: "磁盘空间不足，部署失败🔥".repeat(40) }],
    ["huge tags", { steps: 10, failedHostsPerStep: 10, logLines: 30, tag: "<!channel> ".repeat(30) }],
  ] as const)("stays within Slack's limits with %s", (_name, options) => {
    const log = stressLog(options);
    const message = renderReportMessage(buildReport({ ref, log, status: null, webUrl: "https://job.example.com", now }), en);
    expect(validateMessage(message)).toEqual([]);
    expect(message.text.length).toBeGreaterThan(0);
  });

  it("never lets upstream text ping or link in mrkdwn", () => {
    const log = stressLog({ steps: 1, failedHostsPerStep: 2, logLines: 3, tag: "<!channel> <@U123> <https://evil.example|x> & co" });
    const status = { ...seedStatus, job: { ...seedStatus.job, name: "<!here> deploy & *bold*", operator: "<@U999>" }, steps: [] };
    const message = renderReportMessage(buildReport({ ref, log, status, webUrl: null, now }), en);
    const mrkdwnTexts: string[] = [];
    const visit = (value: unknown) => {
      if (Array.isArray(value)) value.forEach(visit);
      else if (value && typeof value === "object") {
        const record = value as Record<string, unknown>;
        if (record.type === "mrkdwn" && typeof record.text === "string") mrkdwnTexts.push(record.text);
        Object.values(record).forEach(visit);
      }
    };
    visit(message.blocks);
    const joined = mrkdwnTexts.join("\n");
    expect(joined).not.toMatch(/<!channel>|<!here>|<@U|<https:\/\/evil/);
    expect(joined).toContain("&lt;!channel&gt;");
    expect(message.text).not.toMatch(/<!here>/);
  });

  it("shows each failing host's IP, BK-Net, exit code, error code and duration", () => {
    const log = {
      requestId: null,
      steps: [
        {
          stepInstanceId: 7,
          name: "deploy",
          status: 4,
          isFinished: true,
          groups: [
            { ipStatus: 104, tag: "disk_full", hosts: [host({ ip: "10.0.0.9", bkCloudId: 2, exitCode: 28, errorCode: 5, totalTimeMs: 2300, logContent: "No space left on device\n" })] },
            { ipStatus: 9, tag: "", hosts: [host({ ip: "10.0.0.1" })] },
          ],
        },
      ],
    };
    const message = renderReportMessage(buildReport({ ref, log, status: null, webUrl: null, now }), en);
    const text = allText(message.blocks);
    expect(text).toContain("*Non-zero Exit Code* · tag `disk_full` · step 1. deploy · 1 host");
    expect(text).toContain("• `10.0.0.9` · BK-Net 2 · exit 28 · error 5 · 2.3s");
    expect(text).toContain("No space left on device");
    expect(text).toContain("✓ 1 ✗ 1");
  });
});
