// The whole of joblog on loopback for end-to-end tests: the BK-JOB simulator upstream, the fake
// Slack Web API, and the real Bolt HTTP receiver in between, configured through loadConfig like
// `npm start` would be. Logs are captured (real pino, real redaction) for assertions.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "../../src/config.js";
import { startFakeSlack, type FakeSlack } from "../../src/local/fake-slack/index.js";
import { createLogger } from "../../src/logging.js";
import type { PollingOptions } from "../../src/follow/follow-service.js";
import type { WatchPolling } from "../../src/watch/watch-service.js";
import { startJoblog, type RunningJoblog } from "../../src/compose.js";
import type { Clock, Timers } from "../../src/ports/clock.js";
import { startSimulator, type Simulator, type SimulatorOptions } from "../../src/local/sim/server.js";
import { SIM_DEFAULTS } from "../../src/local/sim/scenarios.js";
import { captureLog, type CapturedLog } from "./captured-log.js";
import { SIGNING_SECRET } from "./slack-requests.js";

export const BOT_TOKEN = "xoxb-test-token";

export interface Harness {
  sim: Simulator;
  slack: FakeSlack;
  app: RunningJoblog;
  /** The SQLite file following uses. */
  databasePath: string;
  appUrl: string;
  /** Every log line joblog wrote, as written (JSON text). */
  logLines: string[];
  /** The same log, parsed, with a wait for a line (an audit line, a "dropped" note). */
  log: CapturedLog;
  /** Stops joblog and starts it again on the same SQLite file, simulator and fake Slack (app and appUrl change). */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  env?: Record<string, string>;
  simDelayMs?: number;
  /** BK_JOB_API: which protocol joblog speaks to the simulator (BK_JOB_API_URL follows). Default esb-v2. */
  protocol?: "esb-v2" | "esb-v3" | "apigw-v3";
  /** How the simulated API gateway is set up. */
  gateway?: SimulatorOptions["gateway"];
  /** Drives the simulator's running jobs and joblog's clock (e.g. a FakeTime). */
  clock?: Clock;
  timers?: Timers;
  polling?: Partial<PollingOptions>;
  /** SLACK_BOT_TOKEN, which the fake Slack then accepts (default BOT_TOKEN). */
  botToken?: string;
  /** The fake Slack drops kept-alive connections idle this long (FakeSlackOptions.idleConnectionMs). */
  slackIdleConnectionMs?: number;
  /**
   * How Slack reaches joblog: "http" (signed requests to appUrl, the default) or "socket" (Socket
   * Mode through the fake's WebSocket; appUrl then serves /healthz, /readyz and /metrics only).
   * test/support/slack-transport.ts sends the same request either way.
   */
  transport?: "http" | "socket";
  /** The simulator's history: runs that keep coming (watch scenarios). */
  simHistory?: SimulatorOptions["history"];
  watchPolling?: Partial<WatchPolling>;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const sim = await startSimulator({
    delayMs: options.simDelayMs ?? 0,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.gateway ? { gateway: options.gateway } : {}),
    ...(options.simHistory ? { history: options.simHistory } : {}),
  });
  const protocol = options.protocol ?? "esb-v2";
  const folder = mkdtempSync(join(tmpdir(), "joblog-e2e-"));
  const databasePath = join(folder, "joblog.db");
  const botToken = options.botToken ?? BOT_TOKEN;
  const slack = await startFakeSlack({ botToken, ...(options.slackIdleConnectionMs === undefined ? {} : { idleConnectionMs: options.slackIdleConnectionMs }) });
  const log = captureLog();
  const config = loadConfig({
    SLACK_BOT_TOKEN: botToken,
    ...(options.transport === "socket" ? { SLACK_APP_TOKEN: slack.socketMode.appToken } : { SLACK_SIGNING_SECRET: SIGNING_SECRET }),
    SLACK_API_URL: slack.apiUrl,
    BK_JOB_API: protocol,
    // The gateway's base URL is its stage URL, as a real deployment's is.
    BK_JOB_API_URL: protocol === "apigw-v3" ? `${sim.url}/api/bk-job/prod` : sim.url,
    BK_APP_CODE: SIM_DEFAULTS.appCode,
    BK_APP_SECRET: SIM_DEFAULTS.appSecret,
    BK_USERNAME: SIM_DEFAULTS.username,
    BK_JOB_WEB_URL: "https://job.example.com",
    BK_JOB_TIMEOUT_MS: "3000",
    LOG_LEVEL: "debug",
    JOBLOG_DB_PATH: databasePath,
    ...options.env,
  });
  const start = () =>
    startJoblog({
      config,
      logger: createLogger(config.logLevel, log.stream),
      listen: { port: 0, host: "127.0.0.1" },
      slackClientOptions: { retryConfig: { retries: 0 } },
      ...(options.clock ? { clock: options.clock } : {}),
      ...(options.timers ? { timers: options.timers } : {}),
      ...(options.polling ? { polling: options.polling } : {}),
      ...(options.watchPolling ? { watchPolling: options.watchPolling } : {}),
    });
  const app = await start();
  const harness: Harness = {
    sim,
    slack,
    app,
    appUrl: app.url ?? "",
    databasePath,
    logLines: log.lines,
    log,
    restart: async () => {
      await harness.app.stop();
      harness.app = await start();
      harness.appUrl = harness.app.url ?? "";
    },
    close: async () => {
      await harness.app.stop();
      await Promise.all([sim.close(), slack.close()]);
      rmSync(folder, { recursive: true, force: true });
    },
  };
  return harness;
}
