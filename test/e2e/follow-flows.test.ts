// Following, as a new user meets it: a finished job says there is nothing to follow, 👀 Follow on
// a job followed for failures only offers all updates (and the switch sticks), and the live
// message's "📄 Show log" opens the log of the host that matters, with a picker when several do.
import { afterEach, describe, expect, it } from "vitest";
import type { RecordedCall } from "../../src/local/fake-slack/index.js";
import { validateMessage, validateModal } from "../../src/render/limits.js";
import { SCENARIOS } from "../../src/local/sim/scenarios.js";
import { SqliteFollowStore } from "../../src/store/sqlite-follow-store.js";
import { FakeTime } from "../support/fake-time.js";
import { startHarness, type Harness } from "../support/harness.js";
import { messageButtonPayload, sendInteraction, sendSlashCommand } from "../support/slack-requests.js";
import { whenIdle } from "../support/follow-idle.js";

let harness: Harness | null = null;
afterEach(async () => {
  await harness?.close();
  harness = null;
});

const RUNNING = SCENARIOS.running; // rolling-restart: step 1 on 3 hosts until 20 s; in step 2, 10.0.7.2 fails at 35 s
const CHANNEL = "C0INCIDENT";
const USER = "U0OPS";

type Element = { type: string; action_id: string; value?: string; url?: string; text?: { text: string }; options?: Option[]; initial_option?: Option };
type Option = { text: { text: string }; value: string };
type View = { id: string; private_metadata: string; blocks: { type: string; block_id?: string; elements?: Element[] }[] };

async function start() {
  const time = new FakeTime();
  harness = await startHarness({ clock: time, timers: time });
  return { h: harness, time };
}

/** `/joblog follow …` in the channel; resolves with the live message's call once it is posted. */
async function follow(h: Harness, text: string): Promise<RecordedCall> {
  await sendSlashCommand(h.appUrl, { text, response_url: h.slack.responseUrl(`r-${Math.random()}`, { channel: CHANNEL, user: USER }), channel_id: CHANNEL });
  const parent = await h.slack.waitFor(
    (r): r is RecordedCall => r.kind === "api_call" && r.method === "chat.postMessage" && r.body.channel === CHANNEL && r.body.thread_ts === undefined,
    10_000,
  );
  await whenIdle(h.app.follows);
  return parent;
}

async function run(h: Harness, time: FakeTime, seconds: number) {
  for (let second = 0; second < seconds; second += 1) {
    time.advance(1_000);
    await whenIdle(h.app.follows);
  }
}

const elementsOf = (blocks: unknown) => ((blocks ?? []) as { elements?: Element[] }[]).flatMap((block) => block.elements ?? []);
const textOf = (body: Record<string, unknown>) => `${String(body.text ?? "")} ${JSON.stringify(body.blocks ?? [])}`;

function latestView(h: Harness, id: string): View {
  const stored = h.slack.view(id);
  if (!stored) throw new Error(`no view ${id}`);
  return { ...(stored.view as unknown as View), id: stored.id };
}

/** Presses the live message's "📄 Show log"; resolves with the modal's id once views.open answered. */
async function pressShowLog(h: Harness, parent: RecordedCall): Promise<string> {
  const button = elementsOf(parent.body.blocks).find((element) => element.action_id === "follow_report")!;
  expect(button.text?.text).toBe("📄 Show log");
  const triggerId = h.slack.triggerId(USER);
  await sendInteraction(
    h.appUrl,
    messageButtonPayload({ actionId: button.action_id, value: button.value!, blockId: "follow-actions", triggerId, channel: CHANNEL, messageTs: String(parent.response.ts) }),
  );
  const opened = await h.slack.waitFor((r) => r.kind === "api_call" && r.method === "views.open" && r.body.trigger_id === triggerId, 10_000);
  expect(opened.response.ok).toBe(true);
  expect(JSON.stringify(opened.body.view)).toContain(`Finding the host to show in job ${RUNNING.jobInstanceId}`);
  return (opened.response.view as { id: string }).id;
}

async function viewUpdate(h: Harness, viewId: string, contains: string) {
  return h.slack.waitFor(
    (r) => r.kind === "api_call" && r.method === "views.update" && r.body.view_id === viewId && JSON.stringify(r.body.view).includes(contains),
    10_000,
  );
}

describe("/joblog follow on a job that has already finished", () => {
  it("says there is nothing to follow above the report", async () => {
    const { h } = await start();
    const id = "r-finished";
    await sendSlashCommand(h.appUrl, { text: `follow ${SCENARIOS.seed.bizId} ${SCENARIOS.seed.jobInstanceId}`, response_url: h.slack.responseUrl(id) });
    const post = await h.slack.waitFor((r) => r.kind === "response_url_post" && r.id === id, 10_000);
    expect(post.body.response_type).toBe("in_channel");
    expect(validateMessage(post.body as never)).toEqual([]);
    const [first] = post.body.blocks as { type: string; elements?: { text: string }[] }[];
    expect(first).toEqual({
      type: "context",
      block_id: "note",
      elements: [{ type: "mrkdwn", text: "Job 100 has already finished: nothing to follow. Here is its report." }],
    });
    expect(textOf(post.body)).toContain("Business 1 · Job 100");
    expect(h.app.follows.activeCount()).toBe(0);
  });
});

describe("👀 Follow while a --failures-only follow runs", () => {
  it("offers all updates; the switch replaces the offer, redraws the live message, is stored, and brings step replies", async () => {
    const { h, time } = await start();
    const parent = await follow(h, `follow ${RUNNING.bizId} ${RUNNING.jobInstanceId} --failures-only`);
    expect(textOf(parent.body)).toContain("failures only");
    await run(h, time, 5);

    // 👀 Follow on a report of the same job, in the same channel.
    await sendInteraction(
      h.appUrl,
      messageButtonPayload({
        actionId: "follow_job",
        value: JSON.stringify(RUNNING),
        triggerId: h.slack.triggerId(),
        channel: CHANNEL,
        messageTs: "1700000000.000900",
        responseUrl: h.slack.responseUrl("r-follow", { channel: CHANNEL, user: USER, messageTs: "1700000000.000900" }),
      }),
    );
    const offer = await h.slack.waitFor((r) => r.kind === "response_url_post" && r.id === "r-follow", 10_000);
    expect(offer.body.response_type).toBe("ephemeral");
    expect(validateMessage(offer.body as never)).toEqual([]);
    expect(textOf(offer.body)).toContain("already following this job in this channel, with failures only");
    const switchButton = elementsOf(offer.body.blocks).find((element) => element.action_id === "follow_mode");
    expect(switchButton?.text?.text).toBe("Switch to all updates");

    // The offer is an ephemeral message: pressing its button gives a response_url that replaces it.
    const [note] = h.slack.ephemerals(CHANNEL, USER);
    await sendInteraction(
      h.appUrl,
      messageButtonPayload({
        actionId: "follow_mode",
        value: switchButton!.value!,
        blockId: "follow-mode",
        triggerId: h.slack.triggerId(),
        channel: CHANNEL,
        messageTs: note!.ts,
        responseUrl: h.slack.responseUrl("r-mode", { channel: CHANNEL, user: USER, messageTs: note!.ts }),
      }),
    );
    const switched = await h.slack.waitFor((r) => r.kind === "response_url_post" && r.id === "r-mode", 10_000);
    expect(switched.body.replace_original).toBe(true);
    expect(h.slack.ephemerals(CHANNEL, USER).map((e) => e.text)).toEqual([
      `Following job ${RUNNING.jobInstanceId} here with all updates now: finished steps are posted too.`,
    ]);

    // The live message no longer says "failures only".
    const parentTs = String(parent.response.ts);
    await h.slack.waitFor((r) => r.kind === "api_call" && r.method === "chat.update" && r.body.ts === parentTs && !textOf(r.body).includes("failures only"), 10_000);

    // The store holds the new mode (a restart resumes it as it is now).
    const store = new SqliteFollowStore(h.databasePath);
    try {
      expect((await store.listActive()).map((record) => record.failuresOnly)).toEqual([false]);
    } finally {
      await store.close();
    }

    // And step 1 finishing (at 20 s), which failures-only would not have said, is now a reply.
    await run(h, time, 20);
    const replies = h.slack.callsTo("chat.postMessage").filter((call) => call.body.thread_ts === parentTs);
    expect(replies.map((call) => String(call.body.text))).toContainEqual(expect.stringMatching(/Step \*1\. pre-check\* finished/));
  });
});

describe("📄 Show log on a followed job", () => {
  it("opens the failing host's log, and posts it to the live message's thread", async () => {
    const { h, time } = await start();
    const parent = await follow(h, `follow ${RUNNING.bizId} ${RUNNING.jobInstanceId}`);
    await run(h, time, 36); // 10.0.7.2 failed at 35 s
    const viewId = await pressShowLog(h, parent);

    await viewUpdate(h, viewId, "health check failed");
    const view = latestView(h, viewId);
    expect(validateModal(view)).toEqual([]);
    const shown = JSON.stringify(view.blocks);
    expect(shown).toContain("*`10.0.7.2`* · BK-Net 0 · restart-app · Job 700");
    expect(shown).toContain("job_fail: app did not become healthy");
    // One failing host: nothing to choose.
    expect(elementsOf(view.blocks).some((element) => element.type === "static_select")).toBe(false);

    const post = elementsOf(view.blocks).find((element) => element.action_id === "post_log")!;
    await sendInteraction(h.appUrl, viewPayload(view, { type: "button", action_id: post.action_id, value: post.value }));
    await viewUpdate(h, viewId, "Posted the full log");
    const [file] = h.slack.uploadedFiles();
    expect(file!.threadTs).toBe(String(parent.response.ts));
    expect(file!.content.toString("utf8")).toContain("health check failed");
  });

  it("with no failure yet: the latest host with output, and a picker to switch to the others", async () => {
    const { h, time } = await start();
    const parent = await follow(h, `follow ${RUNNING.bizId} ${RUNNING.jobInstanceId}`);
    await run(h, time, 10); // step 1: 10.0.7.1 finished at 8 s, 10.0.7.2 and 10.0.7.3 still running
    const viewId = await pressShowLog(h, parent);

    await viewUpdate(h, viewId, "Lines 1–");
    let view = latestView(h, viewId);
    expect(validateModal(view)).toEqual([]);
    expect(JSON.stringify(view.blocks)).toContain("*`10.0.7.2`* · BK-Net 0 · pre-check");
    expect(JSON.stringify(view.blocks)).toContain("Hosts with output in the latest step: choose one to read its log.");
    const picker = elementsOf(view.blocks).find((element) => element.type === "static_select")!;
    expect(picker.options!.map((option) => option.text.text)).toEqual([
      "10.0.7.2 · 1. pre-check · Running",
      "10.0.7.3 · 1. pre-check · Running",
      "10.0.7.1 · 1. pre-check · Success",
    ]);
    expect(picker.initial_option?.text.text).toBe("10.0.7.2 · 1. pre-check · Running");

    const finished = picker.options!.find((option) => option.text.text.startsWith("10.0.7.1"))!;
    await sendInteraction(h.appUrl, viewPayload(view, { type: "static_select", action_id: picker.action_id, selected_option: finished }));
    await viewUpdate(h, viewId, "*`10.0.7.1`*");
    view = latestView(h, viewId);
    expect(validateModal(view)).toEqual([]);
    expect(JSON.stringify(view.blocks)).toContain("job_success");
    expect(elementsOf(view.blocks).find((element) => element.type === "static_select")?.initial_option?.text.text).toBe("10.0.7.1 · 1. pre-check · Success");
  });
});

/** A block_actions payload for an element inside the modal (a button, the host picker), as Slack sends it. */
let viewPresses = 0;
function viewPayload(view: View, action: Record<string, unknown>): Record<string, unknown> {
  viewPresses += 1;
  return {
    type: "block_actions",
    team: { id: "T0001", domain: "acme" },
    user: { id: USER, username: "ops", team_id: "T0001" },
    api_app_id: "A0JOBLOG",
    token: "deprecated-verification-token",
    container: { type: "view", view_id: view.id },
    // Each press comes with a trigger_id of its own, as from Slack.
    trigger_id: `1.${viewPresses}.view-trigger`,
    view: { type: "modal", id: view.id, private_metadata: view.private_metadata, callback_id: "log_modal" },
    actions: [{ block_id: "host-picker", action_ts: `${Date.now() / 1000}`, ...action }],
  };
}
