// Figure 2: 200 signed `/joblog` requests sent at once to the bot's HTTP receiver while BK-JOB
// (the simulator) takes 1.5 s over every answer: the time to each HTTP 200 acknowledgement
// (Slack gives up after 3 s), the time to each final message on its response_url, and that every
// one of the 200 gets its report; three such bursts in a row. The bot runs in its own process
// (bot-process.ts).
import { SCENARIOS } from "../src/local/sim/scenarios.js";
import type { BenchSection } from "./bench-section.js";
import { startBotUnderTest, type BotUnderTest } from "./bot-process.js";
import { median, ms, p50p99, quantile } from "./percentiles.js";

const REQUESTS = 200;
/** Twenty people in each of ten channels: within the default rate limits (10 a person, 30 a channel per minute). */
const CHANNELS = 10;
const UPSTREAM_DELAY_MS = 1_500;
const ACK_TARGET_MS = 100;
const BURSTS = 3;
const JOB = SCENARIOS.multiStepFailure;

interface Asker {
  id: string;
  user: string;
  channel: string;
}

const askers = (prefix: string, count: number, channels: number): Asker[] =>
  Array.from({ length: count }, (_, index) => ({
    id: `${prefix}-${index}`,
    user: `U0${prefix.toUpperCase()}${String(index).padStart(3, "0")}`,
    channel: `C0${prefix.toUpperCase()}${index % channels}`,
  }));

/** One /joblog per asker, all at once from the sender process: each one's acknowledgement and send time. */
function sendAll(bot: BotUnderTest, people: Asker[]) {
  return bot.burst(
    people.map((asker) => ({
      kind: "command",
      fields: {
        text: `${JOB.bizId} ${JOB.jobInstanceId}`,
        response_url: bot.slack.responseUrl(asker.id, { channel: asker.channel, user: asker.user }),
        user_id: asker.user,
        channel_id: asker.channel,
      },
    })),
  );
}

/** The "⏳ Still asking BK-JOB…" note a slow answer gets first: not the answer itself. */
const isStillAskingNote = (body: Record<string, unknown>): boolean =>
  Array.isArray(body["blocks"]) && (body["blocks"] as { block_id?: string }[]).some((block) => block.block_id === "still-asking");

/** The answer posted to each asker's response_url (after any "Still asking" note), or null when none came within the wait. */
function finalMessages(bot: BotUnderTest, people: Asker[], waitMs: number) {
  return Promise.all(
    people.map((asker) =>
      bot.slack
        .waitFor((recorded) => recorded.kind === "response_url_post" && recorded.id === asker.id && !isStillAskingNote(recorded.body), waitMs)
        .then((post) => (post.kind === "response_url_post" ? post : null))
        .catch(() => null),
    ),
  );
}

/** One burst: everyone's acknowledgement time, and the time to each final message that came. */
async function burst(bot: BotUnderTest, people: Asker[]) {
  const sent = await sendAll(bot, people);
  const posts = await finalMessages(bot, people, 180_000);
  return {
    acks: sent.map((entry) => entry.elapsedMs),
    acked: sent.filter((entry) => entry.status === 200).length,
    finals: posts.flatMap((post, index) => (post ? [post.at - sent[index]!.sentAt] : [])),
    // Delivered: accepted by the response_url and in the channel, i.e. the report itself (not an error or a refusal).
    reports: posts.filter((post) => post?.accepted && post.body["response_type"] === "in_channel").length,
  };
}

export async function run(): Promise<BenchSection> {
  const bot = await startBotUnderTest();
  try {
    // A running bot, not a cold start: a few reports first, answered at once.
    const warm = askers("warm", 10, 1);
    await sendAll(bot, warm);
    await finalMessages(bot, warm, 30_000);

    bot.sim.setDelay(UPSTREAM_DELAY_MS);
    // Bursts one after another, each once the last one's reports are in; new people and channels each time.
    const bursts = [];
    for (let round = 0; round < BURSTS; round += 1) bursts.push(await burst(bot, askers(`load${round}`, REQUESTS, CHANNELS)));
    const ackP99s = bursts.map((one) => quantile(one.acks, 0.99));
    const ackP99 = median(ackP99s);
    const acked = bursts.reduce((sum, one) => sum + one.acked, 0);
    const reports = bursts.reduce((sum, one) => sum + one.reports, 0);
    const finals = bursts.flatMap((one) => one.finals);
    const all = REQUESTS * BURSTS;
    return {
      title: `Acknowledgement under load: ${REQUESTS} /joblog at once, BK-JOB answering in ${UPSTREAM_DELAY_MS / 1000} s`,
      rows: [
        { figure: `HTTP 200 acknowledgements, ${BURSTS} bursts`, value: `${acked} of ${all}`, target: `${all} of ${all}`, ok: acked === all },
        ...bursts.map((one, round) => ({ figure: `Time to the acknowledgement, burst ${round + 1}`, value: `${p50p99(one.acks)} · max ${ms(Math.max(...one.acks))}`, target: "–", ok: null })),
        { figure: "Time to the acknowledgement, the bursts' median p99", value: ms(ackP99), target: `p99 ≤ ${ACK_TARGET_MS} ms`, ok: acked === all && ackP99 <= ACK_TARGET_MS },
        { figure: "Reports delivered to their response_url", value: `${reports} of ${all}`, target: `${all} of ${all}, none lost`, ok: reports === all },
        { figure: "Time to the final message (every burst)", value: `${p50p99(finals)} · max ${ms(Math.max(...finals))}`, target: "–", ok: null },
      ],
      notes: NOTES,
    };
  } finally {
    await bot.close();
  }
}

const NOTES = [
  `joblog runs as \`node src/main.ts\` in HTTP mode in its own process, with its defaults (per-person and per-channel rate limits,`,
  "at most 16 BK-JOB calls in flight for people's requests, identity from the Slack profile e-mail via users.info). Each burst's",
  `${REQUESTS} requests come from ${REQUESTS} people in ${CHANNELS} channels, signed like Slack's and sent at once by a sender process of its own (each request`,
  "one write of prepared bytes on a connection opened beforehand), after 10 warm-up reports; the next burst, from other people",
  `and channels, starts when the last one's reports are in. Each report is two ESB v2 calls side by side (status and the whole-job`,
  `log), each held ${UPSTREAM_DELAY_MS / 1000} s by the simulator, so the final messages are paced by the upstream cap: 400 calls, 16 at a time, the oldest`,
  "request's first. Acknowledgement: from the send to the HTTP response, as the sender sees it; on this shared virtual machine one",
  "burst's p99 can double from one run to the next, so the target is read against the median of the bursts' p99s, each shown.",
  "Final message: from the send to the fake Slack recording the response_url post.",
].join("\n");
