// joblog in a process of its own, as production starts it (`node dist/main.js`, or tsx on
// src/main.ts), configured by environment against the BK-JOB simulator and the fake Slack in the
// caller's process, in HTTP mode or Socket Mode. Tests (SIGTERM, the production install) and the
// start-up bench share it.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FakeSlack } from "../../src/local/fake-slack/index.js";
import { simulatorVariables } from "../../src/local/sim/joblog-variables.js";
import type { Simulator } from "../../src/local/sim/server.js";
import { SIGNING_SECRET } from "./slack-requests.js";

export interface JoblogProcess {
  child: ChildProcess;
  /** Everything it wrote on stdout and stderr so far. */
  output(): string;
  /** Resolves with the address of /healthz, /readyz, /metrics once the start-up line names it. */
  url(timeoutMs?: number): Promise<string>;
  exited: Promise<number | null>;
  /** Sends SIGTERM (if still running) and resolves with the exit code. */
  stop(): Promise<number | null>;
}

export interface JoblogProcessOptions {
  /** The command and its arguments, e.g. [process.execPath, "dist/main.js"]. */
  command: readonly [string, ...string[]];
  cwd?: string;
  sim: Simulator;
  slack: FakeSlack;
  transport: "http" | "socket";
  botToken: string;
  env?: Record<string, string>;
}

const START_LINE = /(?:listening on|and \/metrics on) (http:\/\/[^\s/"]+)/;

export function startJoblogProcess(options: JoblogProcessOptions): JoblogProcess {
  const folder = mkdtempSync(join(tmpdir(), "joblog-process-"));
  const [command, ...args] = options.command;
  const child = spawn(command, args, {
    cwd: options.cwd ?? process.cwd(),
    env: {
      PATH: process.env.PATH ?? "",
      SLACK_BOT_TOKEN: options.botToken,
      ...(options.transport === "socket" ? { SLACK_APP_TOKEN: options.slack.socketMode.appToken } : { SLACK_SIGNING_SECRET: SIGNING_SECRET }),
      SLACK_API_URL: options.slack.apiUrl,
      ...simulatorVariables(options.sim.url, "esb-v2"),
      JOBLOG_DB_PATH: join(folder, "joblog.db"),
      PORT: "0",
      HOST: "127.0.0.1",
      LOG_LEVEL: "info",
      ...options.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  void exited.then(() => rmSync(folder, { recursive: true, force: true }));
  return {
    child,
    output: () => output,
    exited,
    url: (timeoutMs = 20_000) =>
      new Promise<string>((resolve, reject) => {
        const started = Date.now();
        const check = () => {
          const found = START_LINE.exec(output)?.[1];
          if (found) return resolve(found);
          if (child.exitCode !== null || Date.now() - started > timeoutMs) return reject(new Error(`joblog did not start:\n${output}`));
          setTimeout(check, 10);
        };
        check();
      }),
    stop: async () => {
      if (child.exitCode === null) child.kill("SIGTERM");
      return exited;
    },
  };
}
