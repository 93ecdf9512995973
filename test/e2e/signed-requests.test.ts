// The HTTP receiver only acts on requests Slack signed: anything else is refused and nothing runs.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isAuditOf } from "../support/captured-log.js";
import { startHarness, type Harness } from "../support/harness.js";
import { sendSlashCommand } from "../support/slack-requests.js";

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => harness.close());

let counter = 0;

describe("request signatures", () => {
  it.each([
    ["a tampered body", { tamper: (body: string) => body.replace("text=1+100", "text=1+200") }],
    ["a timestamp older than 5 minutes", { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 }],
    ["no signature", { omitSignature: true }],
    ["a wrong signing secret", { secret: "not-the-secret" }],
  ])("rejects %s and runs nothing", async (_name, options) => {
    counter += 1;
    const user = `U0SIGNED${counter}`;
    const refused = `refused-${counter}`;
    const response = await sendSlashCommand(harness.appUrl, { text: "1 100", response_url: harness.slack.responseUrl(refused), user_id: user }, options);
    expect(response.status).toBe(401);

    // Proof that the refused request has had every chance to run: the same person's next request,
    // validly signed and asking BK-JOB for at least as much, has been answered. Every request that
    // runs writes one audit line, so by now a wrongly accepted one would have left its own.
    const answered = `answered-${counter}`;
    const valid = await sendSlashCommand(harness.appUrl, { text: "1 200", response_url: harness.slack.responseUrl(answered), user_id: user });
    expect(valid.status).toBe(200);
    await harness.slack.waitFor((r) => r.kind === "response_url_post" && r.id === answered, 10_000);
    await harness.log.waitFor(isAuditOf(user));
    expect(harness.log.entries().filter(isAuditOf(user))).toEqual([expect.objectContaining({ action: "report", jobInstanceId: 200, outcome: "ok" })]);
    expect(harness.slack.responsePosts(refused)).toEqual([]);
  });

  it("answers GET /healthz", async () => {
    const response = await fetch(`${harness.appUrl}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
  });
});
