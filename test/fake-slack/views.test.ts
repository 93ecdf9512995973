// views.* through the real WebClient: trigger_id lifetime and single use (by a hand-moved clock),
// modal validation, hash-guarded updates.
import { ErrorCode } from "@slack/web-api";
import { describe, expect, it } from "vitest";
import { manualClock, sectionOf, start } from "./helpers.js";

const platformError = (data: Record<string, unknown>) => expect.objectContaining({ code: ErrorCode.PlatformError, data: expect.objectContaining(data) });
const plain = (text: string) => ({ type: "plain_text" as const, text });
const modal = (title = "Host log", blocks: unknown[] = [sectionOf(10)]) => ({ type: "modal" as const, title: plain(title), blocks: blocks as never[] });

describe("views.open", () => {
  it("opens a modal and answers with the view, its id and hash", async () => {
    const { fake, client } = await start();
    const result = await client.views.open({ trigger_id: fake.triggerId("U0ALICE"), view: { ...modal(), callback_id: "host_log" } });
    expect(result.view).toMatchObject({ id: expect.stringMatching(/^V/), hash: expect.any(String), type: "modal", callback_id: "host_log", title: plain("Host log") });
    expect(fake.views()).toEqual([expect.objectContaining({ id: result.view?.id, user: "U0ALICE" })]);
  });

  it("accepts a trigger up to 3 s old and refuses it after", async () => {
    const clock = manualClock();
    const { fake, client } = await start({ clock });
    const fresh = fake.triggerId();
    const stale = fake.triggerId();
    clock.advance(3_000);
    await expect(client.views.open({ trigger_id: fresh, view: modal() })).resolves.toMatchObject({ ok: true });
    clock.advance(1);
    await expect(client.views.open({ trigger_id: stale, view: modal() })).rejects.toEqual(platformError({ error: "expired_trigger_id" }));
  });

  it("refuses a trigger used twice", async () => {
    const { fake, client } = await start();
    const trigger = fake.triggerId();
    await client.views.open({ trigger_id: trigger, view: modal() });
    await expect(client.views.open({ trigger_id: trigger, view: modal() })).rejects.toEqual(platformError({ error: "exchanged_trigger_id" }));
  });

  it("refuses a trigger it never issued, as Slack documents it", async () => {
    const { client } = await start();
    await expect(client.views.open({ trigger_id: "123.456.abc", view: modal() })).rejects.toEqual(
      platformError({ error: "invalid_arguments", response_metadata: { messages: ["invalid `trigger_id`"] } }),
    );
  });

  it("refuses an invalid modal without using up the trigger", async () => {
    const { fake, client } = await start();
    const trigger = fake.triggerId();
    await expect(client.views.open({ trigger_id: trigger, view: modal("A title longer than 24 chars") })).rejects.toEqual(
      platformError({
        error: "invalid_arguments",
        response_metadata: {
          messages: ["[ERROR] failed to match all allowed schemas [json-pointer:/view]", "[ERROR] must be less than 25 characters [json-pointer:/view/title/text]"],
        },
      }),
    );
    await expect(client.views.open({ trigger_id: trigger, view: modal() })).resolves.toMatchObject({ ok: true });
  });

  it("refuses 101 blocks and a view over 250 kB", async () => {
    const { fake, client } = await start();
    const tooMany = Array.from({ length: 101 }, () => ({ type: "divider" }));
    await expect(client.views.open({ trigger_id: fake.triggerId(), view: modal("t", tooMany) })).rejects.toEqual(
      platformError({ response_metadata: { messages: expect.arrayContaining(["[ERROR] no more than 100 items allowed [json-pointer:/view/blocks]"]) } }),
    );
    const huge = Array.from({ length: 90 }, () => sectionOf(3000));
    await expect(client.views.open({ trigger_id: fake.triggerId(), view: modal("t", huge) })).rejects.toEqual(platformError({ error: "view_too_large" }));
  });

  it("pushes onto the user's open view", async () => {
    const { fake, client } = await start();
    const root = await client.views.open({ trigger_id: fake.triggerId("U1"), view: modal() });
    const pushed = await client.views.push({ trigger_id: fake.triggerId("U1"), view: modal("Details") });
    expect(pushed.view).toMatchObject({ root_view_id: root.view?.id, previous_view_id: root.view?.id });
  });
});

describe("views.update", () => {
  it("replaces the view and answers with a new hash", async () => {
    const { fake, client } = await start();
    const opened = await client.views.open({ trigger_id: fake.triggerId(), view: modal("Loading…") });
    const id = opened.view?.id ?? "";
    const updated = await client.views.update({ view_id: id, hash: opened.view?.hash ?? "", view: modal("Host log", [sectionOf(20)]) });
    expect(updated.view).toMatchObject({ id, title: plain("Host log") });
    expect(updated.view?.hash).not.toBe(opened.view?.hash);
    expect(fake.view(id)).toMatchObject({ updateCount: 1, view: { title: plain("Host log") } });
  });

  it("answers hash_conflict for a stale hash, and accepts no hash at all", async () => {
    const { fake, client } = await start();
    const opened = await client.views.open({ trigger_id: fake.triggerId(), view: modal() });
    const id = opened.view?.id ?? "";
    const staleHash = opened.view?.hash ?? "";
    await client.views.update({ view_id: id, hash: staleHash, view: modal("Second") });
    await expect(client.views.update({ view_id: id, hash: staleHash, view: modal("Third") })).rejects.toEqual(platformError({ error: "hash_conflict" }));
    await expect(client.views.update({ view_id: id, view: modal("Third") })).resolves.toMatchObject({ ok: true });
  });

  it("finds views by external_id and answers not_found for unknown ids", async () => {
    const { fake, client } = await start();
    await client.views.open({ trigger_id: fake.triggerId(), view: { ...modal(), external_id: "job-42" } });
    await expect(client.views.update({ external_id: "job-42", view: modal("Done") })).resolves.toMatchObject({ view: { external_id: "job-42" } });
    await expect(client.views.update({ view_id: "V404", view: modal() })).rejects.toEqual(platformError({ error: "not_found" }));
    await expect(client.views.open({ trigger_id: fake.triggerId(), view: { ...modal(), external_id: "job-42" } })).rejects.toEqual(
      platformError({ error: "duplicate_external_id" }),
    );
  });

  it("validates the new view", async () => {
    const { fake, client } = await start();
    const opened = await client.views.open({ trigger_id: fake.triggerId(), view: modal() });
    await expect(client.views.update({ view_id: opened.view?.id ?? "", view: modal("t", [sectionOf(3001)]) })).rejects.toEqual(
      platformError({ error: "invalid_arguments", response_metadata: { messages: expect.arrayContaining(["[ERROR] must be less than 3001 characters [json-pointer:/view/blocks/0/text/text]"]) } }),
    );
  });
});

// views.publish, per https://docs.slack.dev/reference/methods/views.publish and the Home tab's
// limits (https://docs.slack.dev/reference/block-kit/blocks: "up to 100 blocks in modals or Home tabs").
describe("views.publish (the App Home)", () => {
  it("takes a home view of 100 blocks, no trigger needed", async () => {
    const { client } = await start();
    const blocks = Array.from({ length: 100 }, () => ({ type: "divider" }));
    await expect(client.views.publish({ user_id: "U0OPS", view: { type: "home", blocks } })).resolves.toMatchObject({ ok: true, view: { type: "home" } });
  });

  it("refuses 101 blocks, a view that is not a home view, and a missing user_id", async () => {
    const { client } = await start();
    const tooMany = Array.from({ length: 101 }, () => ({ type: "divider" }));
    await expect(client.views.publish({ user_id: "U0OPS", view: { type: "home", blocks: tooMany } })).rejects.toEqual(platformError({ error: "invalid_arguments" }));
    await expect(client.views.publish({ user_id: "U0OPS", view: { type: "modal", blocks: [] } as never })).rejects.toEqual(platformError({ error: "invalid_arguments" }));
    await expect(client.views.publish({ view: { type: "home", blocks: [] } } as never)).rejects.toEqual(platformError({ error: "invalid_arguments" }));
  });
});
