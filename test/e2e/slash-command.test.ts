// /joblog end to end: signed slash commands into the real Bolt receiver, BK-JOB simulator
// upstream, answers checked where Slack would receive them (the response_url).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { validateMessage } from "../../src/render/limits.js";
import { SCENARIOS } from "../../src/local/sim/scenarios.js";
import { startHarness, type Harness } from "../support/harness.js";
import { sendSlashCommand } from "../support/slack-requests.js";

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => harness.close());

async function command(text: string) {
  const id = `r${Math.random().toString(36).slice(2)}`;
  const responseUrl = harness.slack.responseUrl(id, { channel: "C0INCIDENT", user: "U0OPS" });
  const ack = await sendSlashCommand(harness.appUrl, { text, response_url: responseUrl });
  return { ack, id };
}

async function answerTo(id: string) {
  const post = await harness.slack.waitFor((recorded) => recorded.kind === "response_url_post" && recorded.id === id, 10_000);
  if (post.kind !== "response_url_post") throw new Error("unexpected record");
  return post;
}

const textOf = (body: Record<string, unknown>) => JSON.stringify(body.blocks ?? []) + String(body.text ?? "");

describe("/joblog <biz> <job>", () => {
  it("posts the seed example's report in the channel", async () => {
    const { ack, id } = await command("1 100");
    expect(ack.status).toBe(200);
    // Shares the typed command in the channel, as Slack does for an in_channel acknowledgement.
    expect(JSON.parse(ack.body)).toEqual({ response_type: "in_channel" });
    const post = await answerTo(id);
    expect(post.accepted).toBe(true);
    expect(post.body.response_type).toBe("in_channel");
    expect(validateMessage(post.body as never)).toEqual([]);
    const text = textOf(post.body);
    expect(text).toContain("✅ test");
    expect(text).toContain("Business 1 · Job 100");
    expect(text).toContain("✅ *1. test* · Success · 1m 1s · ✓ 1");
  });

  it("reports a failing multi-step job: failing groups, exit codes, log tail, Show log buttons", async () => {
    const { bizId, jobInstanceId } = SCENARIOS.multiStepFailure;
    const { id } = await command(`${bizId} ${jobInstanceId}`);
    const post = await answerTo(id);
    expect(post.body.response_type).toBe("in_channel");
    expect(validateMessage(post.body as never)).toEqual([]);
    const blocks = post.body.blocks as { type: string; elements?: { action_id?: string; value?: string }[] }[];
    const text = textOf(post.body);
    expect(text).toContain("❌");
    expect(text).toContain("Failing hosts");
    expect(text).toContain("Non-zero Exit Code");
    expect(text).toMatch(/exit (1|2|127)/);
    expect(blocks.some((block) => block.type === "rich_text")).toBe(true);
    const buttons = blocks.filter((block) => block.type === "actions").flatMap((block) => block.elements ?? []);
    expect(buttons.filter((button) => button.action_id?.startsWith("show_log")).length).toBeGreaterThan(0);
  });

  it("reports the 2,000-host job within Slack's limits", async () => {
    const { bizId, jobInstanceId } = SCENARIOS.largeJob;
    const { id } = await command(`${bizId} ${jobInstanceId}`);
    const post = await answerTo(id);
    expect(post.accepted).toBe(true);
    expect(validateMessage(post.body as never)).toEqual([]);
    expect(textOf(post.body)).toContain("of 2,000 hosts failed");
  });

  it("accepts a JOB execution link", async () => {
    const { id } = await command("https://job.example.com/biz/1/execute/task/100");
    const post = await answerTo(id);
    expect(textOf(post.body)).toContain("Job 100");
  });
});

describe("/joblog with malformed input", () => {
  it.each([
    ["empty", ""],
    ["help", "help"],
    ["letters", "abc def"],
    ["negative", "1 -5"],
    ["beyond 2^53", "1 99999999999999999999"],
    ["too many words", "1 100 200"],
  ])("%s: ephemeral usage in the acknowledgement, no upstream call", async (_name, text) => {
    const before = harness.sim.requests.length;
    const { ack } = await command(text);
    expect(ack.status).toBe(200);
    const body = JSON.parse(ack.body) as Record<string, unknown>;
    expect(body.response_type).toBe("ephemeral");
    // Escaped for mrkdwn: Slack would read a raw <…> as a link or mention.
    expect(textOf(body)).toContain("/joblog &lt;bk_biz_id&gt; &lt;job_instance_id&gt;");
    expect(validateMessage(body as never)).toEqual([]);
    expect(harness.sim.requests.length).toBe(before);
  });
});

describe("/joblog when BK-JOB fails", () => {
  it.each([
    ["not found", `1 123456789`, ["was not found in business 1", "1244006", "request id"]],
    ["another business", `1 ${SCENARIOS.otherBusiness.jobInstanceId}`, ["was not found in business 1", "request id"]],
    ["no permission", `1 ${SCENARIOS.permissionDenied.jobInstanceId}`, ["may not view this job", "view_history", "1238001", "request id"]],
    ["business not found", `9999 100`, ["Business 9999 does not exist", "1243049", "request id"]],
    // A gateway's bare 502 and a cut-off body carry no BK-JOB request id: none is shown, not "none".
    ["gateway error", `1 ${SCENARIOS.gatewayError.jobInstanceId}`, ["gateway", "HTTP 502"]],
    ["truncated body", `1 ${SCENARIOS.truncated.jobInstanceId}`, ["could not read"]],
  ])("%s: an ephemeral explanation with BK-JOB's code and request id when it sent them", async (_name, text, expected) => {
    const { id } = await command(text);
    const post = await answerTo(id);
    expect(post.body.response_type).toBe("ephemeral");
    expect(validateMessage(post.body as never)).toEqual([]);
    const shown = textOf(post.body);
    for (const fragment of expected) expect(shown).toContain(fragment);
    expect(shown).not.toMatch(/\bnone\b/);
    expect(shown).not.toContain("sim-secret");
  });
});
