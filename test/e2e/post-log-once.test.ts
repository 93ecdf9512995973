// "Post full log to thread" posts a host's log once: after it, the button becomes a link to the
// file; a second press (from a modal that still shows the button, or two presses at once) says
// it was already posted and links to it, and uploads nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { validateModal } from "../../src/render/limits.js";
import { SCENARIOS } from "../../src/local/sim/scenarios.js";
import { startHarness, type Harness } from "../support/harness.js";
import { messageButtonPayload, sendInteraction, sendSlashCommand, viewButtonPayload } from "../support/slack-requests.js";

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => harness.close());

type Element = { type: string; action_id: string; value?: string; url?: string; text: { text: string } };
type View = { id: string; private_metadata: string; blocks: { type: string; elements?: Element[] }[] };

const CHANNEL = "C0INCIDENT";
const REPORT_TS = "1700000000.000300";

async function showLogButtons() {
  const id = `r${Math.random().toString(36).slice(2)}`;
  const { bizId, jobInstanceId } = SCENARIOS.multiStepFailure;
  await sendSlashCommand(harness.appUrl, { text: `${bizId} ${jobInstanceId}`, response_url: harness.slack.responseUrl(id, { channel: CHANNEL }) });
  const post = await harness.slack.waitFor((r) => r.kind === "response_url_post" && r.id === id, 10_000);
  return ((post.body.blocks ?? []) as { elements?: Element[] }[]).flatMap((block) => block.elements ?? []).filter((e) => e.action_id?.startsWith("show_log"));
}

/** Opens a host's log modal from the report; resolves with it once its first page is shown. */
async function openLog(button: Element): Promise<View> {
  const triggerId = harness.slack.triggerId("U0OPS");
  await sendInteraction(harness.appUrl, messageButtonPayload({ actionId: button.action_id, value: button.value!, triggerId, channel: CHANNEL, messageTs: REPORT_TS }));
  const opened = await harness.slack.waitFor((r) => r.kind === "api_call" && r.method === "views.open" && r.body.trigger_id === triggerId, 10_000);
  const viewId = (opened.response.view as { id: string }).id;
  await update(viewId, "Lines 1–");
  return latestView(viewId);
}

function latestView(id: string): View {
  const stored = harness.slack.view(id);
  if (!stored) throw new Error(`no view ${id}`);
  return { ...(stored.view as unknown as View), id: stored.id };
}

const update = (viewId: string, contains: string) =>
  harness.slack.waitFor(
    (r) => r.kind === "api_call" && r.method === "views.update" && r.body.view_id === viewId && JSON.stringify(r.body.view).includes(contains),
    15_000,
  );

const elements = (view: View) => view.blocks.flatMap((block) => block.elements ?? []);

/** Presses "Post full log to thread" in the modal as it was (`view`: its blocks and metadata then). */
function pressPost(view: View) {
  const button = elements(view).find((element) => element.action_id === "post_log")!;
  return sendInteraction(harness.appUrl, viewButtonPayload({ actionId: button.action_id, value: button.value!, view: { id: view.id, private_metadata: view.private_metadata } }));
}

const filesOf = (host: string) => harness.slack.uploadedFiles().filter((file) => file.filename.includes(host));

describe("Post full log to thread", () => {
  it("posts once; the button then links to the file; a second press says it was posted, with the link", async () => {
    const [button] = await showLogButtons();
    const host = button!.text.text.replace(/^Log /, "");
    const before = latestView((await openLog(button!)).id);

    await pressPost(before);
    await update(before.id, "Posted the full log");
    const after = latestView(before.id);
    expect(validateModal(after)).toEqual([]);
    expect(filesOf(host)).toHaveLength(1);
    const [file] = harness.slack.files().filter((stored) => stored.filename.includes(host));
    const posted = elements(after).find((element) => element.action_id === "open_posted_log");
    expect(posted?.text.text).toBe("✓ Posted to thread");
    // The file's permalink, from Slack's answer to the upload.
    expect(posted?.url).toMatch(new RegExp(`^${harness.slack.url}/files/\\w+/${file!.id}/`));
    expect(elements(after).some((element) => element.action_id === "post_log")).toBe(false);

    // The same press again, from the modal as it was before (a second person's, or a stale one).
    await pressPost(before);
    await update(before.id, "already posted to the thread");
    const again = latestView(before.id);
    expect(JSON.stringify(again.blocks)).toContain(`This log was already posted to the thread: <${posted!.url}|open it>`);
    expect(filesOf(host)).toHaveLength(1);
  });

  it("two presses at once upload one file", async () => {
    const [, button] = await showLogButtons();
    const host = button!.text.text.replace(/^Log /, "");
    const view = await openLog(button!);
    await Promise.all([pressPost(view), pressPost(view)]);
    await update(view.id, "Posted the full log");
    await update(view.id, "already posted to the thread");
    expect(filesOf(host)).toHaveLength(1);
  });
});
