import { describe, expect, it } from "vitest";
import { start } from "./helpers.js";

describe("conversations.history / replies", () => {
  it("returns posted messages with their metadata when asked", async () => {
    const { fake, client } = await start();
    const parent = await client.chat.postMessage({ channel: "C1", text: "parent", metadata: { event_type: "joblog_follow", event_payload: { key: "parent:1" } } });
    await client.chat.postMessage({ channel: "C1", text: "reply", thread_ts: parent.ts!, metadata: { event_type: "joblog_change", event_payload: { key: "step:1" } } });
    const history = await client.conversations.history({ channel: "C1", include_all_metadata: true });
    expect(history.messages?.map((m) => (m as { metadata?: { event_payload?: { key?: string } } }).metadata?.event_payload?.key)).toEqual(["parent:1"]);
    const replies = await client.conversations.replies({ channel: "C1", ts: parent.ts!, include_all_metadata: true });
    expect(replies.messages?.map((m) => m.text)).toEqual(["parent", "reply"]);
    expect((replies.messages?.[1] as { metadata?: { event_payload?: { key?: string } } }).metadata?.event_payload?.key).toBe("step:1");
    const plain = await client.conversations.replies({ channel: "C1", ts: parent.ts! });
    expect((plain.messages?.[1] as { metadata?: unknown }).metadata).toBeUndefined();
    expect(fake.callsTo("conversations.replies")).toHaveLength(2);
  });

  it("refuses a private channel the bot is not in", async () => {
    const { fake, client } = await start();
    fake.setChannel("G1", { isPrivate: true, botIsMember: false });
    await expect(client.conversations.history({ channel: "G1" })).rejects.toMatchObject({ data: { error: "not_in_channel" } });
  });
});
