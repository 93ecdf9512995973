// Three replicas on one Redis following 1,000 jobs' follows at once (issue 14): 200 running
// fleet jobs (src/local/sim/scenarios/fleet.ts) followed from 5 channels each, the simulator's
// clock running 4× faster than the wall clock. Measured: how many replicas poll a job at a time
// and how close polls come (one poller per job per interval), Slack calls per state change,
// the takeover time after one replica is killed with SIGKILL, and each replica's resident memory
// per follow it runs (the bot's processes only, not the simulator's or the fake Slack's).
import { fileURLToPath } from "node:url";
import { startFakeSlack, type RecordedCall } from "../src/local/fake-slack/index.js";
import { FLEET } from "../src/local/sim/scenarios/fleet.js";
import { SCENARIOS } from "../src/local/sim/scenarios.js";
import { startSimulator } from "../src/local/sim/server.js";
import { startRedisServer } from "../test/support/redis-server.js";
import { startReplica, type Replica } from "../test/support/replicas.js";
import { sendSlashCommand } from "../test/support/slack-requests.js";
import type { BenchSection } from "./bench-section.js";
import { MEMORY_LINE } from "./memory-line.js";
import { stateChanges } from "./follow.bench.js";

const BOT_TOKEN = "xoxb-bench-replicas";
const SPEED = 4;
const CHANNELS_PER_JOB = 5;
const LEASE_SECONDS = 15;
/** The poller's interval while a job changes (src/follow/poller.ts DEFAULT_POLLING.fastMs). */
const FAST_MS = 2_000;
const STATUS_API = "get_job_instance_status";
/** Reports each replica answers before its baseline memory is read: enough to load the code paths a request runs. */
const WARM_UP = 30;

/** Loaded into each replica: a full collection and a memory line on SIGUSR2 (gc-on-signal.ts). */
const NODE_FLAGS = ["--expose-gc", "--import", "tsx", "--import", fileURLToPath(new URL("./gc-on-signal.ts", import.meta.url))];

/** The replica's resident memory after two full collections, in bytes. */
async function rssAfterGc(replica: Replica): Promise<number> {
  const memoryLines = () => replica.lines().filter((line) => line.includes(MEMORY_LINE));
  const seen = memoryLines().length;
  replica.process.kill("SIGUSR2");
  await until(() => memoryLines().length > seen, 60_000, `${replica.name}'s memory after a collection`);
  return (JSON.parse(memoryLines().at(-1)!) as { rss: number }).rss;
}

async function until(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`bench: timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Runs `work` over `items`, `concurrency` at a time. */
async function pool<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < items.length) await work(items[next++]!);
  }));
}

/** Follows this replica runs: those it started as the job's poller, and those it took over. */
function followsRun(replica: Replica): number {
  let count = 0;
  for (const line of replica.lines()) {
    if (line.includes('"msg":"started following"')) count += 1;
    const took = /"follows":(\d+),.*"msg":"took over following"/.exec(line);
    if (took) count += Number(took[1]);
  }
  return count;
}

export async function run(): Promise<BenchSection> {
  const redis = await startRedisServer({ appendOnly: true });
  const origin = Date.now();
  const simNow = () => origin + (Date.now() - origin) * SPEED;
  const sim = await startSimulator({ clock: { now: simNow } });
  const slack = await startFakeSlack({ botToken: BOT_TOKEN });
  const replicas = await Promise.all(
    ["r0", "r1", "r2"].map((name) =>
      startReplica({ name, sim, slack, botToken: BOT_TOKEN, redisUrl: redis.url, leaseSeconds: LEASE_SECONDS, nodeFlags: NODE_FLAGS, env: { JOBLOG_USER_RATE: "10000", JOBLOG_CHANNEL_RATE: "10000", LOG_LEVEL: "info" } }),
    ),
  );
  try {
    // Warm up each replica with a few reports, so its baseline memory already holds the code paths a request runs.
    const { bizId, jobInstanceId } = SCENARIOS.seed;
    await pool(Array.from({ length: WARM_UP }, (_, index) => index), 10, async (index) => {
      await sendSlashCommand(replicas[index % 3]!.url, { text: `${bizId} ${jobInstanceId}`, response_url: slack.responseUrl(`warm-${index}`), channel_id: "C0WARM", user_id: `U0WARM${index}` });
    });
    await until(() => slack.responses().length >= WARM_UP, 120_000, "the warm-up reports");
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const baseline = await Promise.all(replicas.map(rssAfterGc));

    const jobs = Array.from({ length: FLEET.size }, (_, index) => FLEET.firstJobInstanceId + index);
    for (const job of jobs) sim.restartJob(job);
    const restartedAt = simNow();
    const follows = jobs.flatMap((job, jobIndex) => Array.from({ length: CHANNELS_PER_JOB }, (_, side) => ({ job, channel: `CF${String(jobIndex * CHANNELS_PER_JOB + side).padStart(5, "0")}` })));
    const isParent = (call: RecordedCall) => call.method === "chat.postMessage" && call.body.thread_ts === undefined && call.response.ok === true && String(call.body.channel).startsWith("CF");
    const startedWall = Date.now();
    await pool(follows, 30, async (follow) => {
      const replica = replicas[follows.indexOf(follow) % 3]!;
      await sendSlashCommand(replica.url, { text: `follow ${FLEET.bizId} ${follow.job}`, response_url: slack.responseUrl(`f-${follow.channel}`), channel_id: follow.channel, user_id: `U${follow.channel}` });
    });
    await until(() => slack.calls.filter(isParent).length >= follows.length, 120_000, "every live message").catch((error: unknown) => {
      const answers = slack.responses().filter((body) => !JSON.stringify(body).includes("deploy")).slice(-3);
      const problems = replicas.flatMap((replica) => replica.lines().filter((line) => /"level":(40|50)/.test(line) && !line.includes("JOBLOG_ACCESS_FILE")).slice(-3));
      process.stderr.write(`${slack.calls.filter(isParent).length} live messages of ${follows.length}; answers ${JSON.stringify(answers).slice(0, 1500)}\n${problems.join("\n").slice(0, 3000)}\n`);
      throw error;
    });
    const followedAt = simNow();
    const settledWall = Date.now();
    const setupSeconds = (settledWall - startedWall) / 1000;
    // One sweep later every follow runs where its job is polled.
    await new Promise((resolve) => setTimeout(resolve, (LEASE_SECONDS * 1000) / 3 + 1_000));
    const running = replicas.map(followsRun);
    const after = await Promise.all(replicas.map(rssAfterGc));
    const grown = after.map((bytes, index) => bytes - baseline[index]!);
    const perFollow = grown.map((bytes, index) => bytes / Math.max(1, running[index]!));

    // Kill the replica running the most follows; its jobs' first polls elsewhere time the takeover.
    const victim = replicas[running.indexOf(Math.max(...running))]!;
    const victimJobs = new Set(victim.bkJob.requests.filter((request) => request.path.includes(STATUS_API) && request.at >= settledWall).map((request) => request.jobInstanceId));
    await victim.signal("SIGKILL");
    const killedAt = Date.now();
    const survivors = replicas.filter((replica) => replica !== victim);
    const takenOverAt = new Map<number, number>();
    await until(
      () => {
        for (const replica of survivors)
          for (const request of replica.bkJob.requests)
            if (request.at >= killedAt && request.jobInstanceId !== null && victimJobs.has(request.jobInstanceId) && !takenOverAt.has(request.jobInstanceId)) takenOverAt.set(request.jobInstanceId, request.at);
        return takenOverAt.size >= victimJobs.size;
      },
      4 * LEASE_SECONDS * 1000,
      "the takeover of the killed replica's jobs",
    );
    const takeoverSeconds = (Math.max(...takenOverAt.values()) - killedAt) / 1000;

    const ended = (channel: string) => slack.calls.some((call) => call.method === "chat.postMessage" && call.body.channel === channel && call.body.reply_broadcast === true && call.response.ok === true);
    await until(() => follows.every((follow) => ended(follow.channel)), 180_000, "every follow's last reply").catch((error: unknown) => {
      const missing = follows.filter((follow) => !ended(follow.channel));
      const sample = missing.slice(0, 3).map((follow) => ({
        ...follow,
        calls: slack.calls.filter((call) => call.body.channel === follow.channel).map((call) => `${call.method} ${String(call.response.ok)} ${String(call.response.error ?? "")}`),
      }));
      const problems = survivors.flatMap((replica) => replica.lines().filter((line) => /"level":(40|50)/.test(line)).slice(-5));
      process.stderr.write(`${missing.length} follows never ended; e.g. ${JSON.stringify(sample, null, 1)}\n${problems.join("\n")}\n`);
      throw error;
    });
    const endedAt = simNow();

    // Polls: per job, status calls from settling on. Two pollers would put calls of two replicas
    // less than an interval apart (a takeover comes a lease period after the last poll).
    let overlaps = 0;
    let maxPollers = 0;
    let statusCalls = 0;
    for (const job of jobs) {
      const calls = replicas
        .flatMap((replica) => replica.bkJob.requests.filter((request) => request.path.includes(STATUS_API) && request.jobInstanceId === job && request.at >= settledWall).map((request) => ({ at: request.at, by: replica.name })))
        .sort((a, b) => a.at - b.at);
      statusCalls += calls.length;
      const windows = new Map<number, Set<string>>();
      for (const [index, call] of calls.entries()) {
        const window = Math.floor(call.at / FAST_MS);
        windows.set(window, (windows.get(window) ?? new Set()).add(call.by));
        const previous = calls[index - 1];
        if (previous && previous.by !== call.by && call.at - previous.at < FAST_MS) {
          overlaps += 1;
          // Which replicas, and when (from the kill), so an overlap can be traced in their logs.
          process.stderr.write(`two pollers: job ${job}, ${previous.by} then ${call.by}, ${previous.at - killedAt} and ${call.at - killedAt} ms from killing ${victim.name}\n`);
        }
      }
      for (const pollers of windows.values()) maxPollers = Math.max(maxPollers, pollers.size);
    }
    const jobMinutes = (jobs.length * (Date.now() - settledWall)) / 60_000;

    // Slack: chat.* calls per follow's channel after the live messages, against the job's state changes.
    let calls = 0;
    let transitions = 0;
    for (const follow of follows) {
      calls += slack.calls.filter((call) => call.body.channel === follow.channel && call.method.startsWith("chat.") && !isParent(call)).length;
      transitions += stateChanges(follow.job, restartedAt, followedAt, endedAt).transitions;
    }
    const perChange = calls / Math.max(1, transitions);
    const worstPerFollowKb = Math.max(...perFollow) / 1024;
    const fleetPerFollowKb = replicas.reduce((sum, replica, index) => sum + (grown[index] ?? 0), 0) / Math.max(1, running.reduce((a, b) => a + b, 0)) / 1024;
    return {
      title: `Three replicas on Redis: ${follows.length.toLocaleString("en-US")} follows of ${jobs.length} jobs (simulator clock ×${SPEED})`,
      rows: [
        { figure: "Replicas polling one job within one poll interval (2 s), most seen", value: String(maxPollers), target: "1", ok: maxPollers === 1 },
        { figure: "Status calls of a job by two replicas less than one interval apart", value: String(overlaps), target: "0", ok: overlaps === 0 },
        { figure: "Status calls per job per minute (polls, report fetches, ends)", value: (statusCalls / jobMinutes).toFixed(1), target: "–", ok: null },
        { figure: "Slack calls per state change (all follows)", value: perChange.toFixed(2), target: "– (one process: 0.72)", ok: null },
        { figure: `Takeover after kill -9 (lease ${LEASE_SECONDS} s), last of ${victimJobs.size} jobs`, value: `${takeoverSeconds.toFixed(1)} s`, target: `≤ ${(1.5 * LEASE_SECONDS).toFixed(1)} s`, ok: takeoverSeconds <= 1.5 * LEASE_SECONDS },
        { figure: "Resident memory per follow (bot only, after full collections): the replicas' growth over the follows they run", value: `${fleetPerFollowKb.toFixed(1)} kB`, target: "≤ 100 kB", ok: fleetPerFollowKb <= 100 },
        { figure: "Resident memory per follow, worst replica", value: `${worstPerFollowKb.toFixed(1)} kB`, target: "≤ 100 kB", ok: worstPerFollowKb <= 100 },
        { figure: "Follows run per replica before the kill", value: running.join(" / "), target: "–", ok: null },
        { figure: "Time to start every follow (1,000 slash commands)", value: `${setupSeconds.toFixed(1)} s`, target: "–", ok: null },
      ],
      notes:
        "Each replica is `node src/main.ts` with JOBLOG_STORE=redis, reaching the simulator and the fake Slack through a recording proxy of its own, so each call is known by its replica. " +
        "A follow command goes to the replicas in turn; the first follow of a job takes its lease, the others are run by that replica from its next sweep. " +
        "A replica's own status calls may come close together (a poll, then the report it fetches, the last look when a follow ends); two pollers would put calls of two replicas less than an interval apart. " +
        "Memory: each replica's RSS after two full collections, from after 10 warm-up reports each to one sweep after every follow started, divided by the follows it runs. " +
        "State changes are the simulator's own (job, step and host statuses, second by second, bench/follow.bench.ts); with the clock ×4 several land between two polls.",
    };
  } finally {
    await Promise.all(replicas.map((replica) => replica.close()));
    await Promise.all([sim.close(), slack.close(), redis.close()]);
  }
}
