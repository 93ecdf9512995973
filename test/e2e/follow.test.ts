// Following a running job end to end, with the simulator's advancing job and a fake clock that
// drives both the simulator and joblog's polling: what Slack receives, call by call.
import { afterEach, describe, expect, it } from "vitest";
import type { RecordedCall } from "../../src/local/fake-slack/index.js";
import { validateMessage } from "../../src/render/limits.js";
import { SCENARIOS } from "../../src/local/sim/scenarios.js";
import { FakeTime } from "../support/fake-time.js";
import { startHarness, type Harness } from "../support/harness.js";
import { messageButtonPayload, sendInteraction, sendSlashCommand } from "../support/slack-requests.js";
import { whenIdle } from "../support/follow-idle.js";

let harness: Harness | null = null;
afterEach(async () => {
  await harness?.close();
  harness = null;
});

const RUNNING = SCENARIOS.running; // 3 steps; step 2 loses a host at 35 s and fails at 40 s

async function start(env: Record<string, string> = {}) {
  const time = new FakeTime();
  harness = await startHarness({ clock: time, timers: time, env });
  return { h: harness, time };
}

async function follow(h: Harness, text: string, channel = "C0INCIDENT") {
  const id = `r${Math.random().toString(36).slice(2)}`;
  const ack = await sendSlashCommand(h.appUrl, { text, response_url: h.slack.responseUrl(id, { channel }), channel_id: channel });
  expect(ack.status).toBe(200);
  await h.slack.waitFor((r) => r.kind === "api_call" && r.method === "chat.postMessage" && r.body.channel === channel && r.body.thread_ts === undefined, 10_000);
  await whenIdle(h.app.follows);
  return id;
}

/** Moves the fake clock a second at a time, letting every poll and Slack call finish each time. */
async function run(h: Harness, time: FakeTime, seconds: number) {
  for (let second = 0; second < seconds; second += 1) {
    time.advance(1_000);
    await whenIdle(h.app.follows);
  }
}

type Step = "post" | "update" | "reply" | "broadcast";

function sequence(calls: RecordedCall[], channel: string): { step: Step; text: string; call: RecordedCall }[] {
  return calls
    .filter((call) => (call.method === "chat.postMessage" || call.method === "chat.update") && call.body.channel === channel && call.response.ok === true)
    .map((call) => {
      const step: Step =
        call.method === "chat.update" ? "update" : call.body.thread_ts === undefined ? "post" : call.body.reply_broadcast === true ? "broadcast" : "reply";
      return { step, text: `${String(call.body.text)} ${JSON.stringify(call.body.blocks ?? [])}`, call };
    });
}

describe("following a running job", () => {
  it("posts one live message, edits it, replies in the thread on each change, broadcasts the end", async () => {
    const { h, time } = await start();
    await follow(h, `follow ${RUNNING.bizId} ${RUNNING.jobInstanceId}`);
    await run(h, time, 60);

    const calls = sequence(h.slack.calls, "C0INCIDENT");
    for (const { call } of calls) expect(validateMessage(call.body as never)).toEqual([]);
    const parent = calls[0]!;
    expect(parent.step).toBe("post");
    expect(parent.text).toContain("rolling-restart");
    expect(parent.text).toContain("Stop following");
    const parentTs = String(parent.call.response.ts);

    // Replies, in order: step 1 finished, a host failed in step 2, step 2 failed, the final report.
    const replies = calls.filter((c) => c.step === "reply" || c.step === "broadcast");
    expect(replies.map((c) => c.call.body.thread_ts)).toEqual(replies.map(() => parentTs));
    expect(replies.map((c) => c.step)).toEqual(["reply", "reply", "reply", "broadcast"]);
    expect(replies[0]!.text).toMatch(/Step \*1\. .*\* finished · Success/);
    expect(replies[1]!.text).toMatch(/1 more host failed in step \*2\./);
    expect(replies[1]!.text).toContain("Non-zero Exit Code");
    expect(replies[2]!.text).toMatch(/Step \*2\. .*\* failed · Failed/);
    expect(replies[3]!.text).toContain("Failing hosts");

    // Every edit targets the parent, and the last one says following has ended.
    const updates = calls.filter((c) => c.step === "update");
    expect(updates.length).toBeGreaterThan(2);
    for (const update of updates) expect(update.call.body.ts).toBe(parentTs);
    expect(updates.at(-1)!.text).toContain("Stopped following: the job has ended");
    expect(updates.at(-1)!.text).not.toContain("Stop following");

    // Nothing more once the job ended, however long we wait.
    const before = h.slack.calls.length;
    await run(h, time, 120);
    expect(h.slack.calls.length).toBe(before);
    expect(h.app.follows.activeCount()).toBe(0);
  });

  it("--failures-only replies only about failures and the end", async () => {
    const { h, time } = await start();
    await follow(h, `follow ${RUNNING.bizId} ${RUNNING.jobInstanceId} --failures-only`);
    await run(h, time, 60);
    const replies = sequence(h.slack.calls, "C0INCIDENT").filter((c) => c.step === "reply" || c.step === "broadcast");
    expect(replies).toHaveLength(3);
    expect(replies[0]!.text).toContain("more host failed");
    expect(replies[1]!.text).toMatch(/failed · Failed/);
    expect(replies[2]!.step).toBe("broadcast");
  });

  it("Stop following stops polling and says who stopped it", async () => {
    const { h, time } = await start();
    await follow(h, `follow ${RUNNING.bizId} ${RUNNING.jobInstanceId}`);
    await run(h, time, 5);
    const parent = sequence(h.slack.calls, "C0INCIDENT")[0]!;
    const parentBlocks = parent.call.body.blocks as { type: string; elements?: { action_id: string; value: string }[] }[];
    const stop = parentBlocks.flatMap((b) => b.elements ?? []).find((e) => e.action_id === "stop_following")!;
    await sendInteraction(
      h.appUrl,
      messageButtonPayload({ actionId: stop.action_id, value: stop.value, blockId: "follow-actions", triggerId: h.slack.triggerId(), channel: "C0INCIDENT", messageTs: String(parent.call.response.ts), user: "U0STOPPER" }),
    );
    await h.slack.waitFor((r) => r.kind === "api_call" && r.method === "chat.update" && JSON.stringify(r.body.blocks).includes("U0STOPPER"), 10_000);
    await whenIdle(h.app.follows);
    const pollsBefore = h.sim.requests.length;
    const callsBefore = h.slack.calls.length;
    await run(h, time, 60);
    expect(h.sim.requests.length).toBe(pollsBefore);
    expect(h.slack.calls.length).toBe(callsBefore);
  });

  it("stops after JOBLOG_FOLLOW_MAX_HOURS with a thread reply saying so", async () => {
    const { h, time } = await start({ JOBLOG_FOLLOW_MAX_HOURS: String(10 / 3600) }); // 10 seconds
    await follow(h, `follow ${RUNNING.bizId} ${RUNNING.jobInstanceId}`);
    await run(h, time, 30);
    const calls = sequence(h.slack.calls, "C0INCIDENT");
    const notice = calls.find((c) => c.step === "reply" && c.text.includes("the most I follow one job"));
    expect(notice).toBeDefined();
    expect(notice!.text).toContain(`/joblog follow ${RUNNING.bizId} ${RUNNING.jobInstanceId}`);
    expect(calls.filter((c) => c.step === "update").at(-1)!.text).toContain("Stopped following after");
    expect(h.app.follows.activeCount()).toBe(0);
  });

  it("following a finished job just shows its report", async () => {
    const { h } = await start();
    const id = `r-finished`;
    await sendSlashCommand(h.appUrl, { text: `follow ${SCENARIOS.seed.bizId} ${SCENARIOS.seed.jobInstanceId}`, response_url: h.slack.responseUrl(id) });
    const post = await h.slack.waitFor((r) => r.kind === "response_url_post" && r.id === id, 10_000);
    expect(post.body.response_type).toBe("in_channel");
    expect(JSON.stringify(post.body.blocks)).toContain("✅ test");
    expect(h.slack.callsTo("chat.postMessage")).toHaveLength(0);
  });

  it("a second follow of the same job in the same channel is refused politely", async () => {
    const { h } = await start();
    await follow(h, `follow ${RUNNING.bizId} ${RUNNING.jobInstanceId}`);
    const id = "r-again";
    await sendSlashCommand(h.appUrl, { text: `follow ${RUNNING.bizId} ${RUNNING.jobInstanceId}`, response_url: h.slack.responseUrl(id) });
    const post = await h.slack.waitFor((r) => r.kind === "response_url_post" && r.id === id, 10_000);
    expect(post.body.response_type).toBe("ephemeral");
    expect(JSON.stringify(post.body)).toContain("already following this job");
    expect(h.slack.callsTo("chat.postMessage").filter((c) => c.body.thread_ts === undefined)).toHaveLength(1);
  });
});

describe("following from two channels", () => {
  it("polls BK-JOB once per interval for the job", async () => {
    const { h, time } = await start();
    await follow(h, `follow ${RUNNING.bizId} ${RUNNING.jobInstanceId}`, "C0ONE");
    await follow(h, `follow ${RUNNING.bizId} ${RUNNING.jobInstanceId}`, "C0TWO");
    const startedAt = time.now();
    await run(h, time, 30);
    const polls = h.sim.requests.filter((r) => r.api === "get_job_instance_status" && r.jobInstanceId === RUNNING.jobInstanceId && r.at > startedAt);
    expect(polls.length).toBeGreaterThan(5);
    expect(new Set(polls.map((r) => r.at)).size).toBe(polls.length);
    // Both channels got the same replies.
    const replies = (channel: string) => sequence(h.slack.calls, channel).filter((c) => c.step === "reply").length;
    expect(replies("C0ONE")).toBe(replies("C0TWO"));
    expect(replies("C0ONE")).toBeGreaterThan(0);
  });
});

describe("Slack rate limits while following", () => {
  it("a 429 in one channel delays only that channel, which ends with the latest state, not a backlog", async () => {
    const { h, time } = await start();
    await follow(h, `follow ${RUNNING.bizId} ${RUNNING.jobInstanceId}`, "C0LIMITED");
    await follow(h, `follow ${RUNNING.bizId} ${RUNNING.jobInstanceId}`, "C0FREE");
    h.slack.failNext("chat.update", { status: 429, retryAfterSeconds: 15 }, { channel: "C0LIMITED", times: 2 });
    await run(h, time, 70);

    const limited = sequence(h.slack.calls, "C0LIMITED");
    const free = sequence(h.slack.calls, "C0FREE");
    const rejected = h.slack.calls.filter((c) => c.method === "chat.update" && c.body.channel === "C0LIMITED" && c.status === 429);
    expect(rejected).toHaveLength(2);
    // The free channel kept flowing while the limited one waited.
    const firstRejectAt = rejected[0]!.at;
    const limitedResumedAt = limited.find((c) => c.step === "update" && c.call.at > firstRejectAt)?.call.at ?? Number.POSITIVE_INFINITY;
    expect(free.some((c) => c.step === "update" && c.call.at > firstRejectAt && c.call.at < limitedResumedAt)).toBe(true);
    // No backlog: fewer edits reached the limited channel, and its last one is the final state.
    expect(limited.filter((c) => c.step === "update").length).toBeLessThan(free.filter((c) => c.step === "update").length);
    expect(limited.filter((c) => c.step === "update").at(-1)!.text).toContain("Stopped following: the job has ended");
    // Replies are never dropped: both channels got the same thread.
    const replies = (calls: typeof limited) => calls.filter((c) => c.step !== "update" && c.step !== "post").map((c) => c.call.body.text);
    expect(replies(limited)).toEqual(replies(free));
  });
});

describe("Slack refusing a follow's posts", () => {
  it("not_in_channel ends the follow and tells the person who started it", async () => {
    const { h, time } = await start();
    await follow(h, `follow ${RUNNING.bizId} ${RUNNING.jobInstanceId}`, "C0GONE");
    h.slack.setChannel("C0GONE", { isPrivate: true, botIsMember: false });
    await run(h, time, 30);
    expect(h.app.follows.activeCount()).toBe(0);
    const told = await h.slack.waitFor(
      (r) => r.kind === "api_call" && r.method === "chat.postMessage" && r.body.channel === "U0OPS" && String(r.body.text).includes("/invite @joblog"),
      5_000,
    );
    expect(String(told.body.text)).toContain("not_in_channel");
    const pollsAfter = h.sim.requests.length;
    await run(h, time, 60);
    expect(h.sim.requests.length).toBe(pollsAfter);
  });

  it("a follow in a channel the bot cannot post to is refused with what to do", async () => {
    const { h } = await start();
    h.slack.setChannel("C0PRIVATE", { isPrivate: true, botIsMember: false });
    const id = "r-private";
    await sendSlashCommand(h.appUrl, { text: `follow ${RUNNING.bizId} ${RUNNING.jobInstanceId}`, response_url: h.slack.responseUrl(id), channel_id: "C0PRIVATE" });
    const post = await h.slack.waitFor((r) => r.kind === "response_url_post" && r.id === id, 10_000);
    expect(post.body.response_type).toBe("ephemeral");
    expect(JSON.stringify(post.body)).toContain("/invite @joblog");
    expect(h.app.follows.activeCount()).toBe(0);
  });
});

describe("other ways to start following", () => {
  it("the Follow button on a report of a running job starts following in that channel", async () => {
    const { h } = await start();
    const id = "r-report";
    await sendSlashCommand(h.appUrl, { text: `${RUNNING.bizId} ${RUNNING.jobInstanceId}`, response_url: h.slack.responseUrl(id), channel_id: "C0REPORT" });
    const report = await h.slack.waitFor((r) => r.kind === "response_url_post" && r.id === id, 10_000);
    const buttons = (report.body.blocks as { type: string; elements?: { action_id: string; value: string }[] }[]).flatMap((b) => b.elements ?? []);
    const followButton = buttons.find((b) => b.action_id === "follow_job");
    expect(followButton).toBeDefined();
    await sendInteraction(
      h.appUrl,
      messageButtonPayload({ actionId: followButton!.action_id, value: followButton!.value, triggerId: h.slack.triggerId(), channel: "C0REPORT", messageTs: "1700000000.000900", responseUrl: h.slack.responseUrl("r-button") }),
    );
    const parent = await h.slack.waitFor((r) => r.kind === "api_call" && r.method === "chat.postMessage" && r.body.channel === "C0REPORT", 10_000);
    expect(JSON.stringify(parent.body.blocks)).toContain("Followed by <@U0OPS>");
    await whenIdle(h.app.follows);
    expect(h.app.follows.activeCount()).toBe(1);
  });

  it("a finished job's report offers no Follow button", async () => {
    const { h } = await start();
    const id = "r-done";
    await sendSlashCommand(h.appUrl, { text: `${SCENARIOS.seed.bizId} ${SCENARIOS.seed.jobInstanceId}`, response_url: h.slack.responseUrl(id) });
    const report = await h.slack.waitFor((r) => r.kind === "response_url_post" && r.id === id, 10_000);
    expect(JSON.stringify(report.body.blocks)).not.toContain("follow_job");
  });

  it("`@joblog follow 1 700` follows in the channel of the mention", async () => {
    const { h } = await start();
    const ts = "1700000300.000100";
    const { sendEvent } = await import("../support/slack-requests.js");
    await sendEvent(h.appUrl, { type: "app_mention", user: "U0OPS", text: `<@U0BOT> follow ${RUNNING.bizId} ${RUNNING.jobInstanceId} --failures-only`, ts, channel: "C0MENTION", event_ts: ts });
    const parent = await h.slack.waitFor((r) => r.kind === "api_call" && r.method === "chat.postMessage" && r.body.channel === "C0MENTION", 10_000);
    expect(JSON.stringify(parent.body.blocks)).toContain("failures only");
  });
});

describe("BK-JOB going away while following", () => {
  it("retries with back-off, then after 10 minutes says so in the thread and stops", async () => {
    const { h, time } = await start();
    await follow(h, `follow ${RUNNING.bizId} ${RUNNING.jobInstanceId}`, "C0OUTAGE");
    await run(h, time, 5);
    await h.sim.close(); // connection refused from now on
    const before = h.slack.calls.length;
    await run(h, time, 9 * 60);
    // Nine minutes in: still following, nothing posted about it yet.
    expect(h.app.follows.activeCount()).toBe(1);
    expect(h.slack.calls.slice(before).filter((c) => c.method === "chat.postMessage")).toHaveLength(0);
    await run(h, time, 2 * 60);
    const notice = sequence(h.slack.calls, "C0OUTAGE").find((c) => c.step === "reply" && c.text.includes("has not answered since"));
    expect(notice).toBeDefined();
    expect(h.app.follows.activeCount()).toBe(0);
  });
});

describe("following over the API gateway", () => {
  it("tells the same story as over ESB v2", async () => {
    const story = async (protocol: "esb-v2" | "apigw-v3") => {
      const time = new FakeTime();
      const h = await startHarness({ clock: time, timers: time, protocol });
      try {
        await follow(h, `follow ${RUNNING.bizId} ${RUNNING.jobInstanceId}`, "C0PROTO");
        await run(h, time, 60);
        return sequence(h.slack.calls, "C0PROTO")
          .filter((c) => c.step === "reply" || c.step === "broadcast")
          .map((c) => `${c.step}: ${String(c.call.body.text)}`);
      } finally {
        await h.close();
      }
    };
    const esb = await story("esb-v2");
    const gateway = await story("apigw-v3");
    expect(esb).toHaveLength(4);
    expect(gateway).toEqual(esb);
  });
});
