// Mentions and pasted links: answered in a thread, and unfurled into a compact preview.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Recorded } from "../../src/local/fake-slack/index.js";
import { validateMessage } from "../../src/render/limits.js";
import { SCENARIOS } from "../../src/local/sim/scenarios.js";
import { startHarness, type Harness } from "../support/harness.js";
import { sendEvent } from "../support/slack-requests.js";

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => harness.close());

describe("app_mention", () => {
  it("answers `@joblog 1 200` in a thread under the mention", async () => {
    const ts = "1700000100.000100";
    const response = await sendEvent(harness.appUrl, { type: "app_mention", user: "U0OPS", text: "<@U0BOT> 1 200", ts, channel: "C0INCIDENT", event_ts: ts });
    expect(response.status).toBe(200);
    const call = await harness.slack.waitFor((r) => r.kind === "api_call" && r.method === "chat.postMessage" && r.body.thread_ts === ts, 10_000);
    expect(call.response.ok).toBe(true);
    expect(call.body.channel).toBe("C0INCIDENT");
    expect(validateMessage(call.body as never)).toEqual([]);
    expect(JSON.stringify(call.body.blocks)).toContain("deploy-web-release");
  });

  it("answers a mention with a link", async () => {
    const ts = "1700000100.000200";
    await sendEvent(harness.appUrl, {
      type: "app_mention",
      user: "U0OPS",
      text: "<@U0BOT> what happened <https://job.example.com/biz/1/execute/task/100>",
      ts,
      channel: "C0INCIDENT",
      event_ts: ts,
    });
    const call = await harness.slack.waitFor((r) => r.kind === "api_call" && r.method === "chat.postMessage" && r.body.thread_ts === ts, 10_000);
    expect(JSON.stringify(call.body.blocks)).toContain("Job 100");
  });

  it("answers a malformed mention with the usage help in the thread", async () => {
    const ts = "1700000100.000300";
    await sendEvent(harness.appUrl, { type: "app_mention", user: "U0OPS", text: "<@U0BOT> please look", ts, channel: "C0INCIDENT", event_ts: ts });
    const call = await harness.slack.waitFor((r) => r.kind === "api_call" && r.method === "chat.postMessage" && r.body.thread_ts === ts, 10_000);
    expect(JSON.stringify(call.body.blocks)).toContain("How to use /joblog");
  });

  it("answers a re-delivered event once", async () => {
    const ts = "1700000100.000400";
    const event = { type: "app_mention", user: "U0OPS", text: "<@U0BOT> 1 100", ts, channel: "C0INCIDENT", event_ts: ts };
    const isReply = (r: Recorded) => r.kind === "api_call" && r.method === "chat.postMessage" && r.body.thread_ts === ts;
    await sendEvent(harness.appUrl, event, { eventId: "EvSAME" });
    const first = await harness.slack.waitFor(isReply, 10_000);
    const again = await sendEvent(harness.appUrl, event, { eventId: "EvSAME" });
    expect(again.status).toBe(200);
    // Wait for joblog's verdict on the second delivery, whichever it is: dropped, or answered again.
    const verdict = await Promise.race([
      harness.log.waitFor((line) => line["msg"] === "dropped a re-delivered event" && line["eventId"] === "EvSAME").then(() => "dropped"),
      harness.slack.waitFor((r) => isReply(r) && r !== first).then(() => "answered again"),
    ]).catch((error: unknown) => String(error));
    expect(verdict).toBe("dropped");
    expect(harness.slack.callsTo("chat.postMessage").filter((c) => c.body.thread_ts === ts)).toHaveLength(1);
  });
});

describe("link_shared", () => {
  it("unfurls a pasted execution link into status, failed step, failing hosts and duration", async () => {
    const url = `https://job.example.com/biz/1/execute/task/${SCENARIOS.multiStepFailure.jobInstanceId}`;
    await sendEvent(harness.appUrl, {
      type: "link_shared",
      channel: "C0INCIDENT",
      user: "U0OPS",
      message_ts: "1700000200.000100",
      links: [{ domain: "job.example.com", url }],
      event_ts: "1700000200.000200",
    });
    const call = await harness.slack.waitFor((r) => r.kind === "api_call" && r.method === "chat.unfurl", 10_000);
    expect(call.response.ok).toBe(true);
    const unfurls = call.body.unfurls as Record<string, { blocks: unknown[] }>;
    const preview = JSON.stringify(unfurls[url]);
    expect(preview).toContain("Failed");
    expect(preview).toContain("failed at step 2.");
    expect(preview).toMatch(/\d+ failing hosts/);
  });
});
