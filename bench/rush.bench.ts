// The incident rush, side by side in one run, joblog in its own process (bot-process.ts) and
// BK-JOB (the simulator) answering every call in 1.5 s:
// - 200 people in 10 channels asking about one job at once: time to each final message against
//   one person's report time, the calls BK-JOB saw (shared fetch, permission proofs), none lost;
// - 200 people asking about 200 different jobs at once (nothing to share);
// - acknowledgement p99 of those bursts next to a floor measured now: a bare node:http server
//   (ack-floor-child.ts) that reads the body, verifies the signature and answers 200;
// - memory (follow-memory.bench.ts): the bot's RSS kept per follow at 1,000 follows after full
//   collections, and its peak growth (the simulator and the fake Slack in this process, not the bot's).
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { FLEET } from "../src/local/sim/scenarios/fleet.js";
import { SCENARIOS } from "../src/local/sim/scenarios.js";
import type { RecordedRequest } from "../src/local/sim/server.js";
import type { BenchRow, BenchSection } from "./bench-section.js";
import { followMemory } from "./follow-memory.bench.js";
import { listeningUrl, sendBurst, startBotUnderTest, type BotUnderTest } from "./bot-process.js";
import { median, ms, p50p99, quantile } from "./percentiles.js";
import type { BurstRequest } from "./send-burst-child.js";

const PEOPLE = 200;
const CHANNELS = 10;
const UPSTREAM_DELAY_MS = 1_500;
const FLOOR_BURSTS = 3;
const FLOOR = fileURLToPath(new URL("./ack-floor-child.ts", import.meta.url));

interface Asker {
  id: string;
  user: string;
  channel: string;
  text: string;
}

const askers = (prefix: string, count: number, channels: number, text: (index: number) => string): Asker[] =>
  Array.from({ length: count }, (_, index) => ({
    id: `${prefix}-${index}`,
    user: `U0${prefix.toUpperCase()}${String(index).padStart(4, "0")}`,
    channel: `C0${prefix.toUpperCase()}${index % channels}`,
    text: text(index),
  }));

const commandsOf = (bot: BotUnderTest, people: Asker[]): BurstRequest[] =>
  people.map((asker) => ({
    kind: "command",
    fields: { text: asker.text, response_url: bot.slack.responseUrl(asker.id, { channel: asker.channel, user: asker.user }), user_id: asker.user, channel_id: asker.channel },
  }));

const isStillAskingNote = (body: Record<string, unknown>): boolean =>
  Array.isArray(body["blocks"]) && (body["blocks"] as { block_id?: string }[]).some((block) => block.block_id === "still-asking");

/** Everyone's acknowledgement, final message time and whether the final message was the report. */
async function burst(bot: BotUnderTest, people: Asker[]) {
  const since = bot.sim.requests.length;
  const sent = await bot.burst(commandsOf(bot, people));
  const posts = await Promise.all(
    people.map((asker) =>
      bot.slack
        .waitFor((r) => r.kind === "response_url_post" && r.id === asker.id && !isStillAskingNote(r.body), 180_000)
        .then((post) => (post.kind === "response_url_post" ? post : null))
        .catch(() => null),
    ),
  );
  return {
    acks: sent.map((entry) => entry.elapsedMs),
    acked: sent.filter((entry) => entry.status === 200).length,
    finals: posts.flatMap((post, index) => (post ? [post.at - sent[index]!.sentAt] : [])),
    reports: posts.filter((post) => post?.accepted && post.body["response_type"] === "in_channel").length,
    calls: bot.sim.requests.slice(since),
  };
}

function callSummary(calls: RecordedRequest[]): string {
  const byApi = new Map<string, number>();
  for (const call of calls) byApi.set(call.api, (byApi.get(call.api) ?? 0) + 1);
  return [...byApi].map(([api, count]) => `${count} ${api}`).join(" + ");
}

/** Calls in flight at once at their peak, and the most answered in any one second. */
function upstreamLoad(calls: RecordedRequest[]): { perSecond: number } {
  const seconds = new Map<number, number>();
  for (const call of calls) seconds.set(Math.floor(call.at / 1000), (seconds.get(Math.floor(call.at / 1000)) ?? 0) + 1);
  return { perSecond: Math.max(0, ...seconds.values()) };
}

async function startFloor(): Promise<{ url: string; close(): void }> {
  const child = spawn(process.execPath, ["--import", "tsx", FLOOR], { stdio: ["ignore", "pipe", "pipe"] });
  const url = await listeningUrl(child);
  return { url, close: () => void child.kill("SIGTERM") };
}

async function floorAcks(requests: BurstRequest[]): Promise<number[]> {
  const floor = await startFloor();
  try {
    const p99s: number[] = [];
    for (let round = 0; round < FLOOR_BURSTS; round += 1) {
      const results = await sendBurst(floor.url, requests);
      if (results.some((result) => result.status !== 200)) throw new Error("the floor server refused a signed request");
      p99s.push(quantile(results.map((result) => result.elapsedMs), 0.99));
    }
    return p99s;
  } finally {
    floor.close();
  }
}

/** One person asking at a time, BK-JOB at the same delay: the time a report takes on its own. */
async function singleReports(bot: BotUnderTest): Promise<number[]> {
  const times: number[] = [];
  for (const [index, job] of [SCENARIOS.seed, SCENARIOS.trickyLogs, SCENARIOS.secretLogs].entries()) {
    const one = await burst(bot, askers(`solo${index}`, 1, 1, () => `${job.bizId} ${job.jobInstanceId}`));
    times.push(...one.finals);
  }
  return times;
}

async function requestTimes(): Promise<{ rows: BenchRow[]; floorP99: number; botP99: number }> {
  const bot = await startBotUnderTest();
  try {
    const warm = askers("warm", 10, 1, () => `${SCENARIOS.seed.bizId} ${SCENARIOS.seed.jobInstanceId}`);
    await burst(bot, warm);
    bot.sim.setDelay(UPSTREAM_DELAY_MS);
    const solo = median(await singleReports(bot));
    const job = SCENARIOS.multiStepFailure;
    const rushPeople = askers("rush", PEOPLE, CHANNELS, () => `${job.bizId} ${job.jobInstanceId}`);
    const rush = await burst(bot, rushPeople);
    const spread = await burst(bot, askers("many", PEOPLE, CHANNELS, (index) => `${FLEET.bizId} ${FLEET.firstJobInstanceId + index}`));
    const floor = await floorAcks(commandsOf(bot, rushPeople));
    const rushP99 = quantile(rush.finals, 0.99);
    const logFetches = rush.calls.filter((call) => call.api === "get_job_instance_log").length;
    const proofs = rush.calls.filter((call) => call.api === "get_job_instance_status").length;
    const provers = new Set(rush.calls.filter((call) => call.api === "get_job_instance_status").map((call) => call.username)).size;
    const botP99 = median([quantile(rush.acks, 0.99), quantile(spread.acks, 0.99)]);
    const floorP99 = median(floor);
    const load = upstreamLoad(rush.calls);
    const rows: BenchRow[] = [
      { figure: "One person's report, asked alone (median of 3)", value: ms(solo), target: "–", ok: null },
      { figure: `${PEOPLE} people, one job: time to the final message`, value: `${p50p99(rush.finals)} · max ${ms(Math.max(...rush.finals))}`, target: `p99 ≤ ${ms(2 * solo)} (2 × alone)`, ok: rushP99 <= 2 * solo },
      {
        figure: `${PEOPLE} people, one job: BK-JOB calls`,
        value: `${rush.calls.length}: ${callSummary(rush.calls)} (status calls as ${provers} different users; at most ${load.perSecond} answered in one second)`,
        target: `≤ ${PEOPLE + 2}: 1 shared fetch + 1 proof a person`,
        ok: logFetches === 1 && proofs <= PEOPLE + 1 && provers === PEOPLE,
      },
      { figure: `${PEOPLE} people, one job: reports delivered`, value: `${rush.reports} of ${PEOPLE}`, target: "all, none lost", ok: rush.reports === PEOPLE },
      { figure: `${PEOPLE} people, ${PEOPLE} jobs: time to the final message`, value: `${p50p99(spread.finals)} · max ${ms(Math.max(...spread.finals))}`, target: "not worse than before (p50 19.9 s · p99 38 s)", ok: quantile(spread.finals, 0.99) <= 38_000 * 1.1 },
      { figure: `${PEOPLE} people, ${PEOPLE} jobs: BK-JOB calls`, value: `${spread.calls.length}: ${callSummary(spread.calls)}`, target: "–", ok: null },
      { figure: `${PEOPLE} people, ${PEOPLE} jobs: reports delivered`, value: `${spread.reports} of ${PEOPLE}`, target: "all, none lost", ok: spread.reports === PEOPLE },
      { figure: "Acknowledgements, one job", value: `${rush.acked} of ${PEOPLE} · ${p50p99(rush.acks)}`, target: "–", ok: null },
      { figure: `Acknowledgements, ${PEOPLE} jobs`, value: `${spread.acked} of ${PEOPLE} · ${p50p99(spread.acks)}`, target: "–", ok: null },
      { figure: `Floor: bare node:http, signature verified, ${FLOOR_BURSTS} bursts' p99`, value: floor.map(ms).join(" · "), target: "–", ok: null },
      {
        figure: "Acknowledgement p99 (median of the two bursts) against the floor's (median)",
        value: `${ms(botP99)} vs ${ms(floorP99)}`,
        target: "≤ 2 × floor, or within 20 ms",
        ok: rush.acked === PEOPLE && spread.acked === PEOPLE && (botP99 <= 2 * floorP99 || botP99 - floorP99 <= 20),
      },
    ];
    return { rows, floorP99, botP99 };
  } finally {
    await bot.close();
  }
}

export async function run(): Promise<BenchSection> {
  const times = await requestTimes();
  const memory = (await followMemory()).rows;
  return {
    title: `The incident rush: ${PEOPLE} people at once, BK-JOB answering in ${UPSTREAM_DELAY_MS / 1000} s`,
    rows: [...times.rows, ...memory],
    notes: NOTES,
  };
}

const NOTES = [
  "joblog runs as `node src/main.ts` in HTTP mode in its own process with its defaults (16 expensive BK-JOB calls in flight,",
  "256 permission proofs, 4 a user); the simulator and the fake Slack run in the benchmark's process, and a sender process of",
  "its own sends each burst (send-burst-child.ts). One person's report time is measured first, one person at a time; then 200",
  "people in 10 channels ask about job 1 200 at once; then 200 others about the fleet's 200 jobs. A report over ESB v2 is the",
  "status and the whole-job log side by side; in a rush the first asker's two calls are the shared fetch and everyone else",
  "makes one status call as themselves. The floor server (ack-floor-child.ts) gets the rush's own signed requests, three",
  "bursts, on the same machine. Memory (bench/follow-memory.bench.ts): 1,000 follows (the fleet's 200 running jobs, each in 5",
  "channels) started by signed /joblog follow commands after 30 reports and 20 follows of warm-up; kept is the bot's RSS after",
  "two full collections over the same before them, peak its VmHWM (after a reset) over its RSS before them.",
].join("\n");
