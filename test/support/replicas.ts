// joblog replicas as separate processes (`node src/main.ts` in HTTP mode, configured by
// environment like production) sharing one Redis, one BK-JOB simulator and one fake Slack. Each
// replica reaches the simulator and the fake Slack through a recording proxy of its own, so every
// poll and every Slack call is known by the replica that made it. For the replica tests and bench.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { FakeSlack } from "../../src/local/fake-slack/index.js";
import { SIM_DEFAULTS } from "../../src/local/sim/scenarios.js";
import type { Simulator } from "../../src/local/sim/server.js";
import { startRecordingProxy, type RecordingProxy } from "./recording-proxy.js";
import { SIGNING_SECRET } from "./slack-requests.js";

const MAIN = fileURLToPath(new URL("../../src/main.ts", import.meta.url));

export interface ReplicaOptions {
  name: string;
  sim: Simulator;
  slack: FakeSlack;
  botToken: string;
  redisUrl: string;
  leaseSeconds: number;
  env?: Record<string, string>;
  /** Extra node flags (the bench's --expose-gc). */
  nodeFlags?: string[];
}

export interface Replica {
  readonly name: string;
  readonly process: ChildProcess;
  /** Where its /slack/events listens. */
  readonly url: string;
  /** Its own disk (JOBLOG_DB_PATH's folder), as each replica has in production: with Redis it stays empty. */
  readonly dataFolder: string;
  /** This replica's calls to BK-JOB and to Slack's Web API. */
  readonly bkJob: RecordingProxy;
  readonly slackApi: RecordingProxy;
  /** Every line it wrote to stdout so far. */
  lines(): string[];
  /** Resolves on the first line (already written or to come) that matches. */
  logLine(pattern: RegExp, timeoutMs: number): Promise<string>;
  /** Sends a signal; for SIGKILL and SIGTERM, resolves once it has exited. */
  signal(name: NodeJS.Signals): Promise<void>;
  /** Stops it (SIGTERM) if still running, and closes its proxies. */
  close(): Promise<void>;
}

export async function startReplica(options: ReplicaOptions): Promise<Replica> {
  const bkJob = await startRecordingProxy(options.sim.url);
  const slackApi = await startRecordingProxy(options.slack.apiUrl);
  const dataFolder = mkdtempSync(join(tmpdir(), `joblog-replica-${options.name}-`));
  // One process (node with tsx's loader, no wrapper), so a signal reaches the bot itself.
  const child = spawn(process.execPath, [...(options.nodeFlags ?? []), "--import", "tsx", MAIN], {
    env: {
      PATH: process.env.PATH ?? "",
      SLACK_BOT_TOKEN: options.botToken,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: `${slackApi.url}${new URL(options.slack.apiUrl).pathname}`,
      PORT: "0",
      BK_JOB_API_URL: bkJob.url,
      BK_APP_CODE: SIM_DEFAULTS.appCode,
      BK_APP_SECRET: SIM_DEFAULTS.appSecret,
      BK_USERNAME: SIM_DEFAULTS.username,
      JOBLOG_IDENTITY: "fixed",
      JOBLOG_STORE: "redis",
      REDIS_URL: options.redisUrl,
      JOBLOG_LEASE_SECONDS: String(options.leaseSeconds),
      JOBLOG_DB_PATH: join(dataFolder, "joblog.db"),
      LOG_LEVEL: "info",
      ...options.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  let errors = "";
  const listeners = new Set<() => void>();
  child.stdout!.on("data", (chunk: Buffer) => {
    output += chunk.toString();
    for (const listener of [...listeners]) listener();
  });
  child.stderr!.on("data", (chunk: Buffer) => (errors += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const lines = () => output.split("\n").filter((line) => line.length > 0);
  const logLine = (pattern: RegExp, timeoutMs: number) =>
    new Promise<string>((resolve, reject) => {
      const check = () => {
        const line = lines().find((candidate) => pattern.test(candidate));
        if (line === undefined) return;
        clearTimeout(timeout);
        listeners.delete(check);
        resolve(line);
      };
      const timeout = setTimeout(() => {
        listeners.delete(check);
        reject(new Error(`${options.name} wrote no line matching ${pattern} within ${timeoutMs} ms:\n${output.slice(-4000)}\n${errors.slice(-2000)}`));
      }, timeoutMs);
      listeners.add(check);
      check();
    });
  const listening = await logLine(/listening on http:\/\/[^\s"/]+/, 60_000).catch(async (error: unknown) => {
    child.kill("SIGKILL");
    await Promise.all([bkJob.close(), slackApi.close()]);
    rmSync(dataFolder, { recursive: true, force: true });
    throw error;
  });
  const url = /listening on (http:\/\/[^\s"/]+)/.exec(listening)![1]!;
  const running = () => child.exitCode === null && child.signalCode === null;
  return {
    name: options.name,
    process: child,
    url,
    dataFolder,
    bkJob,
    slackApi,
    lines,
    logLine,
    async signal(name) {
      if (!running()) return;
      child.kill(name);
      if (name === "SIGKILL" || name === "SIGTERM") await exited;
    },
    async close() {
      if (running()) {
        child.kill("SIGCONT");
        child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
        await exited;
        clearTimeout(timer);
      }
      await Promise.all([bkJob.close(), slackApi.close()]);
      rmSync(dataFolder, { recursive: true, force: true });
    },
  };
}
