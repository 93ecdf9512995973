// Kill joblog (SIGKILL) in the middle of following a job, twice, and start it again on the same
// SQLite file: the follow resumes, each change is posted exactly once, and changes that happened
// while it was down are posted when it is back.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeSlack, type FakeSlack, type RecordedCall } from "../../src/local/fake-slack/index.js";
import { FOLLOW_METADATA_EVENT } from "../../src/core/follow-model.js";
import { SCENARIOS, SIM_DEFAULTS } from "../../src/local/sim/scenarios.js";
import { SqliteFollowStore } from "../../src/store/sqlite-follow-store.js";
import { startSimulator, type Simulator } from "../../src/local/sim/server.js";
import { RUN_STATUS } from "../../src/local/sim/model.js";
import { SIGNING_SECRET, sendSlashCommand } from "../support/slack-requests.js";
import { callJob, STATUS_API } from "../sim/sim-client.js";

const main = new URL("../../src/main.ts", import.meta.url).pathname;
const CHANNEL = "C0RESTART";
/** The simulator's jobs run twice as fast as the wall clock, so the 40 s job takes 20 s. */
const SPEED = 2;

let sim: Simulator;
let slack: FakeSlack;
let folder: string;

beforeAll(async () => {
  const origin = Date.now();
  sim = await startSimulator({ clock: { now: () => origin + (Date.now() - origin) * SPEED } });
  slack = await startFakeSlack({ botToken: "xoxb-test-token" });
  folder = mkdtempSync(join(tmpdir(), "joblog-restart-"));
});

afterAll(async () => {
  await Promise.all([sim.close(), slack.close()]);
  rmSync(folder, { recursive: true, force: true });
});

interface Bot {
  process: ChildProcess;
  url: string;
  /** Resolves on the first log line (already written or still to come) that matches. */
  logLine(pattern: RegExp, timeoutMs: number): Promise<string>;
}

function startBot(database = "joblog.db"): Promise<Bot> {
  // One process (node with tsx's loader), so SIGKILL kills the bot itself, not a wrapper.
  const child = spawn(process.execPath, ["--import", "tsx", main], {
    env: {
      PATH: process.env.PATH ?? "",
      SLACK_BOT_TOKEN: "xoxb-test-token",
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: slack.apiUrl,
      PORT: "0",
      BK_JOB_API_URL: sim.url,
      BK_APP_CODE: SIM_DEFAULTS.appCode,
      BK_APP_SECRET: SIM_DEFAULTS.appSecret,
      BK_USERNAME: SIM_DEFAULTS.username,
      JOBLOG_DB_PATH: join(folder, database),
      LOG_LEVEL: "info",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const logLine = (pattern: RegExp, timeoutMs: number) =>
    new Promise<string>((resolve, reject) => {
      const check = () => {
        const line = output.split("\n").find((candidate) => pattern.test(candidate));
        if (line === undefined) return;
        clearTimeout(timeout);
        child.stdout!.off("data", check);
        resolve(line);
      };
      const timeout = setTimeout(() => {
        child.stdout!.off("data", check);
        reject(new Error(`joblog wrote no line matching ${pattern} within ${timeoutMs} ms:\n${output}`));
      }, timeoutMs);
      child.stdout!.on("data", check);
      check();
    });
  return new Promise((resolve, reject) => {
    const timeout = setTimeout(() => reject(new Error(`joblog did not start:\n${output}`)), 20_000);
    child.stdout!.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/[^\s"/]+)/.exec(output);
      if (match) {
        clearTimeout(timeout);
        resolve({ process: child, url: match[1]!, logLine });
      }
    });
    child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("exit", (code) => reject(new Error(`joblog exited with ${code}:\n${output}`)));
  });
}

function kill(bot: Bot): Promise<void> {
  return new Promise((resolve) => {
    bot.process.once("exit", () => resolve());
    bot.process.kill("SIGKILL");
  });
}

/** Waits until BK-JOB (the simulator) reports the job's first step finished. */
async function untilFirstStepFinished(ref: { bizId: number; jobInstanceId: number }): Promise<void> {
  for (;;) {
    const status = (await callJob(sim, STATUS_API, ref)).json() as { data: { blocks: { step_instances: { status: number }[] }[] } };
    if (status.data.blocks[0]?.step_instances[0]?.status === RUN_STATUS.success) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

const isReply = (call: RecordedCall) => call.method === "chat.postMessage" && call.body.channel === CHANNEL && call.body.thread_ts !== undefined && call.response.ok === true;
const keyOf = (call: RecordedCall) => ((call.body.metadata as { event_type?: string; event_payload?: { key?: string } } | undefined)?.event_payload?.key ?? "");

describe("restart while following", () => {
  it("posts every change exactly once across two SIGKILLs", async () => {
    const { bizId, jobInstanceId } = SCENARIOS.running;
    sim.restartJob(jobInstanceId);
    let bot = await startBot();
    await sendSlashCommand(bot.url, { text: `follow ${bizId} ${jobInstanceId}`, response_url: slack.responseUrl("restart"), channel_id: CHANNEL });
    await slack.waitFor((r) => r.kind === "api_call" && r.method === "chat.postMessage" && r.body.channel === CHANNEL, 15_000);

    // Down while step 1 finishes: that change must be posted once the bot is back.
    await kill(bot);
    await untilFirstStepFinished({ bizId, jobInstanceId });
    bot = await startBot();
    await slack.waitFor((r) => r.kind === "api_call" && isReply(r), 20_000);

    // Killed right after a reply went out, before it could have been written down for sure.
    await kill(bot);
    bot = await startBot();
    await slack.waitFor((r) => r.kind === "api_call" && isReply(r) && r.body.reply_broadcast === true, 40_000);
    // The follow's last act (src/follow/follow-service.ts, end()): after this line it posts nothing
    // more, so anything it would have posted twice is in the record by now.
    await bot.logLine(/"reason":"job_ended".*"msg":"stopped following"/, 20_000);
    await kill(bot);

    const metadata = slack.calls.filter(isReply).map((call) => (call.body.metadata as { event_type?: string }).event_type);
    expect(new Set(metadata)).toEqual(new Set([FOLLOW_METADATA_EVENT]));
    const keys = slack.calls.filter(isReply).map(keyOf);
    expect(keys.length).toBeGreaterThanOrEqual(3);
    expect(new Set(keys).size).toBe(keys.length); // nothing twice
    expect(keys).toContain("job:ended");
    expect(keys.some((key) => /^step:\d+:finished$/.test(key))).toBe(true);
    expect(keys.some((key) => /^step:\d+:(failed|hosts:)/.test(key))).toBe(true);
    // One live message in the channel, however often the bot restarted.
    const parents = slack.calls.filter((c) => c.method === "chat.postMessage" && c.body.channel === CHANNEL && c.body.thread_ts === undefined && c.response.ok === true);
    expect(parents).toHaveLength(1);
    const texts = slack.calls.filter(isReply).map((call) => JSON.stringify(call.body.blocks));
    expect(texts.filter((text) => text.includes("10.0.7.2") && !text.includes("Failing hosts (")).length).toBe(1);
  }, 120_000);
});

describe("SIGTERM", () => {
  it("stops polling, closes the database and exits 0; the follow resumes on the next start", async () => {
    const { bizId } = SCENARIOS.runningSuccess;
    sim.restartJob(SCENARIOS.runningSuccess.jobInstanceId);
    const bot = await startBot("sigterm.db");
    await sendSlashCommand(bot.url, { text: `follow ${bizId} ${SCENARIOS.runningSuccess.jobInstanceId}`, response_url: slack.responseUrl("sigterm"), channel_id: "C0TERM" });
    await slack.waitFor((r) => r.kind === "api_call" && r.method === "chat.postMessage" && r.body.channel === "C0TERM", 15_000);
    const exitCode = await new Promise<number | null>((resolve) => {
      bot.process.once("exit", (code) => resolve(code));
      bot.process.kill("SIGTERM");
    });
    expect(exitCode).toBe(0);
    const store = new SqliteFollowStore(join(folder, "sigterm.db"));
    const active = await store.listActive();
    await store.close();
    expect(active.map((follow) => follow.channelId)).toEqual(["C0TERM"]);
    expect(active[0]!.parentTs).not.toBeNull();
  }, 60_000);
});
