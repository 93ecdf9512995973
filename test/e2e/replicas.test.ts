// Three joblog replicas (separate processes) sharing one Redis, one BK-JOB simulator and one fake
// Slack, following running jobs from several channels while things go wrong: a replica killed
// (SIGKILL), a replica paused past its lease (SIGSTOP, then SIGCONT), Redis stopped for 20 s;
// plus one command delivered to two replicas, one person's flood spread over all three, and a
// watch started on one replica and stopped on another.
// Each replica reaches the simulator and the fake Slack through its own recording proxy
// (test/support/replicas.ts), so every poll and every Slack call is known by who made it.
// The simulator's clock is moved forward by hand to make the jobs' steps finish.
import { readdirSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FOLLOW_METADATA_EVENT } from "../../src/core/follow-model.js";
import { startFakeSlack, type FakeSlack, type RecordedCall } from "../../src/local/fake-slack/index.js";
import { SCENARIOS } from "../../src/local/sim/scenarios.js";
import { startSimulator, type Simulator } from "../../src/local/sim/server.js";
import { createRedisClient, parseRedisUrl } from "../../src/store/redis-connection.js";
import { startRedisServer, type TestRedisServer } from "../support/redis-server.js";
import { startReplica, type Replica } from "../support/replicas.js";
import { sendSlashCommand } from "../support/slack-requests.js";

const BOT_TOKEN = "xoxb-test-token";
/** Short, so takeovers happen within seconds (production's default is 15 s). */
const LEASE_SECONDS = 3;
const STATUS_API = "get_job_instance_status";
const FLEET = SCENARIOS.fleet;
/** The fleet job's phases (src/local/sim/scenarios/fleet.ts): step 1 ends at 60 s, the job fails at 250 s. */
const STEP_1_ENDS_MS = 65_000;
const JOB_ENDS_MS = 200_000;

let redis: TestRedisServer;
let sim: Simulator;
let slack: FakeSlack;
let simOffsetMs = 0;
const replicas: Replica[] = [];

beforeAll(async () => {
  // With an append-only file, as README advises: a Redis restart keeps the follows.
  redis = await startRedisServer({ appendOnly: true });
  sim = await startSimulator({ clock: { now: () => Date.now() + simOffsetMs } });
  slack = await startFakeSlack({ botToken: BOT_TOKEN });
  // Per-user limit 5 a minute: a flood of 15 over three replicas must let exactly 5 through.
  const started = await Promise.all(["r0", "r1", "r2"].map((name) => launch(name)));
  replicas.push(...started);
}, 90_000);

afterAll(async () => {
  // Every replica started, replaced ones too: each has proxies and a data folder to close.
  await Promise.all(launched.map((replica) => replica.close()));
  await Promise.all([sim?.close(), slack?.close(), redis?.close()]);
});

const launched: Replica[] = [];
const launch = async (name: string) => {
  const replica = await startReplica({ name, sim, slack, botToken: BOT_TOKEN, redisUrl: redis.url, leaseSeconds: LEASE_SECONDS, env: { JOBLOG_USER_RATE: "5" } });
  launched.push(replica);
  return replica;
};

const quiet = { debug() {}, info() {}, warn() {}, error() {} };
function redisTarget() {
  const parsed = parseRedisUrl(redis.url);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
}

const advanceSim = (ms: number) => void (simOffsetMs += ms);

async function until(what: string, check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

interface Follow {
  jobInstanceId: number;
  channel: string;
  /** The replica the command went to. */
  via: Replica;
}

const isPost = (call: RecordedCall, channel: string) => call.method === "chat.postMessage" && call.body.channel === channel && call.response.ok === true;
const isParent = (call: RecordedCall, channel: string) => isPost(call, channel) && call.body.thread_ts === undefined;
const isReply = (call: RecordedCall, channel: string) => isPost(call, channel) && call.body.thread_ts !== undefined;
const keyOf = (call: RecordedCall) => (call.body.metadata as { event_payload?: { key?: string } } | undefined)?.event_payload?.key ?? "";
const repliesIn = (channel: string) => slack.calls.filter((call) => isReply(call, channel));

/**
 * Follows each job from two channels, the commands spread round-robin over `via`; each is
 * sent once the previous follow's live message is up, so the first command of a job decides
 * which replica polls it.
 */
async function followJobs(tag: string, jobs: number[], via: Replica[]): Promise<Follow[]> {
  const follows: Follow[] = [];
  for (const jobInstanceId of jobs) sim.restartJob(jobInstanceId);
  for (const jobInstanceId of jobs) {
    for (const side of ["a", "b"]) {
      const replica = via[follows.length % via.length]!;
      const channel = `C0${tag}${jobInstanceId}${side}`.toUpperCase();
      await sendSlashCommand(replica.url, {
        text: `follow ${FLEET.bizId} ${jobInstanceId}`,
        response_url: slack.responseUrl(`${channel}-follow`),
        channel_id: channel,
        user_id: `U0${channel}`,
      });
      await slack.waitFor((recorded) => recorded.kind === "api_call" && isParent(recorded, channel), 20_000);
      follows.push({ jobInstanceId, channel, via: replica });
    }
  }
  return follows;
}

/** The replica that polls the job: the one its first follow command went to. */
const holderOf = (follows: Follow[], jobInstanceId: number) => follows.find((follow) => follow.jobInstanceId === jobInstanceId)!.via;

const stepKey = (jobInstanceId: number, step: number, what: string) => `step:${jobInstanceId * 10 + step}:${what}`;

/** Moves the jobs through step 1, then to their end, waiting each time for every follow's reply. */
async function runJobsToTheEnd(follows: Follow[], options: { stepOneDone?: boolean; timeoutMs?: number } = {}): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  if (!options.stepOneDone) advanceSim(STEP_1_ENDS_MS);
  await until("every follow's step 1 reply", () => follows.every((f) => repliesIn(f.channel).some((call) => keyOf(call) === stepKey(f.jobInstanceId, 1, "finished"))), timeoutMs);
  advanceSim(JOB_ENDS_MS);
  await until("every follow's last reply", () => follows.every((f) => repliesIn(f.channel).some((call) => keyOf(call) === "job:ended")), timeoutMs);
  // Each follow's last act (follow-ending.ts): after its "stopped following" line it posts nothing more.
  await until(
    "every follow to end",
    // Every replica launched, replaced ones too: a follow that ended on a replica killed since still ended.
    () => launched.flatMap((replica) => replica.lines()).filter((line) => line.includes('"reason":"job_ended"') && line.includes('"msg":"stopped following"')).length >= endedBefore + follows.length,
    timeoutMs,
  );
  endedBefore += follows.length;
}
let endedBefore = 0;

/** Every change posted exactly once in every channel, under one live message each. */
function expectEachChangeOnce(follows: Follow[]): void {
  for (const follow of follows) {
    const parents = slack.calls.filter((call) => isParent(call, follow.channel));
    expect(parents, follow.channel).toHaveLength(1);
    const replies = repliesIn(follow.channel);
    expect(new Set(replies.map((call) => (call.body.metadata as { event_type?: string }).event_type))).toEqual(new Set([FOLLOW_METADATA_EVENT]));
    const keys = replies.map(keyOf);
    expect(new Set(keys).size, `${follow.channel}: ${keys.join(", ")}`).toBe(keys.length);
    expect(keys).toEqual(
      expect.arrayContaining([stepKey(follow.jobInstanceId, 1, "finished"), stepKey(follow.jobInstanceId, 2, "finished"), stepKey(follow.jobInstanceId, 3, "failed"), "job:ended"]),
    );
  }
}

/**
 * At the simulator, per job, after `since`: the replicas whose status calls it saw, in order,
 * as runs ("r0 r0 r2 r2" → ["r0", "r2"]). One poller at a time means a replica never comes back
 * after another has polled the job.
 */
function pollers(jobInstanceId: number, since: number, among: Replica[]): string[] {
  const calls = among.flatMap((replica) =>
    replica.bkJob.requests.filter((request) => request.path.includes(STATUS_API) && request.jobInstanceId === jobInstanceId && request.at >= since).map((request) => ({ at: request.at, by: replica.name })),
  );
  calls.sort((a, b) => a.at - b.at);
  const runs: string[] = [];
  for (const call of calls) if (runs.at(-1) !== call.by) runs.push(call.by);
  return runs;
}

function expectOnePollerAtATime(jobs: number[], since: number, among: Replica[]): void {
  for (const job of jobs) {
    const runs = pollers(job, since, among);
    expect(runs.length, `job ${job} polled by ${runs.join(" → ")}`).toBeGreaterThan(0);
    expect(new Set(runs).size, `job ${job} polled by ${runs.join(" → ")}`).toBe(runs.length);
  }
}

const firstJob = FLEET.jobInstanceId + 100;

describe("three replicas", () => {
  it("kill -9 mid-follow: another replica takes its jobs over, every change is posted once, polls never overlap", async () => {
    const jobs = [firstJob, firstJob + 1, firstJob + 2];
    const follows = await followJobs("kill", jobs, replicas);
    const settled = Date.now();
    const victim = holderOf(follows, jobs[0]!);
    await until("the victim to poll its job", () => pollers(jobs[0]!, settled, [victim]).length > 0, 10_000);
    await victim.signal("SIGKILL");
    const killedAt = Date.now();
    const survivors = replicas.filter((replica) => replica !== victim);
    await until("another replica to poll the dead one's job", () => pollers(jobs[0]!, killedAt, survivors).length > 0, 4 * LEASE_SECONDS * 1000);
    await runJobsToTheEnd(follows);
    expectEachChangeOnce(follows);
    expectOnePollerAtATime(jobs, settled, replicas);
    expect(survivors.some((replica) => replica.lines().some((line) => line.includes('"msg":"took over following"')))).toBe(true);
    // A new replica in its place, for what follows.
    replicas[replicas.indexOf(victim)] = await launch(`${victim.name}-new`);
  }, 90_000);

  it("SIGSTOP past the lease, then SIGCONT: the paused replica polls and posts nothing stale", async () => {
    const jobs = [firstJob + 10, firstJob + 11, firstJob + 12];
    const follows = await followJobs("stop", jobs, replicas);
    const settled = Date.now();
    const paused = holderOf(follows, jobs[0]!);
    await until("the paused replica to poll its job", () => pollers(jobs[0]!, settled, [paused]).length > 0, 10_000);
    await paused.signal("SIGSTOP");
    const stoppedAt = Date.now();
    const others = replicas.filter((replica) => replica !== paused);
    await until("another replica to take the paused one's job over", () => pollers(jobs[0]!, stoppedAt, others).length > 0, 4 * LEASE_SECONDS * 1000);
    // The job moves on while the paused replica sleeps: its follows' step 1 replies come from the new holder.
    advanceSim(STEP_1_ENDS_MS);
    const pausedFollows = follows.filter((follow) => follow.jobInstanceId === jobs[0]);
    await until("the step 1 replies of the paused replica's job", () => pausedFollows.every((f) => repliesIn(f.channel).some((call) => keyOf(call) === stepKey(f.jobInstanceId, 1, "finished"))), 20_000);
    await paused.signal("SIGCONT");
    const resumedAt = Date.now();
    await paused.logLine(/"msg":"lost the lease on a followed job/, 10_000);
    await runJobsToTheEnd(follows, { stepOneDone: true });
    expectEachChangeOnce(follows);
    expectOnePollerAtATime(jobs, settled, replicas);
    // Nothing from the paused replica once it woke up: no post, no edit, no poll of the jobs it had.
    expect(paused.slackApi.requests.filter((request) => request.path.includes("chat.") && request.at >= resumedAt)).toEqual([]);
    expect(paused.bkJob.requests.filter((request) => request.path.includes(STATUS_API) && request.jobInstanceId === jobs[0] && request.at >= resumedAt)).toEqual([]);
  }, 90_000);

  it("Redis stopped for 20 s mid-follow: reports still answer, follows pause and resume, nothing lost or doubled", async () => {
    const jobs = [firstJob + 20, firstJob + 21];
    const follows = await followJobs("redis", jobs, replicas);
    await redis.stop();
    const stoppedAt = Date.now();
    // Each replica says so, once, in words an operator understands.
    await Promise.all(replicas.map((replica) => replica.logLine(/Redis is unavailable: follows pause until it answers again/, 10_000)));
    // A report needs no shared state: it is answered while Redis is away.
    const { bizId, jobInstanceId } = SCENARIOS.seed;
    await sendSlashCommand(replicas[1]!.url, { text: `${bizId} ${jobInstanceId}`, response_url: slack.responseUrl("during-outage"), channel_id: "C0OUTAGE", user_id: "U0OUTAGE" });
    await replicas[1]!.logLine(/"user":"U0OUTAGE".*"outcome":"ok"/, 15_000);
    await slack.waitFor((recorded) => recorded.kind === "response_url_post" && recorded.id === "during-outage", 10_000);
    expect(slack.responses("during-outage")).toHaveLength(1);
    advanceSim(STEP_1_ENDS_MS);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, stoppedAt + 20_000 - Date.now())));
    await redis.start();
    await Promise.all(replicas.map((replica) => replica.logLine(/Redis is reachable again/, 15_000)));
    await runJobsToTheEnd(follows, { stepOneDone: true, timeoutMs: 40_000 });
    expectEachChangeOnce(follows);
  }, 120_000);

  it("the same slash command delivered to two replicas is answered once", async () => {
    const { bizId, jobInstanceId } = SCENARIOS.seed;
    const command = { text: `${bizId} ${jobInstanceId}`, response_url: slack.responseUrl("twice"), channel_id: "C0TWICE", user_id: "U0TWICE", trigger_id: "13345224609.738474920.twice" };
    await Promise.all([sendSlashCommand(replicas[0]!.url, command), sendSlashCommand(replicas[2]!.url, command)]);
    const dropped = await Promise.any([replicas[0]!, replicas[2]!].map((replica) => replica.logLine(/"msg":"dropped a repeated delivery"/, 10_000).then(() => replica)));
    const answering = dropped === replicas[0] ? replicas[2]! : replicas[0]!;
    await answering.logLine(/"user":"U0TWICE".*"outcome":"ok"/, 15_000);
    await slack.waitFor((recorded) => recorded.kind === "response_url_post" && recorded.id === "twice", 10_000);
    expect(slack.responses("twice")).toHaveLength(1);
  }, 30_000);

  it("one person's flood spread over three replicas is limited as one", async () => {
    const { bizId, jobInstanceId } = SCENARIOS.seed;
    await Promise.all(
      Array.from({ length: 15 }, (_, index) =>
        sendSlashCommand(replicas[index % 3]!.url, { text: `${bizId} ${jobInstanceId}`, response_url: slack.responseUrl(`flood-${index}`), channel_id: "C0FLOOD", user_id: "U0FLOOD" }),
      ),
    );
    const audit = () => replicas.flatMap((replica) => replica.lines()).filter((line) => line.includes('"audit":true') && line.includes('"user":"U0FLOOD"'));
    await until("an audit line for each of the 15 requests", () => audit().length === 15, 20_000);
    const outcomes = audit().map((line) => (JSON.parse(line) as { outcome: string }).outcome);
    // JOBLOG_USER_RATE=5: a bucket of 5, refilled one token every 12 s; the flood takes far less.
    expect(outcomes.filter((outcome) => outcome === "ok")).toHaveLength(5);
    // One bucket for the three replicas: a bucket each would have let all 15 through (5 went to each).
    expect(outcomes.filter((outcome) => outcome === "rate_limited")).toHaveLength(10);
  }, 30_000);

  it("a watch started on one replica is listed, refused again and stopped by the others (one Redis)", async () => {
    // Each step by another replica; two people, so JOBLOG_USER_RATE's five a minute stay clear.
    const ask = async (replica: Replica, text: string, id: string, user = "U0WATCHER") => {
      await sendSlashCommand(replica.url, { text, response_url: slack.responseUrl(id), channel_id: "C0WATCHES", user_id: user });
      await slack.waitFor((recorded) => recorded.kind === "response_url_post" && recorded.id === id, 15_000);
      return slack.responses(id).at(-1)!;
    };
    // A name no run has: the watch posts nothing and reads no report, so later tests' polls are as before.
    const [biz, name] = [FLEET.bizId, "no-run-is-named-this"];
    expect(String((await ask(replicas[0]!, `watch ${biz} ${name}`, "watch-start")).text)).toContain(`Watching business ${biz}`);
    expect(JSON.stringify((await ask(replicas[1]!, "watches", "watch-list")).blocks)).toContain(name);
    expect(String((await ask(replicas[2]!, `watch ${biz} ${name}`, "watch-again")).text)).toContain(`already watches business ${biz}`);
    expect(String((await ask(replicas[2]!, `unwatch ${biz} ${name}`, "watch-stop", "U0WATCHER2")).text)).toContain(`Stopped watching business ${biz}`);
    expect(String((await ask(replicas[0]!, "watches", "watch-list-after", "U0WATCHER2")).text)).toContain("watches no business");
    // Nothing on any replica's own disk: the watch was in Redis alone.
    expect(replicas.flatMap((replica) => readdirSync(replica.dataFolder))).toEqual([]);
  }, 60_000);

  it("SIGTERM gives the replica's leases up at once: its jobs are another's before the lease would have run out", async () => {
    const jobs = [firstJob + 30];
    const leaving = replicas[0]!;
    const follows = await followJobs("term", jobs, [leaving]);
    await until("the leaving replica to poll its job", () => pollers(jobs[0]!, 0, [leaving]).length > 0, 10_000);
    const leaseKey = `joblog:lease:${FLEET.bizId}:${jobs[0]}`;
    const client = createRedisClient(redisTarget(), { logger: quiet });
    try {
      expect(await client.get(leaseKey)).toContain(`:${leaving.process.pid}:`);
      await leaving.signal("SIGTERM");
      expect(leaving.process.exitCode).toBe(0);
      // It may hold jobs taken over in earlier tests too: at least this one is released.
      await leaving.logLine(/"released":[1-9]\d*,.*"msg":"released this replica's job leases"/, 1_000);
      // Right after the exit, well inside the lease period: nobody holds it, or another replica already does.
      const holder = await client.get(leaseKey);
      if (holder !== null) expect(holder).not.toContain(`:${leaving.process.pid}:`);
    } finally {
      client.disconnect();
    }
    const others = replicas.filter((replica) => replica !== leaving);
    await until("another replica to poll the job", () => pollers(jobs[0]!, 0, others).length > 0, 10_000);
    replicas[0] = await launch(`${leaving.name}-after-term`);
    await runJobsToTheEnd(follows);
    expectEachChangeOnce(follows);
  }, 60_000);

  it("Redis restarted empty (no persistence): every replica says so loudly", async () => {
    await redis.restartEmpty();
    await Promise.all(replicas.map((replica) => replica.logLine(/REDIS LOST JOBLOG'S DATA/, 15_000)));
  }, 30_000);
});
