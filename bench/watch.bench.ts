// Watches on a fake clock against the simulator: 200 watches (100 channels on each of the
// simulator's two businesses; it has no more), polled by the real WatchService over real
// loopback HTTP (get_job_instance_list through ESB jobv3, reports, the fake Slack). Upstream list
// calls per business per minute while no run changes (the first hour) and while a failing run
// starts every 2 minutes (the second hour), and the time from a failed run ending in BK-JOB to
// its post in Slack.
import { WebClient } from "@slack/web-api";
import { createJobApi } from "../src/bkjob/create-job-api.js";
import { createRunListApi } from "../src/bkjob/run-list-api.js";
import { startFakeSlack } from "../src/local/fake-slack/index.js";
import { messagesFor } from "../src/i18n/index.js";
import { SIM_DEFAULTS } from "../src/local/sim/scenarios.js";
import { startSimulator } from "../src/local/sim/server.js";
import { createFollowSlackApi } from "../src/slack/follow-slack-client.js";
import { MemoryJobLeases } from "../src/store/memory-leases.js";
import { MemoryWatchStore } from "../src/store/memory-watch-store.js";
import { fetchJobReport } from "../src/use-cases/job-report.js";
import { watchPostRenderer } from "../src/use-cases/watch-requests.js";
import { DEFAULT_WATCH_POLLING, WatchService } from "../src/watch/watch-service.js";
import { FakeTime } from "../test/support/fake-time.js";
import { whenIdle } from "../test/support/follow-idle.js";
import type { BenchSection } from "./bench-section.js";

const MINUTE = 60_000;
const silent = { debug() {}, info() {}, warn() {}, error() {} };
const slackLogger = { ...silent, setLevel() {}, getLevel: () => "error" as never, setName() {} };
const CHANNELS_PER_BUSINESS = 100;
const BUSINESSES = [1, 2];

export async function run(): Promise<BenchSection> {
  const time = new FakeTime();
  // Quiet for an hour, then in each business a run that fails 60 s after it starts, every 2 minutes.
  const newRuns = BUSINESSES.map((bizId) => ({ bizId, name: "bench-deploy", everyMs: 2 * MINUTE, firstAfterMs: 60 * MINUTE }));
  const sim = await startSimulator({ clock: time, history: { newRuns } });
  const slack = await startFakeSlack({ botToken: "xoxb-bench" });
  const settings = { protocol: "esb-v2" as const, apigwSystem: false, apiUrl: sim.url, appCode: SIM_DEFAULTS.appCode, appSecret: SIM_DEFAULTS.appSecret, username: SIM_DEFAULTS.username, timeoutMs: 10_000 };
  const deps = { fetch: globalThis.fetch.bind(globalThis), logger: silent, language: "en" as const };
  const jobApi = createJobApi(settings, deps);
  const messages = messagesFor("en");
  const posts: { at: number; key: string; channel: string }[] = [];
  slack.subscribe((event) => {
    if (event.type === "api_call" && event.call.method === "chat.postMessage" && event.call.response.ok === true) {
      const key = (event.call.body.metadata as { event_payload?: { key?: string } } | undefined)?.event_payload?.key ?? "";
      posts.push({ at: time.now(), key, channel: String(event.call.body.channel) });
    }
  });
  const watches = new WatchService({
    store: new MemoryWatchStore(),
    leases: new MemoryJobLeases(time),
    owner: "bench",
    runs: createRunListApi(settings, deps),
    report: (ref) => fetchJobReport({ jobApi, clock: time, logger: silent, webUrl: null }, ref),
    render: watchPostRenderer(messages),
    slack: createFollowSlackApi(new WebClient("xoxb-bench", { slackApiUrl: slack.apiUrl, logger: slackLogger, rejectRateLimitedCalls: true, retryConfig: { retries: 0 } })),
    clock: time,
    timers: time,
    logger: silent,
  });
  try {
    for (const bizId of BUSINESSES) {
      for (let channel = 0; channel < CHANNELS_PER_BUSINESS; channel += 1) {
        await watches.start({ team: "T1", bizId, name: "bench-deploy", all: false, channelId: `C${bizId}X${channel}`, userId: "U1" });
      }
    }
    const listCalls = (from: number, until: number) =>
      sim.requests.filter((request) => request.api === "get_job_instance_list" && request.at >= from && request.at < until).length;
    const start = time.now();
    for (let at = 0; at < 120 * MINUTE; at += 5_000) {
      time.advance(5_000);
      await whenIdle(watches);
    }
    // Steady state of each hour (after the first poll's ramp, and after the busy phase's first run).
    const quietPerMinute = listCalls(start + 10 * MINUTE, start + 60 * MINUTE) / BUSINESSES.length / 50;
    const busyPerMinute = listCalls(start + 62 * MINUTE, start + 120 * MINUTE) / BUSINESSES.length / 58;
    // Each failed run ends 60 s after it was created; its first post in any channel is its latency.
    const firstPost = new Map<string, number>();
    for (const post of posts) if (!firstPost.has(post.key)) firstPost.set(post.key, post.at);
    const runEnds = newRuns.flatMap((rule) => Array.from({ length: 30 }, (_, index) => start + rule.firstAfterMs + index * rule.everyMs + MINUTE));
    const latencies = [...firstPost.values()].map((at) => at - Math.max(...runEnds.filter((end) => end <= at)));
    const worst = Math.max(...latencies);
    const perRun = posts.length / Math.max(1, firstPost.size);
    return {
      title: "Watches: 200 watches (100 channels × the simulator's 2 businesses), fake clock",
      rows: [
        { figure: "list calls per business per minute, quiet", value: quietPerMinute.toFixed(2), target: "≤ 2", ok: quietPerMinute <= 2 },
        { figure: "list calls per business per minute, a run every 2 min", value: busyPerMinute.toFixed(2), target: "informational", ok: null },
        { figure: "failed run ended → posted (worst of " + firstPost.size + ")", value: `${(worst / 1000).toFixed(0)} s`, target: `≤ ${DEFAULT_WATCH_POLLING.quietMaxMs / 1000 + 2} s (one poll interval + 2 s)`, ok: worst <= DEFAULT_WATCH_POLLING.quietMaxMs + 2_000 },
        { figure: "posts per failed run (one per watching channel)", value: perRun.toFixed(0), target: String(CHANNELS_PER_BUSINESS), ok: perRun === CHANNELS_PER_BUSINESS },
      ],
      notes:
        "Fake time in 5 s steps, so latencies are multiples of 5 s of simulated time; the poll interval is 30 s while the list changes and doubles to 2 min while it does not.",
    };
  } finally {
    watches.shutdown();
    await Promise.all([sim.close(), slack.close()]);
  }
}
