// Slack's retries of unacknowledged events over Socket Mode, and an abrupt drop of the socket:
// what the fake sends again, and that a real Bolt client loses nothing.
import { describe, expect, it, vi } from "vitest";
import { start } from "./helpers.js";
import { connectRaw, startBoltApp, startSocketModeClient } from "./socket-mode-helpers.js";

const mention = { type: "app_mention", user: "U0ALICE", channel: "C0OPS", text: "<@U0BOT> 1 200", ts: "1700000000.000100" };

describe("Socket Mode retries", () => {
  it("sends an unacknowledged event again, same envelope_id, retry_attempt 1 and retry_reason timeout", async () => {
    const { fake } = await start();
    const client = await startSocketModeClient(fake);
    const seen: { envelopeId: string; retryNum: unknown; retryReason: unknown }[] = [];
    client.on("slack_event", async ({ ack, envelope_id, retry_num, retry_reason }) => {
      seen.push({ envelopeId: envelope_id, retryNum: retry_num, retryReason: retry_reason });
      if (retry_num > 0) await ack(); // the first delivery goes unanswered
    });

    const delivery = await fake.socketMode.sendEvent(mention);
    expect(delivery).toMatchObject({ acknowledged: true });
    expect(delivery.sent.map(({ envelope }) => [envelope.retry_attempt, envelope.retry_reason])).toEqual([
      [0, ""],
      [1, "timeout"],
    ]);
    expect(seen).toEqual([
      { envelopeId: delivery.envelopeId, retryNum: 0, retryReason: "" },
      { envelopeId: delivery.envelopeId, retryNum: 1, retryReason: "timeout" },
    ]);
  });

  it("stops after Slack's three retries", async () => {
    const { fake } = await start({ socketMode: { ackTimeoutMs: 200, retryDelaysMs: [0, 0, 0] } });
    const raw = await connectRaw(fake); // never acknowledges
    const delivery = await fake.socketMode.sendEvent(mention);
    expect(delivery).toMatchObject({ acknowledged: false, reason: "timeout" });
    expect(delivery.sent.map(({ envelope }) => envelope.retry_attempt)).toEqual([0, 1, 2, 3]);
    expect(raw.frames.slice(1).map((frame) => frame["envelope_id"])).toEqual(Array(4).fill(delivery.envelopeId));
  });

  it("after an abrupt drop the Bolt app reconnects: the next command is answered and an event sent meanwhile arrives by retry", async () => {
    // Slack's last two retries come after 1 and 5 minutes; here after 10 s, past Bolt's 5 s reconnection delay.
    const { fake } = await start({ socketMode: { retryDelaysMs: [0, 10_000, 10_000] } });
    const mentions: unknown[] = [];
    await startBoltApp(fake, (app) => {
      app.command("/joblog", async ({ command, ack }) => ack({ text: `usage for "${command.text}"` }));
      app.event("app_mention", async ({ event }) => void mentions.push(event.text));
    });
    expect(await fake.socketMode.sendSlashCommand({ text: "before" })).toMatchObject({ acknowledged: true });

    expect(fake.socketMode.dropConnections()).toBe(1);
    const duringGap = fake.socketMode.sendEvent(mention);
    await fake.socketMode.waitForConnections(1);
    expect(fake.socketMode.connectionsOpened).toBe(2);
    expect(await fake.socketMode.sendSlashCommand({ text: "after" })).toMatchObject({
      acknowledged: true,
      connectionId: 2,
      payload: { text: 'usage for "after"' },
    });

    const event = await duringGap;
    expect(event).toMatchObject({ acknowledged: true, connectionId: 2 });
    expect(event.sent).toHaveLength(1); // the attempts before the reconnection found no connection
    expect(event.sent[0]?.envelope.retry_attempt).toBeGreaterThan(0);
    await vi.waitFor(() => expect(mentions).toEqual([mention.text])); // Bolt acknowledges events before the listener runs
  }, 45_000);
});
