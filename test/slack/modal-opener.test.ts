// views.open straight to the Web API, against the fake Slack over loopback: the modal opens with
// the view as sent, and every way it can fail comes back as a value naming Slack's error (or the
// network's), never as an exception and never with the token in it.
import { describe, expect, it } from "vitest";
import { createModalOpener } from "../../src/slack/modal-opener.js";
import { createNodeFetch } from "../../src/slack/node-fetch.js";
import { recordingLogger } from "../bkjob/fake-fetch.js";
import { BOT_TOKEN, manualClock, start } from "../fake-slack/helpers.js";

const view = {
  type: "modal",
  title: { type: "plain_text", text: "Log" },
  private_metadata: '{"p":0}',
  blocks: [{ type: "section", text: { type: "mrkdwn", text: "Loading the log of *10.0.0.1*…" } }],
};

async function opener(token = BOT_TOKEN, options: Parameters<typeof start>[0] = {}) {
  const { fake } = await start(options);
  const logger = recordingLogger();
  return { fake, logger, modals: createModalOpener({ token, apiUrl: fake.apiUrl, fetch: createNodeFetch(), logger }) };
}

describe("createModalOpener", () => {
  it("opens the modal with the view as sent and answers its id", async () => {
    const { fake, modals } = await opener();
    const opened = await modals.open(fake.triggerId("U0OPS"), view);
    expect(opened).toEqual({ ok: true, viewId: expect.stringMatching(/^V/) });
    const [call] = fake.callsTo("views.open");
    expect(call?.body["view"]).toEqual(view);
    expect(call?.response).toMatchObject({ ok: true, view: { id: opened.ok ? opened.viewId : "" } });
  });

  it("answers Slack's error for a trigger that has expired or was used", async () => {
    const clock = manualClock();
    const { fake, modals } = await opener(BOT_TOKEN, { clock });
    const trigger = fake.triggerId("U0OPS");
    expect((await modals.open(trigger, view)).ok).toBe(true);
    expect(await modals.open(trigger, view)).toEqual({ ok: false, error: expect.stringMatching(/trigger/) });
    const late = fake.triggerId("U0OPS");
    clock.advance(3_500);
    expect(await modals.open(late, view)).toEqual({ ok: false, error: "expired_trigger_id" });
  });

  it("answers a rate limit without waiting it out (the trigger would expire first)", async () => {
    const { fake, modals } = await opener();
    fake.failNext("views.open", { status: 429, retryAfterSeconds: 30 });
    // Waiting the 30 s out would time the test out long before.
    expect(await modals.open(fake.triggerId("U0OPS"), view)).toEqual({ ok: false, error: "ratelimited" });
    expect(fake.callsTo("views.open")).toHaveLength(1);
  });

  it("answers a wrong token as Slack does, and never repeats the token", async () => {
    const { fake, modals, logger } = await opener("xoxb-wrong-secret-token");
    const opened = await modals.open(fake.triggerId("U0OPS"), view);
    expect(opened).toEqual({ ok: false, error: "invalid_auth" });
    expect(JSON.stringify([opened, logger.lines])).not.toContain("xoxb-wrong-secret-token");
  });

  it("answers a Slack it cannot reach as a value, logged without the token", async () => {
    const logger = recordingLogger();
    const modals = createModalOpener({ token: "xoxb-secret-token", apiUrl: "http://127.0.0.1:1/api/", fetch: createNodeFetch(), logger });
    const opened = await modals.open("T123", view);
    expect(opened).toEqual({ ok: false, error: expect.stringContaining("ECONNREFUSED") });
    expect(logger.lines).toEqual([expect.objectContaining({ level: "warn", message: "views.open did not reach Slack" })]);
    expect(JSON.stringify(logger.lines)).not.toContain("xoxb-secret-token");
  });
});
