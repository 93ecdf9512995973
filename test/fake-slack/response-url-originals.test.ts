// What replace_original and delete_original do on a response_url, as Slack documents it
// (docs.slack.dev/interactivity/handling-user-interaction#updating_message_response): they act on
// the message whose button was pressed, a message keeps its visibility for life, and a slash
// command has no such message.
import { describe, expect, it } from "vitest";
import { start } from "./helpers.js";

async function respond(url: string, body: Record<string, unknown>): Promise<number> {
  const response = await fetch(url, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
  return response.status;
}

describe("response_url and the original message", () => {
  it("a slash command's response_url has no original: a replace_original answer is a new message beside the earlier one", async () => {
    const { fake } = await start();
    const url = fake.responseUrl("cmd", { channel: "C1", user: "U0ALICE" });
    expect(await respond(url, { text: "Still asking…" })).toBe(200);
    expect(await respond(url, { text: "The report", response_type: "in_channel", replace_original: true })).toBe(200);
    expect(fake.ephemerals("C1", "U0ALICE").map((e) => e.text)).toEqual(["Still asking…"]);
    expect(fake.messages("C1").map((m) => [m.text, m.editCount])).toEqual([["The report", 0]]);
  });

  it("delete_original is not supported for a slash command: nothing is removed, the new answer is published", async () => {
    const { fake } = await start();
    const url = fake.responseUrl("cmd", { channel: "C1", user: "U0ALICE" });
    await respond(url, { text: "Still asking…" });
    expect(await respond(url, { text: "The report", response_type: "in_channel", delete_original: true })).toBe(200);
    expect(fake.ephemerals("C1", "U0ALICE").map((e) => e.text)).toEqual(["Still asking…"]);
    expect(fake.messages("C1").map((m) => m.text)).toEqual(["The report"]);
  });

  it("replacing an ephemeral message with an in_channel answer keeps it ephemeral", async () => {
    const { fake, client } = await start();
    const note = await client.chat.postEphemeral({ channel: "C1", user: "U0ALICE", text: "Already following (failures only)" });
    const url = fake.responseUrl(undefined, { channel: "C1", user: "U0ALICE", messageTs: note.message_ts ?? "" });
    expect(await respond(url, { text: "Switched", response_type: "in_channel", replace_original: true })).toBe(200);
    expect(fake.ephemerals("C1", "U0ALICE").filter((e) => !e.deleted).map((e) => e.text)).toEqual(["Switched"]);
    expect(fake.messages("C1")).toEqual([]);
  });

  it("delete_original with a new payload deletes the pressed message and publishes the new one", async () => {
    const { fake, client } = await start();
    const original = await client.chat.postMessage({ channel: "C1", text: "Pick one" });
    const url = fake.responseUrl(undefined, { channel: "C1", user: "U0ALICE", messageTs: original.ts ?? "" });
    expect(await respond(url, { text: "Picked", response_type: "in_channel", delete_original: true })).toBe(200);
    expect(fake.messages("C1").map((m) => m.text)).toEqual(["Picked"]);
  });
});
