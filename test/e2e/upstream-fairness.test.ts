// One user flooding joblog with requests while BK-JOB is slow does not starve another user: the
// cap on concurrent BK-JOB calls keeps a share for everyone.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SCENARIOS } from "../../src/local/sim/scenarios.js";
import { startHarness, type Harness } from "../support/harness.js";
import { sendSlashCommand } from "../support/slack-requests.js";

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness({
    simDelayMs: 400,
    env: { JOBLOG_USER_RATE: "100", JOBLOG_CHANNEL_RATE: "100", JOBLOG_UPSTREAM_CONCURRENCY: "8", JOBLOG_UPSTREAM_PER_USER: "2" },
  });
});
afterAll(async () => harness.close());

describe("a flood from one user", () => {
  it("does not hold up another user's request", async () => {
    const { bizId, jobInstanceId } = SCENARIOS.seed;
    const flood = Array.from({ length: 12 }, (_, index) =>
      sendSlashCommand(harness.appUrl, { text: `${bizId} ${jobInstanceId}`, response_url: harness.slack.responseUrl(`flood-${index}`), user_id: "U0FLOOD", channel_id: `C0F${index}` }),
    );
    // Every request of the flood is acknowledged (so joblog is working on it) before the other user asks.
    for (const ack of await Promise.all(flood)) expect(ack.status).toBe(200);
    await sendSlashCommand(harness.appUrl, { text: `${bizId} ${jobInstanceId}`, response_url: harness.slack.responseUrl("other"), user_id: "U0OTHER", channel_id: "C0OTHER" });

    // The report of each (a slow one may be preceded by a "Still asking BK-JOB…" note).
    const report = (id: string) => harness.slack.waitFor((r) => r.kind === "response_url_post" && r.id === id && r.body.response_type === "in_channel", 30_000);
    const other = await report("other");
    const floodPosts = await Promise.all(Array.from({ length: 12 }, (_, index) => report(`flood-${index}`))); // none lost
    expect(other.body.response_type).toBe("in_channel");
    expect(floodPosts).toHaveLength(12);
    // The other user's answer came before most of the flood's, not after all of it.
    const floodTimes = floodPosts.map((post) => post.at).sort((a, b) => a - b);
    expect(other.at).toBeLessThan(floodTimes[floodTimes.length - 4]!);
    // And the flood itself never had more than its share of BK-JOB calls in flight.
    const answeredTogether = Math.max(...harness.sim.requests.map((r) => harness.sim.requests.filter((s) => Math.abs(s.at - r.at) < 50).length));
    expect(answeredTogether).toBeLessThanOrEqual(2 + 2);
  });
});
