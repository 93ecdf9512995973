// Following 200 jobs at once against the simulator's fleet (src/local/sim/scenarios/fleet.ts), on a
// fake clock so 250 s of job time take seconds: upstream calls per job per minute while the jobs
// change and while they are quiet, Slack calls per follow against the state changes a person
// could see, and peak memory. Real loopback HTTP to the simulator and the fake Slack; real SQLite.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { WebClient } from "@slack/web-api";
import { createJobApi } from "../src/bkjob/create-job-api.js";
import { startFakeSlack } from "../src/local/fake-slack/index.js";
import { FollowService } from "../src/follow/follow-service.js";
import { createFollowSource } from "../src/use-cases/follow-source.js";
import { SlackLanes } from "../src/follow/slack-lanes.js";
import { messagesFor } from "../src/i18n/index.js";
import { createFollowSlackApi } from "../src/slack/follow-slack-client.js";
import { FLEET, FLEET_TIMING, fleetTimeline } from "../src/local/sim/scenarios/fleet.js";
import { SIM_DEFAULTS } from "../src/local/sim/scenarios.js";
import { startSimulator } from "../src/local/sim/server.js";
import { snapshotTimedJob } from "../src/local/sim/timed-job.js";
import { SqliteFollowStore } from "../src/store/sqlite-follow-store.js";
import { FakeTime } from "../test/support/fake-time.js";
import type { BenchSection } from "./bench-section.js";
import { followRendererFor } from "../src/render/follow-renderer.js";
import { whenIdle } from "../test/support/follow-idle.js";

const silent = { debug() {}, info() {}, warn() {}, error() {} };
const slackLogger = { ...silent, setLevel() {}, getLevel: () => "error" as never, setName() {} };

/**
 * The state changes BK-JOB shows for a job between two times, second by second: every change of
 * the job's status, of a step's status, and of a host's status in a step (a host appearing when
 * its step starts counts too). Also the number of seconds in which anything changed.
 */
export function stateChanges(jobInstanceId: number, startedAt: number, from: number, until: number): { transitions: number; changedSeconds: number } {
  const timeline = fleetTimeline(jobInstanceId);
  let previous: Map<string, number> | null = null;
  let transitions = 0;
  let changedSeconds = 0;
  for (let at = from; at <= until; at += 1_000) {
    const job = snapshotTimedJob(timeline, startedAt, at);
    const state = new Map<string, number>([["job", job.status]]);
    for (const step of job.steps) {
      state.set(`step ${step.stepInstanceId}`, step.status);
      for (const host of step.hosts) state.set(`host ${step.stepInstanceId} ${host.bkCloudId}:${host.ip}`, host.ipStatus);
    }
    if (previous) {
      let changed = 0;
      for (const [key, value] of state) if (previous.get(key) !== value) changed += 1;
      transitions += changed;
      if (changed > 0) changedSeconds += 1;
    }
    previous = state;
  }
  return { transitions, changedSeconds };
}

export async function run(): Promise<BenchSection> {
  const time = new FakeTime();
  const sim = await startSimulator({ clock: time });
  const slack = await startFakeSlack({ botToken: "xoxb-bench" });
  const folder = mkdtempSync(join(tmpdir(), "joblog-bench-"));
  const store = new SqliteFollowStore(join(folder, "joblog.db"));
  const jobApi = createJobApi(
    { protocol: "esb-v2", apigwSystem: false, apiUrl: sim.url, appCode: SIM_DEFAULTS.appCode, appSecret: SIM_DEFAULTS.appSecret, username: SIM_DEFAULTS.username, webUrl: null, timeoutMs: 15_000 },
    { fetch: globalThis.fetch.bind(globalThis), logger: silent, language: "en" },
  );
  const slackApi = createFollowSlackApi(
    new WebClient("xoxb-bench", { slackApiUrl: slack.apiUrl, rejectRateLimitedCalls: true, retryConfig: { retries: 0 }, logger: slackLogger }),
  );
  const follows = new FollowService({
    store,
    source: createFollowSource({ jobApi, clock: time, logger: silent, webUrl: null }),
    lanes: new SlackLanes(slackApi, time, time, silent),
    slack: slackApi,
    clock: time,
    timers: time,
    logger: silent,
    render: followRendererFor(messagesFor("en")),
    webUrl: null,
    maxHours: 24,
  });

  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const jobs = Array.from({ length: FLEET.size }, (_, index) => FLEET.firstJobInstanceId + index);
  const startedAt = time.now();
  await Promise.all(
    jobs.map((jobInstanceId, index) =>
      follows.follow({ ref: { bizId: FLEET.bizId, jobInstanceId }, channelId: `C${String(index).padStart(4, "0")}`, userId: "U0BENCH", failuresOnly: false }),
    ),
  );
  const followedAt = time.now();
  const wall = performance.now();
  for (let second = 0; second < FLEET_TIMING.jobEndsAtMs / 1000 + 40; second += 1) {
    time.advance(1_000);
    await whenIdle(follows);
    peak = Math.max(peak, process.memoryUsage().rss);
  }
  const wallSeconds = (performance.now() - wall) / 1000;
  await follows.shutdown();
  await store.close();

  // Upstream: status polls and report fetches per job per minute, in the busy and quiet phases.
  const calls = sim.requests.filter((request) => request.jobInstanceId !== null && request.jobInstanceId >= FLEET.firstJobInstanceId);
  const perJobPerMinute = (fromMs: number, untilMs: number) => {
    const inWindow = calls.filter((request) => request.at >= startedAt + fromMs && request.at < startedAt + untilMs).length;
    return inWindow / FLEET.size / ((untilMs - fromMs) / 60_000);
  };
  const busy = perJobPerMinute(0, FLEET_TIMING.busyEndsAtMs);
  // The quiet phase after the back-off has settled (the first minute of quiet still backs off).
  const quiet = perJobPerMinute(FLEET_TIMING.busyEndsAtMs + 60_000, FLEET_TIMING.quietEndsAtMs);

  // Slack: every call per follow's channel, against the state changes BK-JOB showed meanwhile.
  let worstMargin = Number.NEGATIVE_INFINITY;
  let totalCalls = 0;
  let totalTransitions = 0;
  let totalChangedSeconds = 0;
  for (const [index, jobInstanceId] of jobs.entries()) {
    const channel = `C${String(index).padStart(4, "0")}`;
    const slackCalls = slack.calls.filter((call) => call.body.channel === channel && call.method.startsWith("chat.")).length;
    const { transitions, changedSeconds } = stateChanges(jobInstanceId, startedAt, followedAt, time.now());
    worstMargin = Math.max(worstMargin, slackCalls - (transitions + 2));
    totalCalls += slackCalls;
    totalTransitions += transitions;
    totalChangedSeconds += changedSeconds;
  }
  rmSync(folder, { recursive: true, force: true });
  await Promise.all([sim.close(), slack.close()]);

  const peakMb = (peak - baseline) / 1024 / 1024;
  return {
    title: "Following 200 jobs at once (fake clock, 250 s of job time)",
    rows: [
      { figure: "Upstream calls per job per minute, while changing", value: busy.toFixed(1), target: "≤ 30", ok: busy <= 30 },
      { figure: "Upstream calls per job per minute, while quiet", value: quiet.toFixed(2), target: "≤ 2", ok: quiet <= 2 },
      {
        figure: "Slack calls per follow, worst case over (state changes + 2)",
        value: worstMargin <= 0 ? `within, by ${-worstMargin}` : `over by ${worstMargin}`,
        target: "≤ state changes + 2",
        ok: worstMargin <= 0,
      },
      { figure: "Slack calls per state change (all follows)", value: (totalCalls / Math.max(1, totalTransitions)).toFixed(2), target: "–", ok: null },
      {
        figure: "Slack calls per second in which anything changed",
        value: (totalCalls / Math.max(1, totalChangedSeconds)).toFixed(2),
        target: "–",
        ok: null,
      },
      { figure: "Peak memory growth (RSS)", value: `${peakMb.toFixed(0)} MB`, target: "–", ok: null },
      { figure: "Wall time for the run", value: `${wallSeconds.toFixed(1)} s`, target: "–", ok: null },
    ],
    notes:
      "Each follow is in its own channel. A poll is one `get_job_instance_status`; replies about failures and the end also fetch the report (status + log). " +
      "State changes are counted from the simulator's own timeline, second by second: each change of the job's, a step's or a host's status. " +
      "Several can land in the same second (a host finishing ends its step and starts the next); the last row counts those seconds instead, a stricter view. " +
      "Slack calls are chat.postMessage (live message, thread replies) and chat.update (edits) per channel.",
  };
}
