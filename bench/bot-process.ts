// joblog as it runs in production, for the Slack-facing benchmarks: `node src/main.ts` in its own
// process (HTTP mode, the real composition root, configured by environment), with the BK-JOB
// simulator and the fake Slack Web API here in the benchmark's process. The bot's latency is
// then its own, not shared with the load generator's event loop, and its memory can be read
// from /proc without counting the simulator's or the fake Slack's.
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startFakeSlack, type FakeSlack } from "../src/local/fake-slack/index.js";
import { SIM_DEFAULTS } from "../src/local/sim/scenarios.js";
import { startSimulator, type Simulator } from "../src/local/sim/server.js";
import { SIGNING_SECRET } from "../test/support/slack-requests.js";
import { MEMORY_LINE } from "./memory-line.js";
import type { BurstRequest, BurstResult } from "./send-burst-child.js";

const MAIN = fileURLToPath(new URL("../src/main.ts", import.meta.url));
const SENDER = fileURLToPath(new URL("./send-burst-child.ts", import.meta.url));
const GC_ON_SIGNAL = fileURLToPath(new URL("./gc-on-signal.ts", import.meta.url));
const BOT_TOKEN = "xoxb-bench-token";

export interface BotUnderTest {
  sim: Simulator;
  slack: FakeSlack;
  /** The bot's HTTP address; requests go to `${url}/slack/events`. */
  url: string;
  /** Sends these signed requests all at once from a sender process of their own (send-burst-child.ts). */
  burst(requests: readonly BurstRequest[]): Promise<BurstResult[]>;
  /** The bot's resident memory now, in bytes. */
  rss(): number;
  /** Starts a new peak-memory window for the bot's process (Linux); false where it cannot. */
  resetPeak(): boolean;
  /** The bot's highest resident memory since the last reset, in bytes. */
  peakRss(): number;
  /** The bot's memory after two full collections (bench/gc-on-signal.ts), in bytes. */
  memoryAfterGc(): Promise<MemoryAfterGc>;
  close(): Promise<void>;
}

export interface MemoryAfterGc {
  rss: number;
  heapUsed: number;
  external: number;
}

/** A /proc/<pid>/status field in bytes (Linux); 0 elsewhere. */
function procStatus(pid: number, field: "VmRSS" | "VmHWM"): number {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+)\\s+kB$`, "m").exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match?.[1] ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

export async function startBotUnderTest(options: { env?: Record<string, string> } = {}): Promise<BotUnderTest> {
  const sim = await startSimulator();
  const slack = await startFakeSlack({ botToken: BOT_TOKEN });
  const folder = mkdtempSync(join(tmpdir(), "joblog-bench-bot-"));
  // One process (node with tsx's loader, no wrapper), so its pid is the bot's. With
  // JOBLOG_BENCH_PROFILE=<folder>, the bot writes a CPU profile there when it stops.
  const profile = process.env["JOBLOG_BENCH_PROFILE"];
  // Sampled every 100 µs: a burst of acknowledgements lasts about 100 ms.
  // Preloaded: a full collection and a memory line on SIGUSR2 (gc-on-signal.ts), for memoryAfterGc.
  const flags = [...(profile ? ["--cpu-prof", `--cpu-prof-dir=${profile}`, "--cpu-prof-interval=100"] : []), "--expose-gc", "--import", "tsx", "--import", GC_ON_SIGNAL];
  const child = spawn(process.execPath, [...flags, MAIN], {
    env: {
      PATH: process.env.PATH ?? "",
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: slack.apiUrl,
      PORT: "0",
      BK_JOB_API_URL: sim.url,
      BK_APP_CODE: SIM_DEFAULTS.appCode,
      BK_APP_SECRET: SIM_DEFAULTS.appSecret,
      BK_USERNAME: SIM_DEFAULTS.username,
      JOBLOG_DB_PATH: join(folder, "joblog.db"),
      LOG_LEVEL: "info",
      ...(process.env["JOBLOG_BENCH_HEAP_SNAPSHOTS"] ? { JOBLOG_BENCH_HEAP_SNAPSHOTS: process.env["JOBLOG_BENCH_HEAP_SNAPSHOTS"] } : {}),
      ...options.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const url = await listeningUrl(child);
  const pid = child.pid ?? 0;
  const memoryLines = linesOf(child, MEMORY_LINE);
  return {
    sim,
    slack,
    url,
    burst: (requests) => sendBurst(url, requests),
    rss: () => procStatus(pid, "VmRSS"),
    resetPeak() {
      try {
        writeFileSync(`/proc/${pid}/clear_refs`, "5");
        return true;
      } catch {
        return false;
      }
    },
    peakRss: () => procStatus(pid, "VmHWM"),
    memoryAfterGc: async () => {
      const next = memoryLines.next();
      child.kill("SIGUSR2");
      return JSON.parse(await next) as MemoryAfterGc;
    },
    async close() {
      await new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      });
      await Promise.all([sim.close(), slack.close()]);
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

/** The child's stdout lines containing `text`, one at a time as they come. */
export function linesOf(child: ChildProcess, text: string): { next(): Promise<string> } {
  const waiting: ((line: string) => void)[] = [];
  let partial = "";
  child.stdout!.on("data", (chunk: Buffer) => {
    const lines = (partial + chunk.toString()).split("\n");
    partial = lines.pop() ?? "";
    for (const line of lines) if (line.includes(text)) for (const resolve of waiting.splice(0, 1)) resolve(line);
  });
  return {
    next: () =>
      new Promise<string>((resolve, reject) => {
        const timeout = setTimeout(() => reject(new Error(`no "${text}" line within 60 s`)), 60_000);
        waiting.push((line) => {
          clearTimeout(timeout);
          resolve(line);
        });
      }),
  };
}

/** Waits for the bot's "listening on" line; its log lines are read and dropped after that. */
export function listeningUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let output: string | null = "";
    const timeout = setTimeout(() => reject(new Error(`joblog did not start:\n${output}`)), 30_000);
    const onExit = (code: number | null) => reject(new Error(`joblog exited with ${code}:\n${output}`));
    // After start, the last of stderr, said if the process dies during a run (a crash is not a figure).
    let errors = "";
    child.stderr!.on("data", (chunk: Buffer) => {
      if (output !== null) output += chunk.toString();
      else errors = (errors + chunk.toString()).slice(-4_000);
    });
    child.once("exit", (code, signal) => {
      if (output === null && code !== 0 && signal !== "SIGTERM") process.stderr.write(`the process exited (${String(code ?? signal)}) during the run:\n${errors}\n`);
    });
    child.stdout!.on("data", (chunk: Buffer) => {
      if (output === null) return;
      output += chunk.toString();
      const match = /listening on (http:\/\/[^\s"/]+)/.exec(output);
      if (match) {
        clearTimeout(timeout);
        child.off("exit", onExit);
        output = null;
        resolve(match[1]!);
      }
    });
    child.once("exit", onExit);
  });
}

export function sendBurst(url: string, requests: readonly BurstRequest[]): Promise<BurstResult[]> {
  return new Promise((resolve, reject) => {
    const child = execFile(process.execPath, ["--import", "tsx", SENDER, url], { maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`the sender failed (exit ${String(error.code)}, signal ${String(error.signal)}): ${stderr}`, { cause: error }));
      resolve(JSON.parse(stdout.trim().split("\n").at(-1) ?? "[]") as BurstResult[]);
    });
    child.stdin!.end(JSON.stringify(requests));
  });
}
