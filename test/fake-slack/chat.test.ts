// chat.* through the real WebClient: round trips, Slack-shaped block errors, threads, ephemerals,
// unfurls, reactions and channel rules.
import { ErrorCode } from "@slack/web-api";
import { describe, expect, it } from "vitest";
import { manualClock, sectionOf, start } from "./helpers.js";

const platformError = (data: Record<string, unknown>) => expect.objectContaining({ code: ErrorCode.PlatformError, data: expect.objectContaining(data) });

describe("chat.postMessage / chat.update", () => {
  it("round-trips a message and its edit, with Slack-style increasing ts", async () => {
    const clock = manualClock();
    const { fake, client } = await start({ clock });
    const posted = await client.chat.postMessage({ channel: "C1", text: "Job 42 running", blocks: [sectionOf(5)] });
    expect(posted).toMatchObject({ ok: true, channel: "C1", ts: "1700000000.000100", message: { text: "Job 42 running", bot_id: "B0BOT", user: "U0BOT" } });

    const second = await client.chat.postMessage({ channel: "C1", text: "another" });
    expect(second.ts).toBe("1700000000.000200"); // same millisecond: still unique and increasing

    const updated = await client.chat.update({ channel: "C1", ts: posted.ts ?? "", text: "Job 42 failed", blocks: [sectionOf(3, "y")] });
    expect(updated).toMatchObject({ ok: true, channel: "C1", ts: posted.ts, text: "Job 42 failed" });

    const stored = fake.message("C1", posted.ts ?? "");
    expect(stored).toMatchObject({ text: "Job 42 failed", blocks: [sectionOf(3, "y")], editCount: 1 });
    expect(stored?.revisions).toEqual([{ text: "Job 42 running", blocks: [sectionOf(5)], at: clock.now() }]);
    expect(fake.messages("C1").map((m) => m.text)).toEqual(["Job 42 failed", "another"]);

    const [call] = fake.callsTo("chat.postMessage");
    expect(call?.body).toEqual({ channel: "C1", text: "Job 42 running", blocks: [sectionOf(5)] }); // blocks decoded, no token
  });

  it("keeps blocks when chat.update omits them, and drops them on []", async () => {
    const { fake, client } = await start();
    const { ts = "" } = await client.chat.postMessage({ channel: "C1", text: "t", blocks: [sectionOf(1)] });
    await client.chat.update({ channel: "C1", ts, text: "t2" });
    expect(fake.message("C1", ts)?.blocks).toEqual([sectionOf(1)]);
    await client.chat.update({ channel: "C1", ts, text: "t3", blocks: [] });
    expect(fake.message("C1", ts)?.blocks).toBeUndefined();
  });

  it("answers invalid_blocks with Slack's message for 51 blocks", async () => {
    const { client } = await start();
    const blocks = Array.from({ length: 51 }, () => ({ type: "divider" }));
    await expect(client.chat.postMessage({ channel: "C1", text: "t", blocks })).rejects.toEqual(
      platformError({
        ok: false,
        error: "invalid_blocks",
        errors: ["no more than 50 items allowed [json-pointer:/blocks]"],
        response_metadata: { messages: ["[ERROR] no more than 50 items allowed [json-pointer:/blocks]"] },
      }),
    );
  });

  it("answers invalid_blocks for a 3001-character section, in chat.update too", async () => {
    const { fake, client } = await start();
    const expected = platformError({ error: "invalid_blocks", errors: ["must be less than 3001 characters [json-pointer:/blocks/0/text/text]"] });
    await expect(client.chat.postMessage({ channel: "C1", text: "t", blocks: [sectionOf(3001)] })).rejects.toEqual(expected);
    const { ts = "" } = await client.chat.postMessage({ channel: "C1", text: "t", blocks: [sectionOf(3000)] });
    await expect(client.chat.update({ channel: "C1", ts, text: "t", blocks: [sectionOf(3001)] })).rejects.toEqual(expected);
    expect(fake.message("C1", ts)?.editCount).toBe(0);
  });

  it("answers msg_blocks_too_long above Slack's cumulative threshold, not at our budget", async () => {
    const { client } = await start();
    // Sections of at most 3,000 characters adding up to `total`.
    const sections = (total: number) => Array.from({ length: Math.ceil(total / 3000) }, (_, i) => sectionOf(Math.min(3000, total - i * 3000)));
    await expect(client.chat.postMessage({ channel: "C1", text: "t", blocks: sections(9_001) })).resolves.toMatchObject({ ok: true }); // over OUR budget
    await expect(client.chat.postMessage({ channel: "C1", text: "t", blocks: sections(12_000) })).resolves.toMatchObject({ ok: true });
    await expect(client.chat.postMessage({ channel: "C1", text: "t", blocks: sections(12_001) })).rejects.toEqual(platformError({ error: "msg_blocks_too_long" }));
  });

  it("accepts blocks without a fallback text (Slack only warns) but not an empty message", async () => {
    const { client } = await start();
    await expect(client.chat.postMessage({ channel: "C1", blocks: [sectionOf(1)] })).resolves.toMatchObject({ ok: true });
    await expect(client.chat.postMessage({ channel: "C1", text: "" })).rejects.toEqual(platformError({ error: "no_text" }));
  });

  it("truncates a top-level text over 40,000 characters with a warning", async () => {
    const { fake, client } = await start();
    const result = await client.chat.postMessage({ channel: "C1", text: "z".repeat(40_001) });
    expect(result).toMatchObject({ ok: true, warning: "message_truncated", response_metadata: { warnings: ["message_truncated"] } });
    expect(fake.message("C1", result.ts ?? "")?.text).toHaveLength(40_000);
  });

  it("threads replies under the parent, a reply-to-a-reply included, and shows broadcasts in the channel", async () => {
    const { fake, client } = await start();
    const parent = await client.chat.postMessage({ channel: "C1", text: "parent" });
    const reply = await client.chat.postMessage({ channel: "C1", text: "step 1 failed", thread_ts: parent.ts ?? "" });
    await client.chat.postMessage({ channel: "C1", text: "nested", thread_ts: reply.ts ?? "" });
    await client.chat.postMessage({ channel: "C1", text: "job failed", thread_ts: parent.ts ?? "", reply_broadcast: true });

    expect(reply.message).toMatchObject({ thread_ts: parent.ts });
    expect(fake.thread("C1", parent.ts ?? "").map((m) => m.text)).toEqual(["parent", "step 1 failed", "nested", "job failed"]);
    expect(fake.messages("C1").map((m) => m.text)).toEqual(["parent", "job failed"]);
    expect(fake.callsTo("chat.postMessage")[3]?.body).toMatchObject({ reply_broadcast: true });
  });

  it("posts to a user id through the bot's DM", async () => {
    const { fake, client } = await start();
    const result = await client.chat.postMessage({ channel: "U0ALICE", text: "hi" });
    expect(result.channel).toBe("D0ALICE");
    expect(fake.messages("U0ALICE").map((m) => m.text)).toEqual(["hi"]);
  });
});

describe("ephemerals, deletes, unfurls, reactions, permalinks", () => {
  it("posts an ephemeral that chat.update cannot edit", async () => {
    const { fake, client } = await start();
    const { message_ts = "" } = await client.chat.postEphemeral({ channel: "C1", user: "U0ALICE", text: "only you", blocks: [sectionOf(2)] });
    expect(fake.ephemerals("C1", "U0ALICE")).toEqual([expect.objectContaining({ ts: message_ts, text: "only you" })]);
    expect(fake.messages("C1")).toEqual([]);
    await expect(client.chat.update({ channel: "C1", ts: message_ts, text: "edited" })).rejects.toEqual(platformError({ error: "cant_update_message" }));
    await expect(client.chat.update({ channel: "C1", ts: "1.000001", text: "edited" })).rejects.toEqual(platformError({ error: "message_not_found" }));
  });

  it("validates ephemerals like messages", async () => {
    const { client } = await start();
    // apiCall: the typed chat.postEphemeral would (rightly) not compile with a mrkdwn header.
    const blocks = [{ type: "header", text: { type: "mrkdwn", text: "h" } }];
    await expect(client.apiCall("chat.postEphemeral", { channel: "C1", user: "U1", text: "t", blocks })).rejects.toEqual(
      platformError({ error: "invalid_blocks", errors: ["must be one of: plain_text [json-pointer:/blocks/0/text/type]"] }),
    );
  });

  it("deletes the bot's own message", async () => {
    const { fake, client } = await start();
    const { ts = "" } = await client.chat.postMessage({ channel: "C1", text: "bye" });
    await client.chat.delete({ channel: "C1", ts });
    expect(fake.messages("C1")).toEqual([]);
  });

  it("validates every unfurl's blocks and attaches them to the message", async () => {
    const { fake, client } = await start();
    const { ts = "" } = await client.chat.postMessage({ channel: "C1", text: "https://job.example/42" });
    const unfurls = { "https://job.example/42": { blocks: [sectionOf(10)] } };
    await expect(client.chat.unfurl({ channel: "C1", ts, unfurls })).resolves.toMatchObject({ ok: true });
    expect(fake.message("C1", ts)?.unfurls).toEqual(unfurls);
    await expect(client.chat.unfurl({ channel: "C1", ts, unfurls: { "https://job.example/43": { blocks: [sectionOf(3001)] } } })).rejects.toEqual(
      platformError({ error: "invalid_blocks", errors: ["must be less than 3001 characters [json-pointer:/unfurls/https:~1~1job.example~143/blocks/0/text/text]"] }),
    );
  });

  it("adds a reaction once", async () => {
    const { fake, client } = await start();
    const { ts = "" } = await client.chat.postMessage({ channel: "C1", text: "done" });
    await client.reactions.add({ channel: "C1", timestamp: ts, name: "white_check_mark" });
    await expect(client.reactions.add({ channel: "C1", timestamp: ts, name: "white_check_mark" })).rejects.toEqual(platformError({ error: "already_reacted" }));
    expect(fake.message("C1", ts)?.reactions).toEqual([{ name: "white_check_mark", users: ["U0BOT"] }]);
  });

  it("gives permalinks", async () => {
    const { fake, client } = await start({ clock: manualClock() });
    const { ts = "" } = await client.chat.postMessage({ channel: "C1", text: "x" });
    await expect(client.chat.getPermalink({ channel: "C1", message_ts: ts })).resolves.toMatchObject({ permalink: `${fake.url}/archives/C1/p1700000000000100` });
  });
});

describe("channel rules", () => {
  it.each([
    ["missing channel", { exists: false }, "chat.postMessage", "channel_not_found"],
    ["archived channel", { archived: true }, "chat.postMessage", "is_archived"],
    ["private channel without the bot", { isPrivate: true, botIsMember: false }, "chat.postMessage", "not_in_channel"],
    ["ephemeral where the bot is not a member", { botIsMember: false }, "chat.postEphemeral", "not_in_channel"],
  ] as const)("%s → %s", async (_name, settings, method, error) => {
    const { fake, client } = await start();
    fake.setChannel("C9", settings);
    const call = method === "chat.postMessage" ? client.chat.postMessage({ channel: "C9", text: "x" }) : client.chat.postEphemeral({ channel: "C9", user: "U1", text: "x" });
    await expect(call).rejects.toEqual(platformError({ error }));
    expect(fake.messages("C9")).toEqual([]);
  });

  it("posts to a public channel the bot is not in (chat:write.public)", async () => {
    const { fake, client } = await start();
    fake.setChannel("C9", { botIsMember: false });
    await expect(client.chat.postMessage({ channel: "C9", text: "x" })).resolves.toMatchObject({ ok: true });
  });
});
