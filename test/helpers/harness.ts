// The whole of joblog on loopback for end-to-end tests: the BK-JOB simulator upstream, the fake
// Slack Web API, and the real Bolt HTTP receiver in between, configured through loadConfig like
// `npm start` would be. Logs are captured (real pino, real redaction) for assertions.
import { Writable } from "node:stream";
import { loadConfig } from "../../src/config.js";
import { startFakeSlack, type FakeSlack } from "../../src/fake-slack/index.js";
import { createLogger } from "../../src/logging.js";
import { startJoblog } from "../../src/main.js";
import type { RunningSlackApp } from "../../src/slack/app.js";
import { startSimulator, type Simulator } from "../../src/sim/server.js";
import { SIM_DEFAULTS } from "../../src/sim/scenarios.js";
import { SIGNING_SECRET } from "./slack-requests.js";

export const BOT_TOKEN = "xoxb-test-token";

export interface Harness {
  sim: Simulator;
  slack: FakeSlack;
  app: RunningSlackApp;
  appUrl: string;
  /** Every log line joblog wrote, as written (JSON text). */
  logLines: string[];
  close(): Promise<void>;
}

export interface HarnessOptions {
  env?: Record<string, string>;
  simDelayMs?: number;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const sim = await startSimulator({ delayMs: options.simDelayMs ?? 0 });
  const slack = await startFakeSlack({ botToken: BOT_TOKEN });
  const logLines: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      logLines.push(String(chunk));
      done();
    },
  });
  const config = loadConfig({
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slack.apiUrl,
    BK_JOB_API_URL: sim.url,
    BK_APP_CODE: SIM_DEFAULTS.appCode,
    BK_APP_SECRET: SIM_DEFAULTS.appSecret,
    BK_USERNAME: SIM_DEFAULTS.username,
    BK_JOB_WEB_URL: "https://job.example.com",
    BK_JOB_TIMEOUT_MS: "3000",
    LOG_LEVEL: "debug",
    ...options.env,
  });
  const app = await startJoblog({
    config,
    logger: createLogger(config.logLevel, sink),
    listen: { port: 0, host: "127.0.0.1" },
    slackClientOptions: { retryConfig: { retries: 0 } },
  });
  return {
    sim,
    slack,
    app,
    appUrl: app.url ?? "",
    logLines,
    close: async () => {
      await app.stop();
      await Promise.all([sim.close(), slack.close()]);
    },
  };
}
