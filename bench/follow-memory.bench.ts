// Memory per follow (issues 14 and 17): 1,000 follows (the fleet's 200 running jobs, each in 5
// channels) started in the bot's own process by signed /joblog follow commands, the simulator and
// the fake Slack outside it. Two figures: what the bot keeps per follow (its RSS after two full
// collections, over the same after warm-up), and its peak RSS growth per follow while the
// follows start and run (garbage included).
import { FLEET } from "../src/local/sim/scenarios/fleet.js";
import { SCENARIOS } from "../src/local/sim/scenarios.js";
import { sendSlashCommand, type SlashCommandFields } from "../test/support/slack-requests.js";
import type { BenchRow } from "./bench-section.js";
import { startBotUnderTest, type BotUnderTest, type MemoryAfterGc } from "./bot-process.js";

const FOLLOWS = 1_000;
/** Reports answered before the baseline: enough to load the code paths a request runs. */
const WARM_UP = 30;
/** Follows running before the baseline (not counted in the figure). */
const WARM_FOLLOWS = 20;

/** Channels whose name starts with `prefix` that have a live message. */
const liveMessages = (bot: BotUnderTest, prefix: string): number =>
  new Set(bot.slack.callsTo("chat.postMessage").filter((call) => call.body.thread_ts === undefined && String(call.body.channel).startsWith(prefix)).map((call) => call.body.channel)).size;
/** Generous rate limits: 1,000 follows from a few people in a minute. */
const FOLLOW_ENV = { JOBLOG_USER_RATE: "10000", JOBLOG_CHANNEL_RATE: "10000" };

/** One person's slash command, with a response_url of its own. */
function command(bot: BotUnderTest, id: string, text: string, channel: string): SlashCommandFields {
  const user = `U0${id.toUpperCase().replace(/[^A-Z0-9]/g, "")}`;
  return { text, response_url: bot.slack.responseUrl(id, { channel, user }), user_id: user, channel_id: channel };
}

/** Sent one by one (a pool of them at a time): the acknowledgement's time is not measured here. */
const send = async (bot: BotUnderTest, fields: SlashCommandFields): Promise<void> => void (await sendSlashCommand(bot.url, fields));

/** Runs `work` over `items`, `concurrency` at a time. */
async function pool<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

async function until(check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 250));
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} kB`;

export interface FollowMemory {
  rows: BenchRow[];
  keptPerFollow: number;
  peakPerFollow: number;
}

export async function followMemory(): Promise<FollowMemory> {
  const bot = await startBotUnderTest({ env: FOLLOW_ENV });
  try {
    const { bizId, jobInstanceId } = SCENARIOS.seed;
    await pool(Array.from({ length: WARM_UP }, (_, index) => index), 10, (index) => send(bot, command(bot, `warm-${index}`, `${bizId} ${jobInstanceId}`, `C0WARM${index % 10}`)));
    await until(() => bot.slack.responses().length >= WARM_UP, 120_000);
    // And a few follows, polled and edited for a while: the baseline holds following's code, compiled, too.
    await pool(Array.from({ length: WARM_FOLLOWS }, (_, index) => index), 10, (index) => send(bot, command(bot, `warmf-${index}`, `follow ${FLEET.bizId} ${FLEET.firstJobInstanceId + index}`, `C0WARMF${index}`)));
    await until(() => liveMessages(bot, "C0WARMF") >= WARM_FOLLOWS, 60_000);
    await new Promise((resolve) => setTimeout(resolve, 10_000));
    const before = await bot.memoryAfterGc();
    const resettable = bot.resetPeak();
    const peakBase = bot.rss();
    const follows = Array.from({ length: FOLLOWS }, (_, index) => ({ job: FLEET.firstJobInstanceId + (index % FLEET.size), id: `follow-${index}` }));
    await pool(follows, 30, (follow) => send(bot, command(bot, follow.id, `follow ${FLEET.bizId} ${follow.job}`, `C0FOLLOW${follow.id.slice(7)}`)));
    // Every follow's live message is up, then a while of polling and edits.
    const started = () => liveMessages(bot, "C0FOLLOW");
    await until(() => started() >= FOLLOWS, 120_000);
    await new Promise((resolve) => setTimeout(resolve, 15_000));
    const peak = bot.peakRss() - peakBase;
    const after: MemoryAfterGc = await bot.memoryAfterGc();
    const kept = after.rss - before.rss;
    const keptPerFollow = kept / FOLLOWS;
    const peakPerFollow = peak / FOLLOWS;
    return {
      keptPerFollow,
      peakPerFollow,
      rows: [
        { figure: "Follows started (live messages posted)", value: `${started()} of ${FOLLOWS}`, target: `${FOLLOWS}`, ok: started() === FOLLOWS },
        {
          figure: `Bot's RSS kept per follow at ${FOLLOWS} follows (after full collections, over the warmed-up baseline)`,
          value: `${kb(keptPerFollow)} (${(kept / 1024 / 1024).toFixed(0)} MB in all; heap ${kb((after.heapUsed - before.heapUsed) / FOLLOWS)}/follow)`,
          target: "≤ 100 kB",
          ok: keptPerFollow <= 100 * 1024,
        },
        {
          figure: `Bot's peak RSS growth per follow at ${FOLLOWS} follows${resettable ? "" : " (lifetime peak)"}`,
          value: `${kb(peakPerFollow)} (${(peak / 1024 / 1024).toFixed(0)} MB in all)`,
          target: "≤ 100 kB",
          ok: peakPerFollow <= 100 * 1024,
        },
      ],
    };
  } finally {
    await bot.close();
  }
}
