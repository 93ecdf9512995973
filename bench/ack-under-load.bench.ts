// Figure 2: 200 signed `/joblog` requests sent at once to the bot's HTTP receiver while BK-JOB
// (the simulator) takes 1.5 s over every answer: the time to each HTTP 200 acknowledgement
// (Slack gives up after 3 s), the time to each final message on its response_url, and that every
// one of the 200 gets its report. The bot runs in its own process (bot-process.ts).
import { SCENARIOS } from "../src/sim/scenarios.js";
import type { BenchSection } from "./bench-section.js";
import { startBotUnderTest, type BotUnderTest } from "./bot-process.js";
import { ms, p50p99, quantile } from "./percentiles.js";

const REQUESTS = 200;
/** Twenty people in each of ten channels: within the default rate limits (10 a person, 30 a channel per minute). */
const CHANNELS = 10;
const UPSTREAM_DELAY_MS = 1_500;
const ACK_TARGET_MS = 100;
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

/** The first post to each asker's response_url, or null when none came within the wait. */
function finalMessages(bot: BotUnderTest, people: Asker[], waitMs: number) {
  return Promise.all(
    people.map((asker) =>
      bot.slack
        .waitFor((recorded) => recorded.kind === "response_url_post" && recorded.id === asker.id, waitMs)
        .then((post) => (post.kind === "response_url_post" ? post : null))
        .catch(() => null),
    ),
  );
}

export async function run(): Promise<BenchSection> {
  const bot = await startBotUnderTest();
  try {
    // A running bot, not a cold start: a few reports first, answered at once.
    const warm = askers("warm", 10, 1);
    await sendAll(bot, warm);
    await finalMessages(bot, warm, 30_000);

    bot.sim.setDelay(UPSTREAM_DELAY_MS);
    const people = askers("load", REQUESTS, CHANNELS);
    const sent = await sendAll(bot, people);
    const posts = await finalMessages(bot, people, 180_000);
    const acks = sent.map((entry) => entry.elapsedMs);

    const acked = sent.filter((entry) => entry.status === 200).length;
    const finals = posts.flatMap((post, index) => (post ? [post.at - sent[index]!.sentAt] : []));
    // Delivered: accepted by the response_url and in the channel, i.e. the report itself (not an error or a refusal).
    const reports = posts.filter((post) => post?.accepted && post.body["response_type"] === "in_channel").length;
    const ackP99 = quantile(acks, 0.99);
    return {
      title: `Acknowledgement under load: ${REQUESTS} /joblog at once, BK-JOB answering in ${UPSTREAM_DELAY_MS / 1000} s`,
      rows: [
        { figure: "HTTP 200 acknowledgements", value: `${acked} of ${REQUESTS}`, target: `${REQUESTS} of ${REQUESTS}`, ok: acked === REQUESTS },
        { figure: "Time to the acknowledgement", value: `${p50p99(acks)} · max ${ms(Math.max(...acks))}`, target: `p99 ≤ ${ACK_TARGET_MS} ms`, ok: acked === REQUESTS && ackP99 <= ACK_TARGET_MS },
        { figure: "Reports delivered to their response_url", value: `${reports} of ${REQUESTS}`, target: `${REQUESTS} of ${REQUESTS}, none lost`, ok: reports === REQUESTS },
        { figure: "Time to the final message", value: `${p50p99(finals)} · max ${ms(Math.max(...finals))}`, target: "–", ok: null },
      ],
      notes: NOTES,
    };
  } finally {
    await bot.close();
  }
}

const NOTES = [
  `joblog runs as \`node src/main.ts\` in HTTP mode in its own process, with its defaults (per-person and per-channel rate limits,`,
  "at most 16 BK-JOB calls in flight for people's requests, identity from the Slack profile e-mail via users.info). The 200 requests",
  "come from 200 people in 10 channels, signed like Slack's, sent at once by a sender process of their own, after 10 warm-up reports.",
  `Each report is two ESB v2 calls in turn (status, then the whole-job log), each held ${UPSTREAM_DELAY_MS / 1000} s by the simulator,`,
  "so the final messages are paced by the upstream cap: 400 calls, 16 at a time. Acknowledgement: from the send to the HTTP",
  "response, as the sender sees it. Final message: from the send to the fake Slack recording the response_url post.",
].join("\n");
