// The fake Slack's Socket Mode frames, checked one by one with a bare WebSocket client against
// Slack's documented shapes (src/local/fake-slack/socket-mode/frames.ts names the sources).
import { describe, expect, it } from "vitest";
import { startFakeSlack } from "../../src/local/fake-slack/index.js";
import { BOT_TOKEN, start } from "./helpers.js";
import { connectRaw, openConnection, RawSocket } from "./socket-mode-helpers.js";

describe("apps.connections.open", () => {
  it.each([
    ["no token at all", undefined, "missing_args"],
    ["a bot token", `Bearer ${BOT_TOKEN}`, "not_allowed_token_type"],
    ["another app's token", "Bearer xapp-1-A0OTHER-1-nope", "invalid_auth"],
  ])("answers %s with Slack's error", async (_name, authorization, error) => {
    const { fake } = await start();
    expect(await openConnection(fake, authorization)).toEqual({ ok: false, error });
  });

  it("refuses the app-level token as a POST parameter: only the Authorization header counts", async () => {
    const { fake } = await start();
    const answer = await openConnection(fake, undefined, { body: `token=${fake.socketMode.appToken}` });
    expect(answer).toEqual({ ok: false, error: "missing_args" });
  });

  it("answers a GET with insecure_request", async () => {
    const { fake } = await start();
    const response = await fetch(`${fake.apiUrl}apps.connections.open`, { headers: { authorization: `Bearer ${fake.socketMode.appToken}` } });
    expect(await response.json()).toEqual({ ok: false, error: "insecure_request" });
  });

  it("hands out a single-use ws:// URL on loopback and never records the token", async () => {
    const { fake } = await start();
    const answer = await openConnection(fake, `Bearer ${fake.socketMode.appToken}`);
    expect(answer["ok"]).toBe(true);
    const url = String(answer["url"]);
    expect(url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/link\/\?ticket=[0-9a-f-]{36}&app_id=A0APP$/);
    await RawSocket.connect(url);
    await expect(RawSocket.connect(url)).rejects.toThrow(/401/);
    await expect(RawSocket.connect(url.replace(/ticket=[^&]+/, "ticket=made-up"))).rejects.toThrow(/401/);
    expect(JSON.stringify(fake.callsTo("apps.connections.open"))).not.toContain(fake.socketMode.appToken);
  });
});

describe("the WebSocket", () => {
  it("greets each connection with hello: connection count, debug info, the app id", async () => {
    const { fake } = await start();
    const first = await connectRaw(fake);
    const second = await connectRaw(fake);
    expect(first.frames[0]).toEqual({
      type: "hello",
      num_connections: 1,
      debug_info: { host: expect.any(String), build_number: expect.any(Number), approximate_connection_time: expect.any(Number) },
      connection_info: { app_id: "A0APP" },
    });
    expect(second.frames[0]).toMatchObject({ type: "hello", num_connections: 2 });
    expect(fake.socketMode.connectionCount).toBe(2);
  });

  it("refuses an 11th connection of the app with disconnect too_many_websockets", async () => {
    const { fake } = await start();
    for (let n = 0; n < 10; n += 1) await connectRaw(fake);
    const opened = await openConnection(fake, `Bearer ${fake.socketMode.appToken}`);
    const eleventh = await RawSocket.connect(String(opened["url"]));
    expect(await eleventh.frame(0)).toMatchObject({ type: "disconnect", reason: "too_many_websockets" });
    await eleventh.closed;
    expect(fake.socketMode.connectionCount).toBe(10);
  });

  it("wraps each kind of request in an envelope, with a response payload only where Slack takes one", async () => {
    const { fake } = await start();
    const raw = await connectRaw(fake);
    void fake.socketMode.sendSlashCommand({ text: "1 200", channel_id: "C0OPS", user_id: "U0ALICE" });
    void fake.socketMode.sendInteraction({ type: "block_actions", actions: [] });
    void fake.socketMode.sendInteraction({ type: "view_submission", view: {} });
    void fake.socketMode.sendEvent({ type: "app_mention", text: "<@U0BOT> 1 200" }, { eventId: "Ev0001" });
    const [command, button, submission, event] = await Promise.all([1, 2, 3, 4].map((index) => raw.frame(index)));
    expect(command).toEqual({
      envelope_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      type: "slash_commands",
      accepts_response_payload: true,
      payload: expect.objectContaining({ command: "/joblog", text: "1 200", channel_id: "C0OPS", user_id: "U0ALICE" }),
    });
    // The command comes with a response_url and a trigger_id this fake honours.
    const payload = command?.["payload"] as Record<string, string>;
    expect(payload["response_url"]).toMatch(new RegExp(`^${fake.url}/response/`));
    expect(payload["trigger_id"]).toEqual(expect.any(String));
    expect(button).toMatchObject({ type: "interactive", accepts_response_payload: false, payload: { type: "block_actions" } });
    expect(button).not.toHaveProperty("retry_attempt");
    expect(submission).toMatchObject({ type: "interactive", accepts_response_payload: true });
    expect(event).toMatchObject({
      type: "events_api",
      accepts_response_payload: false,
      retry_attempt: 0,
      retry_reason: "",
      payload: { type: "event_callback", event_id: "Ev0001", event: { type: "app_mention" } },
    });
  });

  it("returns the acknowledgement's payload, and notes what Slack would not take", async () => {
    const { fake } = await start();
    const raw = await connectRaw(fake);
    const command = fake.socketMode.sendSlashCommand({ text: "help" });
    const commandFrame = await raw.frame(1);
    raw.send({ envelope_id: commandFrame["envelope_id"], payload: { text: "usage" } });
    expect(await command).toMatchObject({ acknowledged: true, payload: { text: "usage" }, connectionId: 1 });

    const button = fake.socketMode.sendInteraction({ type: "block_actions", actions: [] });
    const buttonFrame = await raw.frame(2);
    raw.send("not json");
    raw.send({ envelope_id: "no-such-envelope" });
    raw.send({ envelope_id: buttonFrame["envelope_id"], payload: { text: "ignored" } });
    expect(await button).toMatchObject({ acknowledged: true, payload: undefined });
    expect(fake.socketMode.protocolErrors).toEqual([
      expect.stringContaining("not an acknowledgement: not json"),
      expect.stringContaining("unknown envelope no-such-envelope"),
      expect.stringContaining("accepts no response payload"),
    ]);
  });

  it("says a slash command could not be dispatched when no connection is open", async () => {
    const { fake } = await start();
    expect(await fake.socketMode.sendSlashCommand({ text: "1 200" })).toMatchObject({ acknowledged: false, reason: "no_connection", sent: [] });
  });

  it("sends disconnect with Slack's reasons, and closes a socket the app keeps open", async () => {
    const { fake } = await start({ socketMode: { disconnectGraceMs: 50 } });
    const raw = await connectRaw(fake);
    expect(fake.socketMode.disconnect("warning")).toBe(1);
    expect(await raw.frame(1)).toEqual({ type: "disconnect", reason: "warning", debug_info: { host: expect.any(String) } });
    // After a warning Slack still delivers on the connection until it closes it.
    expect(fake.socketMode.connectionCount).toBe(1);
    expect(await raw.closed).toBe(1000);
    expect(fake.socketMode.connectionCount).toBe(0);

    const other = await connectRaw(fake);
    fake.socketMode.disconnect("link_disabled");
    expect(await other.frame(1)).toMatchObject({ type: "disconnect", reason: "link_disabled" });
    expect(fake.socketMode.connectionCount).toBe(0);
    expect(await fake.socketMode.sendSlashCommand({ text: "1 200" })).toMatchObject({ acknowledged: false, reason: "no_connection" });
  });

  it("drops sockets without a close frame", async () => {
    const { fake } = await start();
    const raw = await connectRaw(fake);
    expect(fake.socketMode.dropConnections()).toBe(1);
    expect(await raw.closed).toBe(1006); // abnormal closure: no close frame
    expect(fake.socketMode.connectionCount).toBe(0);
  });

  it("closes open sockets when the fake closes", async () => {
    const fake = await startFakeSlack(); // closed here, not by the shared afterEach
    const raw = await connectRaw(fake);
    await fake.close();
    expect(await raw.closed).toBe(1006);
  });
});
