// response_urls posted to the way Bolt's respond() does (JSON fetch): the 5-post / 30-minute limit,
// payload checks, and where accepted answers land in the workspace.
import { describe, expect, it } from "vitest";
import { RESPONSE_URL_LIFETIME_MS } from "../../src/local/fake-slack/index.js";
import { manualClock, sectionOf, start } from "./helpers.js";

/** What Bolt's createRespond does. */
async function respond(url: string, body: Record<string, unknown>): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
  return { status: response.status, body: await response.json() };
}

describe("response_url", () => {
  it("accepts 5 posts and refuses the 6th with used_url", async () => {
    const { fake } = await start();
    const url = fake.responseUrl("cmd1");
    expect(url).toBe(`${fake.url}/response/cmd1`);
    for (let i = 1; i <= 5; i += 1) {
      expect(await respond(url, { text: `update ${i}` })).toEqual({ status: 200, body: { ok: true } });
    }
    expect(await respond(url, { text: "update 6" })).toEqual({ status: 404, body: { ok: false, error: "used_url" } });
    expect(fake.responses("cmd1").map((b) => b["text"])).toEqual(["update 1", "update 2", "update 3", "update 4", "update 5"]);
    expect(fake.responsePosts("cmd1")).toHaveLength(6);
  });

  it("expires 30 minutes after it was issued", async () => {
    const clock = manualClock();
    const { fake } = await start({ clock });
    const url = fake.responseUrl();
    clock.advance(RESPONSE_URL_LIFETIME_MS);
    expect((await respond(url, { text: "just in time" })).status).toBe(200);
    clock.advance(1);
    expect(await respond(url, { text: "too late" })).toEqual({ status: 404, body: { ok: false, error: "expired_url" } });
  });

  it("refuses invalid payloads with 400 without counting them, and unknown ids with 404", async () => {
    const { fake } = await start();
    const url = fake.responseUrl("r");
    expect(await respond(url, { text: "t", blocks: [sectionOf(3001)] })).toEqual({
      status: 400,
      body: expect.objectContaining({ error: "invalid_blocks", errors: ["must be less than 3001 characters [json-pointer:/blocks/0/text/text]"] }),
    });
    expect(await respond(url, {})).toEqual({ status: 400, body: { ok: false, error: "no_text" } });
    expect(await respond(`${fake.url}/response/nope`, { text: "t" })).toEqual({ status: 404, body: { ok: false, error: "no_service" } });
    expect(fake.responses("r")).toEqual([]);
  });

  it("mirrors answers into the workspace when told the channel, user and original message", async () => {
    const { fake, client } = await start();
    const original = await client.chat.postMessage({ channel: "C1", text: "Job 42: running", blocks: [sectionOf(3)] });
    const url = fake.responseUrl(undefined, { channel: "C1", user: "U0ALICE", messageTs: original.ts ?? "" });

    await respond(url, { text: "Fetching…" }); // ephemeral by default
    await respond(url, { text: "Job 42: failed", replace_original: true });
    await respond(url, { text: "Posted for everyone", response_type: "in_channel" });

    expect(fake.ephemerals("C1", "U0ALICE").map((e) => e.text)).toEqual(["Fetching…"]);
    expect(fake.messages("C1").map((m) => [m.text, m.editCount])).toEqual([
      ["Job 42: failed", 1],
      ["Posted for everyone", 0],
    ]);
    await respond(url, { delete_original: true });
    expect(fake.messages("C1").map((m) => m.text)).toEqual(["Posted for everyone"]);
  });
});
