// Log lines seeded with secrets: nothing joblog sends to Slack (report, modal, thread file) or
// prints in a terminal contains one; the masked lines still say what happened.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LEAKED_SECRETS } from "../../src/sim/scenarios/secret-logs.js";
import { SCENARIOS, SIM_DEFAULTS } from "../../src/sim/scenarios.js";
import { startHarness, type Harness } from "../helpers/harness.js";
import { messageButtonPayload, sendInteraction, sendSlashCommand, viewButtonPayload } from "../helpers/slack-requests.js";

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => harness.close());

const { bizId, jobInstanceId } = SCENARIOS.secretLogs;
const leaks = (text: string) => LEAKED_SECRETS.filter((secret) => text.includes(secret));

describe("secrets in job logs", () => {
  it("are masked in the report, the log modal and the thread file", async () => {
    await sendSlashCommand(harness.appUrl, { text: `${bizId} ${jobInstanceId}`, response_url: harness.slack.responseUrl("leaky", { channel: "C0SEC" }) });
    const report = await harness.slack.waitFor((r) => r.kind === "response_url_post" && r.id === "leaky", 10_000);
    const reportText = JSON.stringify(report.body);
    expect(leaks(reportText)).toEqual([]);
    expect(reportText).toContain("DB_PASSWORD=[redacted]");
    expect(reportText).toContain("password reset email sent; token_count: 12");

    const blocks = report.body.blocks as { type: string; elements?: { action_id: string; value: string }[] }[];
    const showLog = blocks.flatMap((b) => b.elements ?? []).find((e) => e.action_id?.startsWith("show_log"))!;
    const triggerId = harness.slack.triggerId();
    await sendInteraction(harness.appUrl, messageButtonPayload({ actionId: showLog.action_id, value: showLog.value, triggerId, channel: "C0SEC", messageTs: "1700000400.000100" }));
    const opened = await harness.slack.waitFor((r) => r.kind === "api_call" && r.method === "views.open" && r.body.trigger_id === triggerId, 10_000);
    const viewId = (opened.response.view as { id: string }).id;
    const page = await harness.slack.waitFor((r) => r.kind === "api_call" && r.method === "views.update" && r.body.view_id === viewId && JSON.stringify(r.body.view).includes("Lines 1"), 10_000);
    expect(leaks(JSON.stringify(page.body.view))).toEqual([]);
    expect(JSON.stringify(page.body.view)).toContain("-----BEGIN PRIVATE KEY----- [redacted]");

    const view = page.body.view as { private_metadata: string; blocks: { type: string; elements?: { action_id: string; value: string }[] }[] };
    const post = view.blocks.flatMap((b) => b.elements ?? []).find((e) => e.action_id === "post_log")!;
    await sendInteraction(harness.appUrl, viewButtonPayload({ actionId: post.action_id, value: post.value, view: { id: viewId, private_metadata: view.private_metadata } }));
    await harness.slack.waitFor((r) => r.kind === "api_call" && r.method === "files.completeUploadExternal", 10_000);
    const file = harness.slack.uploadedFiles().at(-1)!;
    expect(leaks(file.content.toString("utf8"))).toEqual([]);
    expect(file.content.toString("utf8")).toContain("mysql -h db1 -uroot -p[redacted]");
  });

  it("are masked by the terminal command too", async () => {
    const tsx = new URL("../../node_modules/.bin/tsx", import.meta.url).pathname;
    const cli = new URL("../../src/cli/main.ts", import.meta.url).pathname;
    // Asynchronous: the simulator answering the command runs in this very process.
    const run = await promisify(execFile)(tsx, [cli, String(bizId), String(jobInstanceId), "--log", "10.0.31.1"], {
      env: { PATH: process.env.PATH ?? "", BK_JOB_API_URL: harness.sim.url, BK_APP_CODE: SIM_DEFAULTS.appCode, BK_APP_SECRET: SIM_DEFAULTS.appSecret, BK_USERNAME: SIM_DEFAULTS.username },
      encoding: "utf8",
      timeout: 30_000,
    });
    expect(run.stderr).toBe("");
    expect(run.stdout).toContain("git clone https://deploy:[redacted]@git.example.com/app.git");
    expect(leaks(run.stdout)).toEqual([]);
  });

  it("never reach joblog's own log", () => {
    expect(leaks(harness.logLines.join("\n"))).toEqual([]);
  });
});
