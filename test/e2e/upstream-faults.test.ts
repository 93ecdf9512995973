// BK-JOB that never answers, or rejects joblog's credentials: a clear answer, never silence,
// and no secret in any message or log line.
import { afterEach, describe, expect, it } from "vitest";
import { SCENARIOS } from "../../src/local/sim/scenarios.js";
import { startHarness, type Harness } from "../support/harness.js";
import { sendSlashCommand } from "../support/slack-requests.js";

let harness: Harness | null = null;
afterEach(async () => {
  await harness?.close();
  harness = null;
});

async function answer(h: Harness, text: string) {
  const id = `r${Math.random().toString(36).slice(2)}`;
  const ack = await sendSlashCommand(h.appUrl, { text, response_url: h.slack.responseUrl(id) });
  expect(ack.status).toBe(200);
  const post = await h.slack.waitFor((r) => r.kind === "response_url_post" && r.id === id, 15_000);
  return post.body;
}

describe("upstream faults", () => {
  it("an upstream that never answers: a timeout message after BK_JOB_TIMEOUT_MS", async () => {
    harness = await startHarness({ env: { BK_JOB_TIMEOUT_MS: "400" } });
    const body = await answer(harness, `1 ${SCENARIOS.hang.jobInstanceId}`);
    expect(body.response_type).toBe("ephemeral");
    const shown = JSON.stringify(body);
    expect(shown).toMatch(/did not answer `get_job_instance_\w+` within 0\.4 s/);
    expect(shown).toContain("a timeout");
    expect(shown).not.toMatch(/\bnone\b/);
  });

  it("wrong app secret: tells an administrator what to check, never shows the secret", async () => {
    harness = await startHarness({ env: { BK_APP_SECRET: "wrong-secret-do-not-print" } });
    const body = await answer(harness, "1 100");
    const shown = JSON.stringify(body);
    expect(shown).toContain("BK_APP_SECRET");
    expect(shown).toContain("1306000");
    expect(shown).not.toContain("wrong-secret-do-not-print");
    expect(harness.logLines.join("\n")).not.toContain("wrong-secret-do-not-print");
    expect(harness.logLines.join("\n")).not.toContain("xoxb-test-token");
  });

  it("one 5xx is retried: the user sees the report", async () => {
    harness = await startHarness();
    const body = await answer(harness, `1 ${SCENARIOS.serverErrorOnce.jobInstanceId}`);
    expect(body.response_type).toBe("in_channel");
  });

  it("answers in Chinese with JOBLOG_LANG=zh-CN", async () => {
    harness = await startHarness({ env: { JOBLOG_LANG: "zh-CN" } });
    const body = await answer(harness, `1 ${SCENARIOS.multiStepFailure.jobInstanceId}`);
    const shown = JSON.stringify(body);
    expect(shown).toContain("执行失败");
    expect(shown).toContain("失败主机");
  });
});

describe("acknowledgement", () => {
  it("acknowledges the command before BK-JOB has answered, then posts the report", async () => {
    harness = await startHarness({ simDelayMs: 1_500 });
    const id = "ack-first";
    const ack = await sendSlashCommand(harness.appUrl, { text: "1 100", response_url: harness.slack.responseUrl(id) });
    expect(ack.status).toBe(200);
    // At the moment Slack has its acknowledgement, nothing has come back from BK-JOB yet.
    expect(harness.sim.requests.filter((request) => request.jobInstanceId === 100)).toHaveLength(0);
    expect(harness.slack.responsePosts(id)).toEqual([]);
    const post = await harness.slack.waitFor((r) => r.kind === "response_url_post" && r.id === id, 10_000);
    expect(post.body.response_type).toBe("in_channel");
  });
});
