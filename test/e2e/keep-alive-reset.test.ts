// Slack (or a proxy in front of it) drops kept-alive connections that sat idle, without telling
// the client; the next request on one is reset before any answer. joblog sends such a request
// again, once, on a new connection: the report still arrives, and arrives once. The fake Slack
// here drops connections idle for 1 s (src/local/fake-slack/idle-connections.ts).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SCENARIOS } from "../../src/local/sim/scenarios.js";
import { startHarness, type Harness } from "../support/harness.js";
import { sendSlashCommand } from "../support/slack-requests.js";

const IDLE_MS = 1_000;
let harness: Harness;
beforeAll(async () => {
  harness = await startHarness({ slackIdleConnectionMs: IDLE_MS });
});
afterAll(async () => harness.close());

async function report(id: string, user: string) {
  const { bizId, jobInstanceId } = SCENARIOS.seed;
  const ack = await sendSlashCommand(harness.appUrl, { text: `${bizId} ${jobInstanceId}`, response_url: harness.slack.responseUrl(id, { channel: "C0RESET", user }), user_id: user, channel_id: "C0RESET" });
  expect(ack.status).toBe(200);
  return harness.slack.waitFor((r) => r.kind === "response_url_post" && r.id === id, 10_000);
}

describe("a kept-alive connection to Slack dropped for idleness", () => {
  it("is retried once on a new connection: nothing lost, nothing posted twice", async () => {
    // Opens the connections (users.info, the response_url post) and leaves them idle in the pool.
    await report("before", "U0RESETA");
    const resetsBefore = harness.slack.idleResets();
    // Idle past the fake's limit: the next calls go out on connections it has dropped.
    await new Promise((resolve) => setTimeout(resolve, IDLE_MS + 200));

    const post = await report("after", "U0RESETB");
    expect(post.body.response_type).toBe("in_channel");
    // The drop did happen (and was met by a reset), yet each call reached Slack exactly once.
    expect(harness.slack.idleResets()).toBeGreaterThan(resetsBefore);
    expect(harness.slack.responsePosts("after")).toHaveLength(1);
    expect(harness.slack.callsTo("users.info").filter((call) => call.body.user === "U0RESETB")).toHaveLength(1);
  });
});
