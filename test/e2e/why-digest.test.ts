// "Why did it fail" end to end, through the real Bolt receiver, the fake Slack and the simulator's
// labelled corpus (job 1 1600: 150 failing hosts, 21 causes, the largest "disk full" on 24 hosts;
// job 1 9100: 2,000 failing of 10,000, "disk full" on 520): the digest comes first in the report,
// `why` answers with it alone (in a thread when mentioned), a cause's Hosts modal pages its hosts
// and posts them to the thread one per line, and its representative log opens on top of it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Recorded } from "../../src/local/fake-slack/index.js";
import { causeCorpusLabels } from "../../src/local/sim/scenarios/cause-corpus.js";
import { LEAKED_SECRETS } from "../../src/local/sim/scenarios/secret-logs.js";
import { SCENARIOS } from "../../src/local/sim/scenarios.js";
import { validateMessage, validateModal } from "../../src/render/limits.js";
import { startHarness, type Harness } from "../support/harness.js";
import { mrkdwnTexts } from "../support/mrkdwn-texts.js";
import { messageButtonPayload, sendEvent, sendInteraction, sendSlashCommand, viewButtonPayload } from "../support/slack-requests.js";

type Button = { action_id: string; value: string; text: { text: string } };
type Block = { type: string; block_id?: string; text?: { text: string }; accessory?: Button; elements?: Button[] };
type Message = { text?: string; blocks?: Block[] };
type View = { id: string; private_metadata: string; blocks: Block[] };

const CORPUS = SCENARIOS.causeCorpus;
const FLEET = SCENARIOS.causeFleet;
const CHANNEL = "C0INCIDENT";

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => harness.close());

async function ask(h: Harness, text: string): Promise<Message> {
  const id = `w${Math.random().toString(36).slice(2)}`;
  await sendSlashCommand(h.appUrl, { text, response_url: h.slack.responseUrl(id, { channel: CHANNEL }) });
  const post = await h.slack.waitFor((recorded) => recorded.kind === "response_url_post" && recorded.id === id, 60_000);
  return post.body as Message;
}

const blockIds = (message: Message) => (message.blocks ?? []).map((block) => block.block_id ?? block.type);
const causeBlocks = (message: Message) => (message.blocks ?? []).filter((block) => /^cause-\d+$/.test(block.block_id ?? ""));
const textOf = (block: Block | undefined) => block?.text?.text ?? "";

function latestView(h: Harness, id: string): View {
  const stored = h.slack.view(id);
  if (!stored) throw new Error(`no view ${id}`);
  return { ...(stored.view as unknown as View), id: stored.id };
}

const viewButtons = (view: View) => view.blocks.filter((block) => block.type === "actions").flatMap((block) => block.elements ?? []);

const isViewCall = (method: string, viewId: string, contains: string, after = 0) => (recorded: Recorded) =>
  recorded.kind === "api_call" && recorded.method === method && recorded.at >= after && recorded.body.view_id === viewId && JSON.stringify(recorded.body.view).includes(contains);

/** Presses a cause's Hosts button in a posted message; the modal once its first page is shown. */
async function openHosts(h: Harness, button: Button, messageTs: string): Promise<View> {
  const triggerId = h.slack.triggerId("U0OPS");
  await sendInteraction(h.appUrl, messageButtonPayload({ actionId: button.action_id, value: button.value, triggerId, channel: CHANNEL, messageTs }));
  const opened = await h.slack.waitFor((r) => r.kind === "api_call" && r.method === "views.open" && r.body.trigger_id === triggerId, 10_000);
  expect(opened.response.ok).toBe(true);
  const viewId = (opened.response.view as { id: string }).id;
  await h.slack.waitFor(isViewCall("views.update", viewId, "Hosts 1–"), 60_000);
  return latestView(h, viewId);
}

async function press(h: Harness, view: View, button: Button, contains: string, triggerId?: string): Promise<void> {
  const before = Date.now();
  await sendInteraction(h.appUrl, viewButtonPayload({ actionId: button.action_id, value: button.value, view: { id: view.id, private_metadata: view.private_metadata }, ...(triggerId ? { triggerId } : {}) }));
  await h.slack.waitFor(isViewCall("views.update", view.id, contains, before), 60_000);
}

/** The IPs (one a line) of a host list as posted: a code block in a message, or a text file. */
const listedHosts = (text: string) => text.split("\n").filter((line) => /^\d+\.\d+\.\d+\.\d+$/.test(line));

/** The hosts the modal's page lists: its preformatted block, one a line. */
function pageHosts(view: View): string[] {
  const list = view.blocks.find((block) => /^hosts-\d+$/.test(block.block_id ?? "")) as unknown as { elements: { elements: { text: string }[] }[] } | undefined;
  return listedHosts(list?.elements[0]?.elements[0]?.text ?? "");
}

describe("the report says why first", () => {
  it("opens with \"21 causes across 150 failing hosts\", the largest cause first, above the steps and failing hosts", async () => {
    const report = await ask(harness, `${CORPUS.bizId} ${CORPUS.jobInstanceId}`);
    expect(validateMessage(report as never)).toEqual([]);
    const ids = blockIds(report);
    const causesAt = ids.indexOf("causes");
    expect(causesAt).toBeGreaterThan(0);
    expect(textOf(report.blocks![causesAt])).toContain("21 causes across 150 failing hosts");
    // The per-status groups and tails stay, below the digest.
    expect(ids.indexOf("steps")).toBeGreaterThan(causesAt);
    expect(ids.slice(0, causesAt)).not.toContain("steps");
    const [first, second] = causeBlocks(report);
    expect(textOf(first)).toContain("*24 hosts*");
    expect(textOf(first)).toContain("No space left on device");
    expect(textOf(first)).toContain("tag `disk_full`");
    expect(textOf(second)).toContain("*14 hosts*");
    expect(textOf(second)).toContain("Failed to connect to artifacts-0");
    expect(first!.accessory?.text.text).toBe("Hosts (24)");
  });
});

describe("why: the digest alone", () => {
  it("`/joblog 1 1600 why` answers with the digest and nothing of the report", async () => {
    const why = await ask(harness, `${CORPUS.bizId} ${CORPUS.jobInstanceId} why`);
    expect(validateMessage(why as never)).toEqual([]);
    expect(JSON.stringify(why.blocks)).toContain("21 causes across 150 failing hosts");
    // A title, the digest, its notes and the link to BK-JOB: no steps, no host groups, no tails.
    for (const id of blockIds(why)) expect(id).toMatch(/^(?:why|causes|cause-\d+|causes-notes|why-actions)$/);
    expect(causeBlocks(why)).toHaveLength(10);
    expect(JSON.stringify(why.blocks)).toContain("11 more causes");
  });

  it("`@joblog why <link>` answers in a thread under the mention", async () => {
    const ts = "1700001600.000100";
    const link = `https://job.example.com/biz/${CORPUS.bizId}/execute/task/${CORPUS.jobInstanceId}`;
    await sendEvent(harness.appUrl, { type: "app_mention", user: "U0OPS", text: `<@U0BOT> why <${link}>`, ts, channel: CHANNEL, event_ts: ts });
    const reply = await harness.slack.waitFor((r) => r.kind === "api_call" && r.method === "chat.postMessage" && r.body.thread_ts === ts, 60_000);
    expect(reply.body.channel).toBe(CHANNEL);
    const message = reply.body as Message;
    expect(JSON.stringify(message.blocks)).toContain("21 causes across 150 failing hosts");
    for (const id of blockIds(message)) expect(id).toMatch(/^(?:why|causes|cause-\d+|causes-notes|why-actions)$/);
  });

  it("upstream text in the digest never pings, and secrets stay masked", async () => {
    const tricky = await ask(harness, `${SCENARIOS.trickyLogs.bizId} ${SCENARIOS.trickyLogs.jobInstanceId} why`);
    expect(causeBlocks(tricky).length).toBeGreaterThan(0);
    const controls = mrkdwnTexts(tricky).flatMap((text) => [...text.matchAll(/<(?:!|@|#|https?:)[^>]*>?/g)].map((match) => match[0]));
    expect(controls.filter((found) => !found.startsWith("<https://job.example.com"))).toEqual([]);
    const secret = JSON.stringify(await ask(harness, `${SCENARIOS.secretLogs.bizId} ${SCENARIOS.secretLogs.jobInstanceId} why`));
    expect(secret).toMatch(/causes? across \d+ failing hosts?/);
    expect(secret).toContain("[redacted]");
    expect(LEAKED_SECRETS.filter((value) => secret.includes(value))).toEqual([]);
  });
});

describe("a cause's Hosts modal", () => {
  it("lists the cause's hosts, posts them to the thread one per line, and opens the representative log on top", async () => {
    const report = await ask(harness, `${CORPUS.bizId} ${CORPUS.jobInstanceId}`);
    const first = causeBlocks(report)[0]!.accessory!;
    const messageTs = "1700001600.000200";
    const view = await openHosts(harness, first, messageTs);
    expect(validateModal(view)).toEqual([]);
    expect(JSON.stringify(view.blocks)).toContain("Hosts 1–24 of 24");
    const shown = pageHosts(view);
    // Every listed host is one the generator gave the disk-full cause.
    const labels = causeCorpusLabels();
    expect(shown).toHaveLength(24);
    for (const ip of shown) expect(labels.get(`0:${ip}`)).toBe("disk-full");

    const post = viewButtons(view).find((button) => button.action_id === "post_host_list")!;
    await press(harness, view, post, "Host list posted");
    const posted = harness.slack.calls.find((call) => call.method === "chat.postMessage" && call.body.thread_ts === messageTs);
    expect(posted?.body.channel).toBe(CHANNEL);
    const lines = listedHosts(String(posted?.body.text));
    expect([...lines].sort()).toEqual([...shown].sort());

    // The representative's log: pushed over the host list, so closing it goes back to the list.
    const log = viewButtons(latestView(harness, view.id)).find((button) => button.text.text.startsWith("Log "))!;
    const triggerId = harness.slack.triggerId("U0OPS");
    await sendInteraction(harness.appUrl, viewButtonPayload({ actionId: log.action_id, value: log.value, view: { id: view.id, private_metadata: latestView(harness, view.id).private_metadata }, triggerId }));
    const pushed = await harness.slack.waitFor((r) => r.kind === "api_call" && r.body.trigger_id === triggerId, 10_000);
    expect(pushed.kind === "api_call" && pushed.method).toBe("views.push");
    expect(pushed.response.ok).toBe(true);
    const logViewId = (pushed.response.view as { id: string }).id;
    expect(harness.slack.view(logViewId)?.previousViewId).toBe(view.id);
    await harness.slack.waitFor(isViewCall("views.update", logViewId, "No space left on device"), 60_000);
    expect(validateModal(latestView(harness, logViewId))).toEqual([]);
  });

  it("pages through a cause of 520 hosts, 100 a page, and posts all 520 as a file, one per line", async () => {
    const report = await ask(harness, `${FLEET.bizId} ${FLEET.jobInstanceId}`);
    expect(JSON.stringify(report.blocks)).toContain("across 2,000 failing hosts");
    const first = causeBlocks(report)[0]!.accessory!;
    expect(first.text.text).toBe("Hosts (520)");
    const messageTs = "1700001600.000300";
    let view = await openHosts(harness, first, messageTs);
    expect(JSON.stringify(view.blocks)).toContain("Hosts 1–100 of 520");
    const seen = new Set<string>();
    for (const ip of pageHosts(view)) seen.add(ip);
    for (let page = 2; page <= 6; page += 1) {
      const next = viewButtons(view).find((button) => button.text.text.startsWith("Next"))!;
      await press(harness, view, next, `Hosts ${(page - 1) * 100 + 1}–`);
      view = latestView(harness, view.id);
      expect(validateModal(view)).toEqual([]);
      for (const ip of pageHosts(view)) seen.add(ip);
    }
    expect(JSON.stringify(view.blocks)).toContain("Hosts 501–520 of 520");
    expect(viewButtons(view).some((button) => button.text.text.startsWith("Next"))).toBe(false);
    expect(seen.size).toBe(520);

    const post = viewButtons(view).find((button) => button.action_id === "post_host_list")!;
    await press(harness, view, post, "Host list posted");
    const file = harness.slack.uploadedFiles().find((upload) => upload.threadTs === messageTs);
    expect(file?.channel).toBe(CHANNEL);
    const lines = file!.content.toString("utf8").trimEnd().split("\n");
    expect(lines).toHaveLength(520);
    expect(new Set(lines)).toEqual(seen);
  });
});
