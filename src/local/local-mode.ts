// Local mode: joblog without a Slack workspace. Starts the BK-JOB simulator (unless
// BK_JOB_API_URL names a real BK-JOB), the fake Slack with its local console on 127.0.0.1:PORT,
// and the real joblog Bolt app in HTTP mode between them, wired with a fresh signing secret and
// bot token. Prints nothing: the caller shows `consoleUrl`.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigError, type Config } from "../config.js";
import type { ConsoleExample } from "./fake-slack/console/slack-console.js";
import { startFakeSlack, type FakeSlack } from "./fake-slack/index.js";
import { startJoblog } from "../compose.js";
import type { Logger } from "../ports/logger.js";
import { simulatorVariables } from "./sim/joblog-variables.js";
import { SCENARIOS } from "./sim/scenarios.js";
import { startSimulator, type Simulator } from "./sim/server.js";
import { WATCH_DEMO_RULES } from "./sim/history/history-index.js";

export interface LocalModeOptions {
  config: Readonly<Config>;
  logger: Logger;
  consolePort?: number; // default 3000 (the PORT variable, via loadLocalModeConfig)
  host?: string; // default 127.0.0.1; the console is a loopback tool
}

export interface LocalMode {
  /** The page to open, e.g. "http://127.0.0.1:3000/". */
  consoleUrl: string;
  /** The simulator's address when local mode started one, else null (a real BK-JOB is used). */
  simulatorUrl: string | null;
  /** The fake Slack behind the console (tests use it to act as the app would). */
  fakeSlack: FakeSlack;
  stop(): Promise<void>;
}

/** What to type first when talking to the simulator: one line per kind of answer. */
const SIMULATOR_EXAMPLES: ConsoleExample[] = [
  { text: "/joblog 1 100", description: "a job that succeeded" },
  { text: "/joblog 1 200", description: "a failed deploy: press Log on a host" },
  { text: "/joblog 1 500", description: "a 5 MB log: page through it" },
  { text: "/joblog follow 1 700", description: "follow a running job" },
  { text: "/joblog 1 1500", description: "a failed step: press Retry failed hosts" },
  { text: "@joblog 1 2000", description: "a 2,000-host job, answered in a thread" },
  { text: "/joblog recent 1 --failed", description: "the latest failed runs, without their ids" },
  { text: "/joblog watch 1 deploy-web", description: "watch demo: a deploy-web run fails every 10 minutes and is posted here" },
  { text: "/joblog 1 403", description: "BK-JOB refuses: no permission" },
  { text: "/joblog 1 two", description: "a typo: the usage help" },
];

/** The simulator's running jobs finish 30–40 s after they start; asking to follow one later restarts it. */
const RUNNING_JOB_IDS: readonly number[] = [SCENARIOS.running.jobInstanceId, SCENARIOS.runningSuccess.jobInstanceId];
const RUNNING_JOB_LIFETIME_MS = 45_000;

function restartFinishedRunningJobs(sim: Simulator): (text: string) => void {
  const startedAt = new Map(RUNNING_JOB_IDS.map((id) => [id, Date.now()]));
  return (text) => {
    if (!/\bfollow\b/i.test(text)) return;
    for (const id of RUNNING_JOB_IDS) {
      if (!new RegExp(`\\b${id}\\b`).test(text)) continue;
      if (Date.now() - (startedAt.get(id) ?? 0) < RUNNING_JOB_LIFETIME_MS) continue;
      sim.restartJob(id);
      startedAt.set(id, Date.now());
    }
  };
}

function hostOf(url: string | null): string[] {
  if (url === null) return [];
  try {
    return [new URL(url).hostname];
  } catch {
    return [];
  }
}

/** An access file like none at all, except that anyone may act; removed when local mode stops. */
function simulatorAccessFile(cleanups: (() => Promise<void>)[]): string {
  const folder = mkdtempSync(join(tmpdir(), "joblog-local-"));
  cleanups.push(async () => rmSync(folder, { recursive: true, force: true }));
  const file = join(folder, "access.yml");
  writeFileSync(file, 'rules:\n  - name: local-console\n    businesses: "*"\n    operators: ["*"]\n');
  return file;
}

export async function startLocalMode(options: LocalModeOptions): Promise<LocalMode> {
  const { config, logger } = options;
  const host = options.host ?? "127.0.0.1";
  const consolePort = options.consolePort ?? 3000;
  const useSimulator = config.bkJob.apiUrl === "";
  if (!useSimulator && config.setupProblems.length > 0) {
    // BK_JOB_API_URL names a real BK-JOB: the credentials for it must be there too.
    throw new ConfigError(config.setupProblems);
  }

  const cleanups: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
  };
  try {
    const sim = useSimulator ? await startSimulator({ host: "127.0.0.1", history: { newRuns: WATCH_DEMO_RULES } }) : null;
    if (sim) cleanups.push(() => sim.close());
    const simulated = sim ? simulatorVariables(sim.url, config.bkJob.protocol) : null;
    const bkJob = simulated
      ? { ...config.bkJob, apiUrl: simulated.BK_JOB_API_URL, appCode: simulated.BK_APP_CODE, appSecret: simulated.BK_APP_SECRET, username: simulated.BK_USERNAME }
      : config.bkJob;

    const botToken = `xoxb-local-${randomBytes(12).toString("hex")}`;
    const signingSecret = randomBytes(32).toString("hex");
    const fakeSlack = await startFakeSlack({
      host,
      port: consolePort,
      botToken,
      console: {
        unfurlDomains: hostOf(config.bkJob.webUrl),
        examples: sim ? SIMULATOR_EXAMPLES : [],
        ...(sim ? { beforeSend: restartFinishedRunningJobs(sim) } : {}),
      },
    }).catch((error: unknown) => {
      if ((error as { code?: string } | null)?.code === "EADDRINUSE") {
        throw new Error(`port ${consolePort} on ${host} is already in use: set PORT to another port for the local console`);
      }
      throw error;
    });
    cleanups.push(() => fakeSlack.close());

    // Against the simulator without an access file, everyone in the console may act on its jobs
    // (retry, terminate …), which joblog otherwise allows nobody (README, "Acting on a failure").
    const access = sim && config.access.file === null ? { ...config.access, file: simulatorAccessFile(cleanups) } : config.access;
    const app = await startJoblog({
      config: {
        ...config,
        bkJob,
        access,
        slack: { mode: "http", botToken, signingSecret, port: 0, apiUrl: fakeSlack.apiUrl },
        // The fake workspace lives in memory: follows must not outlive it in a database file.
        follow: { ...config.follow, databasePath: ":memory:" },
        store: { kind: "memory" },
        setupProblems: [],
      },
      logger,
      listen: { port: 0, host: "127.0.0.1" },
    });
    cleanups.push(() => app.stop());
    fakeSlack.console?.connectApp({ eventsUrl: `${app.url ?? ""}/slack/events`, signingSecret });

    return { consoleUrl: `${fakeSlack.url}/`, simulatorUrl: sim?.url ?? null, fakeSlack, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
