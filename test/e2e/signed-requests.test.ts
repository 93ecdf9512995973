// The HTTP receiver only acts on requests Slack signed: anything else is refused and nothing runs.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "../helpers/harness.js";
import { sendSlashCommand } from "../helpers/slack-requests.js";

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => harness.close());

describe("request signatures", () => {
  it.each([
    ["a tampered body", { tamper: (body: string) => body.replace("text=1+100", "text=1+200") }],
    ["a timestamp older than 5 minutes", { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 }],
    ["no signature", { omitSignature: true }],
    ["a wrong signing secret", { secret: "not-the-secret" }],
  ])("rejects %s and runs nothing", async (_name, options) => {
    const id = `r${Math.random().toString(36).slice(2)}`;
    const before = harness.sim.requests.length;
    const response = await sendSlashCommand(harness.appUrl, { text: "1 100", response_url: harness.slack.responseUrl(id) }, options);
    expect(response.status).toBe(401);
    // Give a wrongly accepted request time to reach BK-JOB or Slack before checking it did not.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(harness.sim.requests.length).toBe(before);
    expect(harness.slack.responsePosts(id)).toEqual([]);
  });

  it("answers GET /healthz", async () => {
    const response = await fetch(`${harness.appUrl}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
  });
});
