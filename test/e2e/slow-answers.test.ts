// A slow BK-JOB is never silence: after 2 s without an answer the asker hears "Still asking
// BK-JOB about job N…", and a call that times out says which call, how long, and what to try.
// The simulator is slowed for real (its delay, or a job that never answers); joblog's timers are
// moved by hand, so the 2 s pass when the test says so.
import { afterEach, describe, expect, it, vi } from "vitest";
import type { ResponseUrlPost } from "../../src/local/fake-slack/index.js";
import { validateMessage } from "../../src/render/limits.js";
import { SCENARIOS } from "../../src/local/sim/scenarios.js";
import { FakeTime } from "../support/fake-time.js";
import { startHarness, type Harness } from "../support/harness.js";
import { sendEvent, sendSlashCommand } from "../support/slack-requests.js";

let harness: Harness | null = null;
afterEach(async () => {
  await harness?.close();
  harness = null;
});

const CHANNEL = "C0INCIDENT";
const USER = "U0OPS";

/** BK-JOB answers after `simDelayMs` of real time; joblog's own timers wait for `time.advance`. */
async function start(options: { simDelayMs?: number; env?: Record<string, string> } = {}) {
  const time = new FakeTime();
  harness = await startHarness({ timers: time, simDelayMs: options.simDelayMs ?? 0, ...(options.env ? { env: options.env } : {}) });
  return { h: harness, time };
}

/** Once joblog is waiting for BK-JOB (its 2 s timer is set), lets those 2 s pass. */
async function passTwoSeconds(time: FakeTime) {
  await vi.waitFor(() => expect(time.pendingTimers()).toBeGreaterThan(0), { timeout: 5_000, interval: 5 });
  time.advance(2_000);
}

const shown = (body: Record<string, unknown>) => `${String(body.text ?? "")} ${JSON.stringify(body.blocks ?? [])}`;

async function postTo(h: Harness, id: string, match: (post: ResponseUrlPost) => boolean): Promise<ResponseUrlPost> {
  return h.slack.waitFor((r): r is ResponseUrlPost => r.kind === "response_url_post" && r.id === id && match(r), 15_000);
}

describe("/joblog while BK-JOB is slow", () => {
  it("says it is still asking after 2 s, then posts the report as the one message in the channel", async () => {
    const { h, time } = await start({ simDelayMs: 2_000 });
    const id = "slow-report";
    const ack = await sendSlashCommand(h.appUrl, { text: "1 100", response_url: h.slack.responseUrl(id, { channel: CHANNEL, user: USER }) });
    expect(ack.status).toBe(200);
    await passTwoSeconds(time);

    const notice = await postTo(h, id, (post) => shown(post.body).includes("Still asking"));
    expect(notice.body.response_type).toBe("ephemeral");
    expect(shown(notice.body)).toContain("⏳ Still asking BK-JOB about job 100…");
    expect(validateMessage(notice.body as never)).toEqual([]);

    const report = await postTo(h, id, (post) => post.body.response_type === "in_channel");
    expect(shown(report.body)).toContain("Business 1 · Job 100");
    // The note came first; the channel holds one answer, the report; the asker alone saw the note.
    expect(h.slack.responsePosts(id).map((post) => post.body.response_type)).toEqual(["ephemeral", "in_channel"]);
    expect(h.slack.messages(CHANNEL).map((message) => shown(message as never))).toEqual([expect.stringContaining("Business 1 · Job 100")]);
    expect(h.slack.ephemerals(CHANNEL, USER).map((e) => e.text)).toEqual(["⏳ Still asking BK-JOB about job 100…"]);
  });

  it("says nothing extra when BK-JOB answers within 2 s", async () => {
    const { h, time } = await start();
    const id = "quick-report";
    await sendSlashCommand(h.appUrl, { text: "1 100", response_url: h.slack.responseUrl(id, { channel: CHANNEL, user: USER }) });
    await postTo(h, id, (post) => post.body.response_type === "in_channel");
    // The 2 s timer went with the answer: no note can follow, and the report was the only post.
    expect(time.pendingTimers()).toBe(0);
    expect(h.slack.responsePosts(id).map((post) => post.body.response_type)).toEqual(["in_channel"]);
  });

  it("a BK-JOB that never answers: the note, then a timeout naming the call, how long and what to try", async () => {
    const { h, time } = await start({ env: { BK_JOB_TIMEOUT_MS: "3000" } });
    const id = "hang";
    await sendSlashCommand(h.appUrl, { text: `1 ${SCENARIOS.hang.jobInstanceId}`, response_url: h.slack.responseUrl(id, { channel: CHANNEL, user: USER }) });
    await passTwoSeconds(time);
    await postTo(h, id, (post) => shown(post.body).includes("Still asking BK-JOB about job 504"));

    const failure = await postTo(h, id, (post) => shown(post.body).includes("did not answer"));
    expect(failure.body.response_type).toBe("ephemeral");
    const text = shown(failure.body);
    expect(text).toMatch(/did not answer `get_job_instance_\w+` within 3 s, so joblog stopped waiting \(a timeout\)/);
    expect(text).toContain("try again in a minute");
    expect(text).toContain("BK_JOB_TIMEOUT_MS");
    // Nothing BK-JOB did not send: no code, no request id, no "none", no "BK-JOB said".
    expect(text).not.toMatch(/\bnone\b/);
    expect(text).not.toContain("request id");
    expect(text).not.toContain("BK-JOB said");
    expect(validateMessage(failure.body as never)).toEqual([]);
  });
});

describe("@joblog while BK-JOB is slow", () => {
  it("the thread answer says it is still asking, then becomes the report: one reply remains", async () => {
    const { h, time } = await start({ simDelayMs: 2_000 });
    const ts = "1700000200.000100";
    await sendEvent(h.appUrl, { type: "app_mention", user: USER, text: "<@U0BOT> 1 100", ts, channel: CHANNEL, event_ts: ts });
    await passTwoSeconds(time);

    const note = await h.slack.waitFor((r) => r.kind === "api_call" && r.method === "chat.postMessage" && r.body.thread_ts === ts, 10_000);
    expect(JSON.stringify(note.body.blocks)).toContain("Still asking BK-JOB about job 100");
    const noteTs = String(note.response.ts);

    const update = await h.slack.waitFor((r) => r.kind === "api_call" && r.method === "chat.update" && r.body.ts === noteTs, 10_000);
    expect(update.response.ok).toBe(true);
    expect(validateMessage(update.body as never)).toEqual([]);
    const replies = h.slack.thread(CHANNEL, ts);
    expect(replies).toHaveLength(1);
    expect(JSON.stringify(replies[0]!.blocks)).toContain("Business 1 · Job 100");
    expect(h.slack.callsTo("chat.postMessage").filter((call) => call.body.thread_ts === ts)).toHaveLength(1);
  });

  it("an answer for the asker alone removes the note and comes as an ephemeral", async () => {
    const { h, time } = await start({ simDelayMs: 2_000 });
    const ts = "1700000200.000200";
    await sendEvent(h.appUrl, { type: "app_mention", user: USER, text: `<@U0BOT> 1 ${SCENARIOS.permissionDenied.jobInstanceId}`, ts, channel: CHANNEL, event_ts: ts });
    await passTwoSeconds(time);
    const note = await h.slack.waitFor((r) => r.kind === "api_call" && r.method === "chat.postMessage" && r.body.thread_ts === ts, 10_000);

    const refusal = await h.slack.waitFor((r) => r.kind === "api_call" && r.method === "chat.postEphemeral" && r.body.thread_ts === ts, 10_000);
    expect(JSON.stringify(refusal.body.blocks)).toContain("may not view this job");
    const deleted = h.slack.callsTo("chat.delete");
    expect(deleted.map((call) => [call.body.ts, call.response.ok])).toEqual([[String(note.response.ts), true]]);
    expect(h.slack.thread(CHANNEL, ts)).toEqual([]);
  });
});
