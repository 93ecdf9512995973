// A real Bolt app in Socket Mode (`new App({ socketMode: true, appToken })`, defaults untouched)
// against the fake Slack: connect, answer, reconnect when Slack asks, share the work between
// connections. The app is a tiny one defined here, not joblog's.
import type { App } from "@slack/bolt";
import { describe, expect, it, vi } from "vitest";
import type { ResponseUrlPost } from "../../src/local/fake-slack/index.js";
import { start } from "./helpers.js";
import { startBoltApp } from "./socket-mode-helpers.js";

/** `/joblog` answers with usage help in the acknowledgement, then a follow-up through response_url. */
const usageApp = (name: string) => (app: App) => {
  app.command("/joblog", async ({ command, ack, respond }) => {
    await ack({ response_type: "ephemeral", text: `${name}: usage for "${command.text}"` });
    await respond({ response_type: "ephemeral", text: `${name}: done with "${command.text}"` });
  });
};

describe("a Bolt app in Socket Mode against the fake Slack", () => {
  it("connects (hello), gets a slash command and its acknowledgement carries the answer", async () => {
    const { fake } = await start();
    await startBoltApp(fake, usageApp("app"));
    expect(fake.socketMode.connectionCount).toBe(1);
    expect(fake.callsTo("apps.connections.open")).toHaveLength(1);

    const delivery = await fake.socketMode.sendSlashCommand({ text: "two", channel_id: "C0OPS", user_id: "U0ALICE" });
    expect(delivery).toMatchObject({
      acknowledged: true,
      payload: { response_type: "ephemeral", text: 'app: usage for "two"' },
      connectionId: 1,
    });
    expect(delivery.sent).toHaveLength(1);
    // The command's response_url is the fake's own: the follow-up lands there.
    const followUp = (await fake.waitFor((r) => r.kind === "response_url_post")) as ResponseUrlPost;
    expect(followUp).toMatchObject({ accepted: true, body: { text: 'app: done with "two"' } });
    expect(fake.ephemerals("C0OPS", "U0ALICE").map((message) => message.text)).toContain('app: done with "two"');
  });

  it("gives up on a slash command not acknowledged within 3 s, does not send it again, and notes the late ack", async () => {
    const { fake } = await start();
    let release = () => {};
    const released = new Promise<void>((resolve) => (release = resolve));
    await startBoltApp(fake, (app) => {
      app.command("/joblog", async ({ ack }) => {
        await released;
        await ack({ text: "too late" });
      });
    });
    const delivery = await fake.socketMode.sendSlashCommand({ text: "1 200" });
    expect(delivery).toMatchObject({ acknowledged: false, reason: "timeout" });
    expect(delivery.sent).toHaveLength(1);
    release();
    await vi.waitFor(() => expect(fake.socketMode.lateAcks).toEqual([delivery.envelopeId]));
    expect(fake.socketMode.sent).toHaveLength(1);
  });

  it("reconnects after disconnect (refresh_requested) and answers the next command on the new connection", async () => {
    const { fake } = await start();
    await startBoltApp(fake, usageApp("app"));
    expect(fake.socketMode.disconnect("refresh_requested")).toBe(1);
    expect(fake.socketMode.connectionCount).toBe(0);
    await fake.socketMode.waitForConnections(1);
    expect(fake.socketMode.connectionsOpened).toBe(2);
    expect(fake.callsTo("apps.connections.open")).toHaveLength(2);

    const delivery = await fake.socketMode.sendSlashCommand({ text: "help" });
    expect(delivery).toMatchObject({ acknowledged: true, connectionId: 2, payload: { text: 'app: usage for "help"' } });
  }, 30_000);

  it("spreads envelopes over the connections of one app (two replicas sharing the app-level token)", async () => {
    const { fake } = await start();
    await startBoltApp(fake, usageApp("first"));
    await startBoltApp(fake, usageApp("second"));
    await fake.socketMode.waitForConnections(2);

    const deliveries = [];
    for (const text of ["a", "b", "c", "d"]) deliveries.push(await fake.socketMode.sendSlashCommand({ text }));
    const answeredBy = deliveries.map((delivery) => (delivery.acknowledged ? String(delivery.payload?.["text"]).split(":")[0] : "none"));
    expect(answeredBy.filter((name) => name === "first")).toHaveLength(2);
    expect(answeredBy.filter((name) => name === "second")).toHaveLength(2);
    expect(new Set(deliveries.map((delivery) => delivery.sent[0]?.connectionId))).toEqual(new Set([1, 2]));
  });
});
