// "Show log" end to end: a button in a posted report opens a modal at once, the log follows,
// paging walks the 5 MB log, and "Post full log to thread" uploads the whole of it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { validateModal } from "../../src/render/limits.js";
import { SCENARIOS } from "../../src/local/sim/scenarios.js";
import { isAuditOf } from "../support/captured-log.js";
import { startHarness, type Harness } from "../support/harness.js";
import { messageButtonPayload, sendInteraction, sendSlashCommand, viewButtonPayload } from "../support/slack-requests.js";

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => harness.close());

type Button = { action_id: string; value: string; text: { text: string } };
type View = { id: string; private_metadata: string; blocks: { type: string; elements?: unknown[] }[] };

async function reportButtons(text: string) {
  const id = `r${Math.random().toString(36).slice(2)}`;
  await sendSlashCommand(harness.appUrl, { text, response_url: harness.slack.responseUrl(id, { channel: "C0INCIDENT" }) });
  const post = await harness.slack.waitFor((recorded) => recorded.kind === "response_url_post" && recorded.id === id, 10_000);
  const blocks = (post.body.blocks ?? []) as { type: string; elements?: Button[] }[];
  return blocks.filter((block) => block.type === "actions").flatMap((block) => block.elements ?? []).filter((b) => b.action_id.startsWith("show_log"));
}

function latestView(id: string): View {
  const stored = harness.slack.view(id);
  if (!stored) throw new Error(`no view ${id}`);
  return { ...(stored.view as unknown as View), id: stored.id };
}

const viewText = (view: View) => JSON.stringify(view.blocks);

async function waitForViewUpdate(viewId: string, after: number, contains: string) {
  return harness.slack.waitFor(
    (recorded) =>
      recorded.kind === "api_call" &&
      recorded.method === "views.update" &&
      recorded.at >= after &&
      (recorded.body.view_id as string) === viewId &&
      JSON.stringify(recorded.body.view).includes(contains),
    10_000,
  );
}

describe("Show log", () => {
  it("opens a loading modal first, then the host's log; pages through 5 MB; posts it to the thread", async () => {
    const [button] = await reportButtons(`${SCENARIOS.hugeLog.bizId} ${SCENARIOS.hugeLog.jobInstanceId}`);
    expect(button).toBeDefined();
    const triggerId = harness.slack.triggerId("U0OPS");
    const messageTs = "1700000000.000100";
    const ack = await sendInteraction(
      harness.appUrl,
      messageButtonPayload({ actionId: button!.action_id, value: button!.value, triggerId, channel: "C0INCIDENT", messageTs }),
    );
    expect(ack.status).toBe(200);

    const opened = await harness.slack.waitFor((r) => r.kind === "api_call" && r.method === "views.open", 10_000);
    expect(opened.response.ok).toBe(true);
    expect(JSON.stringify(opened.body.view)).toContain("Loading the log of");
    const viewId = (opened.response.view as { id: string }).id;

    await waitForViewUpdate(viewId, 0, "Lines 1–");
    let view = latestView(viewId);
    expect(validateModal(view)).toEqual([]);
    expect(viewText(view)).toMatch(/Lines 1–\d+ of 61,0\d\d/);
    expect(viewText(view)).toContain("line 000001");

    // Next page.
    const next = (view.blocks.find((block) => block.type === "actions")?.elements as Button[]).find((b) => b.text.text.startsWith("Next"));
    expect(next).toBeDefined();
    const before = Date.now();
    await sendInteraction(harness.appUrl, viewButtonPayload({ actionId: next!.action_id, value: next!.value, view: { id: viewId, private_metadata: view.private_metadata } }));
    await harness.slack.waitFor(
      (r) =>
        r.kind === "api_call" &&
        r.method === "views.update" &&
        r.at >= before &&
        /Lines (\d[\d,]*)–/.exec(JSON.stringify(r.body.view))?.[1] !== "1" &&
        JSON.stringify(r.body.view).includes("Lines "),
      10_000,
    );
    view = latestView(viewId);
    expect(validateModal(view)).toEqual([]);
    const range = /Lines ([\d,]+)–([\d,]+) of ([\d,]+)/.exec(viewText(view));
    expect(range).not.toBeNull();
    expect(Number(range![1]!.replace(/,/g, ""))).toBeGreaterThan(1);

    // Last page shows the end of the log.
    const last = (view.blocks.find((block) => block.type === "actions")?.elements as Button[]).find((b) => b.text.text.startsWith("End"));
    await sendInteraction(harness.appUrl, viewButtonPayload({ actionId: last!.action_id, value: last!.value, view: { id: viewId, private_metadata: view.private_metadata } }));
    await harness.slack.waitFor((r) => r.kind === "api_call" && r.method === "views.update" && JSON.stringify(r.body.view).includes("FATAL"), 10_000);
    view = latestView(viewId);
    expect(validateModal(view)).toEqual([]);

    // Post the whole log to the thread.
    const post = (view.blocks.find((block) => block.type === "actions")?.elements as Button[]).find((b) => b.action_id === "post_log");
    await sendInteraction(harness.appUrl, viewButtonPayload({ actionId: post!.action_id, value: post!.value, view: { id: viewId, private_metadata: view.private_metadata } }));
    await harness.slack.waitFor((r) => r.kind === "api_call" && r.method === "views.update" && JSON.stringify(r.body.view).includes("Posted the full log"), 15_000);
    const [file] = harness.slack.uploadedFiles();
    expect(file).toBeDefined();
    expect(file!.channel).toBe("C0INCIDENT");
    expect(file!.threadTs).toBe(messageTs);
    expect(file!.content.length).toBeGreaterThan(5_000_000);
    expect(file!.content.toString("utf8")).toContain("FATAL");
  });

  it("tells the user to invite the bot when the channel refuses the upload", async () => {
    harness.slack.setChannel("C0PRIVATE", { isPrivate: true, botIsMember: false });
    const [button] = await reportButtons(`${SCENARIOS.multiStepFailure.bizId} ${SCENARIOS.multiStepFailure.jobInstanceId}`);
    const triggerId = harness.slack.triggerId("U0OPS");
    await sendInteraction(
      harness.appUrl,
      messageButtonPayload({ actionId: button!.action_id, value: button!.value, triggerId, channel: "C0PRIVATE", messageTs: "1700000000.000200" }),
    );
    const opened = await harness.slack.waitFor((r) => r.kind === "api_call" && r.method === "views.open" && r.body.trigger_id === triggerId, 10_000);
    const viewId = (opened.response.view as { id: string }).id;
    await waitForViewUpdate(viewId, 0, "Lines 1–");
    const view = latestView(viewId);
    const post = (view.blocks.find((block) => block.type === "actions")?.elements as Button[]).find((b) => b.action_id === "post_log");
    await sendInteraction(harness.appUrl, viewButtonPayload({ actionId: post!.action_id, value: post!.value, view: { id: viewId, private_metadata: view.private_metadata } }));
    await waitForViewUpdate(viewId, 0, "/invite @joblog");
  });

  // A forged or stale value is refused with the request's audit line (outcome "invalid"): that
  // line is the proof the handler has finished, so "BK-JOB was not asked" is checked after it.
  it("ignores a forged button value without calling BK-JOB", async () => {
    const user = "U0FORGER";
    const before = harness.sim.requests.length;
    const opensBefore = harness.slack.callsTo("views.open").length;
    const ack = await sendInteraction(
      harness.appUrl,
      messageButtonPayload({ actionId: "show_log:0", value: '{"b":"x"}', triggerId: harness.slack.triggerId(user), channel: "C0INCIDENT", messageTs: "1.2", user }),
    );
    expect(ack.status).toBe(200);
    const audit = await harness.log.waitFor(isAuditOf(user));
    expect(audit).toMatchObject({ action: "show_log", outcome: "invalid", channel: "C0INCIDENT", bizId: null, actingAs: null });
    expect(harness.sim.requests.length).toBe(before);
    expect(harness.slack.callsTo("views.open")).toHaveLength(opensBefore);
  });

  it.each([
    ["a page button", "log_page", "1"],
    ["Post full log", "post_log", "post"],
  ])("ignores %s in a modal whose state was forged, without calling BK-JOB", async (_name, actionId, value) => {
    const user = `U0FORGE${actionId.toUpperCase().replace("_", "")}`;
    const before = harness.sim.requests.length;
    const updatesBefore = harness.slack.callsTo("views.update").length;
    const ack = await sendInteraction(
      harness.appUrl,
      viewButtonPayload({ actionId, value, view: { id: "V0FORGED", private_metadata: JSON.stringify({ h: '{"b":"x"}', p: 0, c: "C0INCIDENT", t: null }) }, user }),
    );
    expect(ack.status).toBe(200);
    const audit = await harness.log.waitFor(isAuditOf(user));
    expect(audit).toMatchObject({ action: actionId, outcome: "invalid", bizId: null, actingAs: null });
    expect(harness.sim.requests.length).toBe(before);
    expect(harness.slack.callsTo("views.update")).toHaveLength(updatesBefore);
  });
});
