// Watches, end to end on fake time: the simulator keeps creating runs (history rules), joblog
// polls the business and posts each new failed run once in each watching channel, never the
// failed runs from before the watch, never twice across a restart on the same SQLite file, with
// one poller for two channels (counted at the simulator); the access file's `watchers:` refuses.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { RecordedCall } from "../../src/local/fake-slack/index.js";
import type { NewRunsRule } from "../../src/local/sim/index.js";
import { callDoor } from "../sim/doors.js";
import { FakeTime } from "../support/fake-time.js";
import { whenIdle } from "../support/follow-idle.js";
import { startHarness, type Harness } from "../support/harness.js";
import { sendSlashCommand } from "../support/slack-requests.js";

const MINUTE = 60_000;
const RULES: readonly NewRunsRule[] = [
  { bizId: 1, name: "deploy-web", everyMs: 10 * MINUTE }, // fails 60 s after it starts
  { bizId: 1, name: "log-rotate", everyMs: 10 * MINUTE, firstAfterMs: 5 * MINUTE, ending: 3 }, // succeeds
];

let harness: Harness | null = null;
let folder: string | null = null;
afterEach(async () => {
  await harness?.close();
  harness = null;
  if (folder) rmSync(folder, { recursive: true, force: true });
  folder = null;
});

async function start(env: Record<string, string> = {}) {
  const time = new FakeTime();
  harness = await startHarness({ clock: time, timers: time, simHistory: { newRuns: RULES }, env: { JOBLOG_IDENTITY: "fixed", ...env } });
  return { h: harness, time };
}

async function command(h: Harness, text: string, channel: string, user = "U0OPS"): Promise<Record<string, unknown>> {
  const id = `r-${Math.random()}`;
  await sendSlashCommand(h.appUrl, { text, response_url: h.slack.responseUrl(id, { channel, user }), channel_id: channel, user_id: user });
  await h.slack.waitFor((r) => r.kind === "response_url_post" && r.id === id, 10_000);
  return h.slack.responses(id).at(-1)!;
}

/** Moves fake time on in 5 s steps, letting the watches finish what each step started. */
async function pass(h: Harness, time: FakeTime, ms: number) {
  for (let spent = 0; spent < ms; spent += 5_000) {
    time.advance(5_000);
    await whenIdle(h.app.watches);
  }
}

const watchPosts = (h: Harness, channel: string): RecordedCall[] =>
  h.slack.callsTo("chat.postMessage").filter((call) => call.body.channel === channel && call.response.ok === true);
const keyOf = (call: RecordedCall) => (call.body.metadata as { event_payload: { key: string } }).event_payload.key;

/** deploy-web runs in business 1 as the simulator lists them now, newest first. */
async function deployWebRuns(h: Harness, time: FakeTime) {
  const now = time.now();
  const answer = await callDoor(h.sim, "apigw-v3", "get_job_instance_list", {
    bk_scope_type: "biz", bk_scope_id: "1", create_time_start: now - 24 * 60 * MINUTE, create_time_end: now, name: "deploy-web", length: 1000,
  });
  return answer.body.data.data as { job_instance_id: number; status: number; create_time: number }[];
}

describe("watch", () => {
  it("posts each new failed run once, never the failed runs from before it, and none twice across a restart", async () => {
    const { h, time } = await start();
    const before = await deployWebRuns(h, time);
    expect(before.some((run) => run.status === 4)).toBe(true); // there is a backlog it must not post
    const started = await command(h, "watch 1 deploy-web", "C0WATCH");
    expect(started.response_type).toBe("in_channel");
    expect(String(started.text)).toContain("Watching business 1");

    await pass(h, time, 13 * MINUTE); // the first new run starts at 10 min and fails at 11
    const firstNew = (await deployWebRuns(h, time)).find((run) => !before.some((old) => old.job_instance_id === run.job_instance_id))!;
    expect(firstNew.status).toBe(4);
    expect(watchPosts(h, "C0WATCH").map(keyOf)).toEqual([`run:${firstNew.job_instance_id}`]);
    expect(JSON.stringify(watchPosts(h, "C0WATCH")[0]!.body.blocks)).toContain("deploy-web");

    await h.restart();
    await pass(h, time, 10 * MINUTE); // the second fails at 21 min
    const news = (await deployWebRuns(h, time)).filter((run) => !before.some((old) => old.job_instance_id === run.job_instance_id)).reverse();
    expect(news).toHaveLength(2);
    expect(watchPosts(h, "C0WATCH").map(keyOf)).toEqual(news.map((run) => `run:${run.job_instance_id}`));
  });

  it("one poller for two channels: both get the run, the business is listed once per interval", async () => {
    const { h, time } = await start();
    await command(h, "watch 1 deploy", "C0ONE");
    await command(h, "watch 1", "C0TWO");
    const from = time.now(); // the two commands' own lists (as the askers) were made at this instant
    await pass(h, time, 13 * MINUTE);
    const lists = h.sim.requests.filter((request) => request.api === "get_job_instance_list" && request.bizId === 1 && request.at > from);
    // A second poller would list at the same moments as the first; one poller never lists faster than every 30 s.
    const gaps = lists.slice(1).map((request, index) => request.at - lists[index]!.at);
    expect(lists.length).toBeGreaterThan(3);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(30_000);
    expect(h.app.watches.polledBusinesses()).toEqual([1]);
    const one = watchPosts(h, "C0ONE").map(keyOf);
    expect(one).toHaveLength(1);
    // `watch 1` (no name, failed only) posts the failed deploy-web run too (and the simulator's
    // running job 700, which fails meanwhile), never the log-rotate runs that succeed.
    expect(watchPosts(h, "C0TWO").map(keyOf)).toEqual(["run:700", ...one]);
    expect(watchPosts(h, "C0TWO").map((call) => JSON.stringify(call.body.blocks)).join()).not.toContain("log-rotate");
  });

  it("--all posts finished runs that succeeded too; watches lists the channel's watches with Stop; unwatch stops posting", async () => {
    const { h, time } = await start();
    await command(h, "watch 1 log-rotate --all", "C0ALL");
    await pass(h, time, 7 * MINUTE); // log-rotate starts at 5 min and succeeds at 6
    expect(watchPosts(h, "C0ALL")).toHaveLength(1);
    const listed = await command(h, "watches", "C0ALL");
    expect(JSON.stringify(listed.blocks)).toContain("stop_watch");
    const stopped = await command(h, "unwatch 1 log-rotate", "C0ALL");
    expect(String(stopped.text)).toContain("Stopped watching business 1");
    await pass(h, time, 12 * MINUTE);
    expect(watchPosts(h, "C0ALL")).toHaveLength(1);
    expect(String((await command(h, "watches", "C0ALL")).text)).toContain("watches no business");
  });

  it("the access file's watchers: refuses someone else, and nothing is watched", async () => {
    folder = mkdtempSync(join(tmpdir(), "joblog-watch-access-"));
    const file = join(folder, "access.yml");
    writeFileSync(file, "rules:\n  - name: ops\n    businesses: [1]\n    watchers: [U0ALICE]\n");
    const { h } = await start({ JOBLOG_ACCESS_FILE: file });
    const refused = await command(h, "watch 1 deploy-web", "C0WATCH", "U0BOB");
    expect(refused.response_type).toBe("ephemeral");
    expect(String(refused.text)).toContain("may not watch business 1");
    expect(String(refused.text)).toContain("ops");
    await h.log.waitFor((line) => line.audit === true && line.action === "watch" && line.outcome === "denied", 5_000);
    expect(await h.app.watches.list()).toEqual([]);
    expect(h.sim.requests.filter((request) => request.api === "get_job_instance_list")).toEqual([]);
  });
});
