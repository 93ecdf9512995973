// The composition root: reads the configuration, picks the adapters behind every port, and
// starts joblog. `npm start` runs this file; tests call startJoblog() with their own parts.
import { pathToFileURL } from "node:url";
import { WebClient, type WebClientOptions } from "@slack/web-api";
import { createJobApi } from "./bkjob/create-job-api.js";
import { withRedaction } from "./bkjob/redacting-job-api.js";
import { createRedactor } from "./core/redact-secrets.js";
import { ConfigError, loadConfig, loadLocalModeConfig, type Config } from "./config.js";
import { messagesFor } from "./i18n/messages.js";
import { startLocalMode } from "./local-mode.js";
import { createLogger } from "./logging.js";
import { FollowService, type PollingOptions } from "./follow/follow-service.js";
import { createFollowSource } from "./follow/follow-source.js";
import { SlackLanes } from "./follow/slack-lanes.js";
import { systemClock, systemTimers, type Clock, type Logger, type Timers } from "./ports.js";
import { startSlackApp } from "./slack/app.js";
import { toSlackLogger } from "./slack/bolt-logger.js";
import { createFollowSlackApi } from "./slack/follow-slack-client.js";
import { SqliteFollowStore } from "./store/sqlite-follow-store.js";
import { HostLogCache } from "./use-cases/host-log-cache.js";

export interface JoblogOptions {
  config: Readonly<Config>;
  logger: Logger;
  clock?: Clock;
  fetch?: typeof fetch;
  slackClientOptions?: WebClientOptions;
  listen?: { port: number; host?: string };
  timers?: Timers;
  polling?: Partial<PollingOptions>;
}

export interface RunningJoblog {
  /** The HTTP address in HTTP mode, null in Socket Mode. */
  url: string | null;
  follows: FollowService;
  /** Stops taking requests and polling, finishes in-flight Slack calls, closes the database. */
  stop(): Promise<void>;
}

export async function startJoblog(options: JoblogOptions): Promise<RunningJoblog> {
  const { config, logger } = options;
  if (config.slack === null) throw new Error("startJoblog needs a Slack configuration");
  const clock = options.clock ?? systemClock;
  const timers = options.timers ?? systemTimers;
  const messages = messagesFor(config.language);
  // Secrets in job logs are masked on the way in, before anything can show them.
  const jobApi = withRedaction(
    createJobApi(config.bkJob, { fetch: options.fetch ?? globalThis.fetch.bind(globalThis), logger, language: config.language }),
    createRedactor(),
  );
  const store = new SqliteFollowStore(config.follow.databasePath);
  // Following has its own client: a 429 must come back to the per-channel lanes rather than
  // pause every Slack call of the process (slack-platform.md A4).
  const followClient = new WebClient(config.slack.botToken, {
    ...(config.slack.apiUrl ? { slackApiUrl: config.slack.apiUrl.endsWith("/") ? config.slack.apiUrl : `${config.slack.apiUrl}/` } : {}),
    logger: toSlackLogger(logger),
    ...options.slackClientOptions,
    rejectRateLimitedCalls: true,
  });
  const followSlack = createFollowSlackApi(followClient);
  const follows = new FollowService({
    store,
    source: createFollowSource({ jobApi, clock, logger, webUrl: config.bkJob.webUrl }),
    lanes: new SlackLanes(followSlack, clock, timers, logger),
    slack: followSlack,
    clock,
    timers,
    logger,
    messages,
    webUrl: config.bkJob.webUrl,
    maxHours: config.follow.maxHours,
    ...(options.polling ? { polling: options.polling } : {}),
  });
  const app = await startSlackApp({
    slack: config.slack,
    clientOptions: options.slackClientOptions,
    listen: options.listen,
    services: {
      jobApi,
      clock,
      logger,
      hostLogCache: new HostLogCache(clock),
      messages,
      language: config.language,
      defaultBizId: config.defaultBizId,
      webUrl: config.bkJob.webUrl,
      actingUser: config.bkJob.username,
      timeoutMs: config.bkJob.timeoutMs,
      follows,
    },
  });
  await follows.resume();
  return {
    url: app.url,
    follows,
    stop: async () => {
      await app.stop();
      await follows.shutdown();
      await store.close();
    },
  };
}

/** SIGTERM / SIGINT: stop taking requests and polling, let in-flight calls finish, exit 0. */
function stopOnSignals(running: { stop(): Promise<void> }, logger: Logger): void {
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "joblog is stopping");
    await running.stop().catch((error: unknown) => logger.error({ err: error }, "error while stopping"));
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
}

async function main(): Promise<void> {
  let config: Readonly<Config>;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n\nSee README.md, "Configuration", for every variable.\n`);
      process.exit(1);
    }
    throw error;
  }
  if (config.slack === null) {
    // No Slack token: local mode. The local Slack console, the real app and (unless
    // BK_JOB_API_URL is set) the BK-JOB simulator, all on this machine.
    const local = loadLocalModeConfig(process.env);
    const logger = createLogger(local.logLevel);
    const running = await startLocalMode({ config, logger, consolePort: local.consolePort });
    const bkJob = running.simulatorUrl ? "the built-in BK-JOB simulator (try /joblog 1 100)" : `BK-JOB at ${config.bkJob.apiUrl}`;
    process.stdout.write(`\njoblog local console: ${running.consoleUrl}\n  talking to ${bkJob}; Ctrl-C stops it.\n\n`);
    process.stdout.write('To use a real Slack workspace, set SLACK_BOT_TOKEN and more: README.md, "Create the Slack app".\n');
    stopOnSignals(running, logger);
    return;
  }
  const logger = createLogger(config.logLevel);
  const running = await startJoblog({ config, logger });
  logger.info(
    { mode: config.slack.mode, url: running.url, bkJob: config.bkJob.apiUrl, language: config.language },
    running.url ? `joblog is listening on ${running.url}/slack/events` : "joblog is connected to Slack (Socket Mode)",
  );
  stopOnSignals(running, logger);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    process.stderr.write(`joblog failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
