// Auth, identity, the call recorder, waitFor and the change feed the future console subscribes to.
import { ErrorCode } from "@slack/web-api";
import { describe, expect, it } from "vitest";
import type { FakeSlackEvent, RecordedCall } from "../../src/local/fake-slack/index.js";
import { clientFor, start } from "./helpers.js";

describe("auth", () => {
  it("answers auth.test as the joblog bot", async () => {
    const { fake, client } = await start();
    await expect(client.auth.test()).resolves.toMatchObject({
      ok: true,
      url: `${fake.url}/`,
      user: "joblog",
      team_id: "T0001",
      user_id: "U0BOT",
      bot_id: "B0BOT",
    });
  });

  it.each([
    ["an unknown token", "xoxb-wrong", "invalid_auth"],
    ["no token", "", "not_authed"],
  ])("refuses %s", async (_name, token, error) => {
    const { fake } = await start();
    const client = clientFor(fake, { token });
    await expect(client.chat.postMessage({ channel: "C1", text: "x" })).rejects.toMatchObject({ code: ErrorCode.PlatformError, data: { ok: false, error } });
    expect(fake.messages("C1")).toEqual([]);
  });

  it("accepts a token in the form body and a custom bot token", async () => {
    const { fake } = await start({ botToken: "xoxb-other" });
    const response = await fetch(`${fake.apiUrl}auth.test`, { method: "POST", body: new URLSearchParams({ token: "xoxb-other" }) });
    expect(await response.json()).toMatchObject({ ok: true, user_id: "U0BOT" });
    expect(fake.calls[0]?.body).toEqual({}); // tokens are never recorded
  });

  it("answers unknown_method with HTTP 200", async () => {
    const { client } = await start();
    await expect(client.apiCall("chat.nonsense", {})).rejects.toMatchObject({ data: { ok: false, error: "unknown_method" } });
  });

  it("accepts JSON bodies", async () => {
    const { fake } = await start();
    const response = await fetch(`${fake.apiUrl}chat.postMessage`, {
      method: "POST",
      headers: { authorization: "Bearer xoxb-test-token", "content-type": "application/json; charset=utf-8" },
      body: JSON.stringify({ channel: "C1", text: "json", reply_broadcast: false }),
    });
    expect([response.status, await response.json()]).toEqual([200, expect.objectContaining({ ok: true, channel: "C1" })]);
  });
});

describe("users.info", () => {
  it("makes up a plausible person, or the one a test set", async () => {
    const { fake, client } = await start();
    await expect(client.users.info({ user: "U0ALICE" })).resolves.toMatchObject({
      user: { id: "U0ALICE", real_name: "User U0ALICE", is_bot: false, profile: { email: "u0alice@example.com" } },
    });
    fake.setUser("U0BOB", { email: "bob@corp.example", realName: "Bob" });
    await expect(client.users.info({ user: "U0BOB" })).resolves.toMatchObject({ user: { real_name: "Bob", profile: { email: "bob@corp.example" } } });
  });
});

describe("recorder", () => {
  it("waitFor resolves on a call that arrives later, and on one already recorded", async () => {
    const { fake, client } = await start();
    const later = fake.waitFor((c): c is RecordedCall => c.kind === "api_call" && c.method === "chat.update");
    const { ts = "" } = await client.chat.postMessage({ channel: "C1", text: "v1" });
    await client.chat.update({ channel: "C1", ts, text: "v2" });
    await expect(later).resolves.toMatchObject({ method: "chat.update", body: { text: "v2" }, response: { ok: true } });
    await expect(fake.waitFor((c) => c.kind === "api_call" && c.method === "chat.postMessage")).resolves.toMatchObject({ body: { text: "v1" } });
  });

  it("waitFor sees response_url posts", async () => {
    const { fake } = await start();
    const url = fake.responseUrl("r1");
    const waiting = fake.waitFor((c) => c.kind === "response_url_post");
    await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ text: "hi" }) });
    await expect(waiting).resolves.toMatchObject({ id: "r1", body: { text: "hi" }, status: 200 });
  });

  it("waitFor rejects on timeout, listing what it saw", async () => {
    const { fake, client } = await start();
    await client.auth.test();
    await expect(fake.waitFor((c) => c.kind === "api_call" && c.method === "chat.postMessage", 50)).rejects.toThrow(
      "fake Slack: no matching call within 50 ms; recorded so far: auth.test → ok",
    );
  });

  it("reports calls and workspace changes to subscribers until they unsubscribe", async () => {
    const { fake, client } = await start();
    const events: FakeSlackEvent["type"][] = [];
    const unsubscribe = fake.subscribe((event) => events.push(event.type));
    const { ts = "" } = await client.chat.postMessage({ channel: "C1", text: "v1" });
    await client.chat.update({ channel: "C1", ts, text: "v2" });
    unsubscribe();
    await client.chat.postMessage({ channel: "C1", text: "unseen" });
    expect(events).toEqual(["message_posted", "api_call", "message_updated", "api_call"]);
  });
});
