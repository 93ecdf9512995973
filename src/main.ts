// The composition root: reads the configuration, picks the adapters behind every port, and
// starts joblog. `npm start` runs this file; tests call startJoblog() with their own parts.
import { pathToFileURL } from "node:url";
import { WebClient, type WebClientOptions } from "@slack/web-api";
import { ALLOW_EVERYTHING, createAccessPolicy, redactPatterns } from "./access/access-rules.js";
import { auditToLogger } from "./access/audit-log.js";
import { createIdentityResolver } from "./access/identity.js";
import { AccessFileError, loadAccessFile } from "./access/load-access-file.js";
import { RateLimiter } from "./access/rate-limiter.js";
import { RequestGate } from "./access/request-gate.js";
import { SlackDirectory } from "./access/slack-directory.js";
import { UpstreamLimiter } from "./access/upstream-limiter.js";
import { createJobApiPool } from "./bkjob/job-api-pool.js";
import { createSlackDirectoryApi } from "./slack/slack-directory-client.js";
import { createRedactor } from "./core/redact-secrets.js";
import { ConfigError, loadConfig, loadLocalModeConfig, type Config } from "./config.js";
import { messagesFor } from "./i18n/index.js";
import { startLocalMode } from "./local-mode.js";
import { createLogger } from "./logging.js";
import { FollowService, type PollingOptions } from "./follow/follow-service.js";
import { createFollowSource } from "./use-cases/follow-source.js";
import { SlackLanes } from "./follow/slack-lanes.js";
import { followRendererFor } from "./render/follow-renderer.js";
import { systemClock, systemTimers, type Clock, type Timers } from "./ports/clock.js";
import type { Logger } from "./ports/logger.js";
import { startSlackApp } from "./slack/app.js";
import { toSlackLogger } from "./slack/bolt-logger.js";
import { createFollowSlackApi } from "./slack/follow-slack-client.js";
import { createModalOpener } from "./slack/modal-opener.js";
import { createNodeFetch } from "./slack/node-fetch.js";
import { PostedLogs } from "./slack/posted-logs.js";
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
  // Who may read which logs: the access file is read (and a bad one refused) before anything starts.
  const accessFile = config.access.file === null ? null : loadAccessFile(config.access.file);
  const policy = accessFile === null ? ALLOW_EVERYTHING : createAccessPolicy(accessFile);
  if (!policy.configured) {
    logger.warn({ setting: "JOBLOG_ACCESS_FILE" }, "no access file: every channel may query every business and see its logs");
  }
  // Secrets in job logs are masked on the way in, before anything can show them. One adapter
  // per BlueKing user, so BK-JOB's own permission checks decide for each person.
  const jobApis = createJobApiPool(config.bkJob, {
    fetch: options.fetch ?? globalThis.fetch.bind(globalThis),
    logger,
    language: config.language,
    redactor: createRedactor({ secrets: configuredSecrets(config), extra: accessFile === null ? [] : redactPatterns(accessFile) }),
    limiter: new UpstreamLimiter(config.access.upstreamConcurrency, config.access.upstreamPerUser),
  });
  const jobApi = jobApis.service;
  // Every Slack Web API client shares one transport: kept-alive node:http connections (node-fetch.ts).
  const slackFetch = createNodeFetch();
  const slackClientOptions: WebClientOptions = { fetch: slackFetch, ...options.slackClientOptions };
  const slackApiUrl = config.slack.apiUrl ? { slackApiUrl: config.slack.apiUrl.endsWith("/") ? config.slack.apiUrl : `${config.slack.apiUrl}/` } : {};
  const modals = createModalOpener({
    token: config.slack.botToken,
    apiUrl: slackApiUrl.slackApiUrl ?? "https://slack.com/api/",
    fetch: slackFetch,
    logger,
  });
  const directory = new SlackDirectory(
    createSlackDirectoryApi(new WebClient(config.slack.botToken, { ...slackApiUrl, logger: toSlackLogger(logger), ...slackClientOptions })),
    clock,
  );
  const gate = new RequestGate({
    policy,
    identities: createIdentityResolver({ mode: config.access.identity, fixedUsername: config.bkJob.username, policy, directory }),
    directory,
    jobApis,
    userLimiter: new RateLimiter(config.access.userPerMinute, clock),
    channelLimiter: new RateLimiter(config.access.channelPerMinute, clock),
    audit: auditToLogger(logger),
  });
  const store = new SqliteFollowStore(config.follow.databasePath);
  // Following has its own client: a 429 must come back to the per-channel lanes rather than
  // pause every Slack call of the process (slack-platform.md A4).
  const followClient = new WebClient(config.slack.botToken, {
    ...slackApiUrl,
    logger: toSlackLogger(logger),
    ...slackClientOptions,
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
    render: followRendererFor(messages),
    webUrl: config.bkJob.webUrl,
    maxHours: config.follow.maxHours,
    ...(options.polling ? { polling: options.polling } : {}),
    logsWithheldIn: (ref, channelId) => gate.logsWithheldIn(ref, channelId),
  });
  const app = await startSlackApp({
    slack: config.slack,
    clientOptions: slackClientOptions,
    listen: options.listen,
    services: {
      jobApi,
      clock,
      timers,
      logger,
      hostLogCache: new HostLogCache(clock),
      postedLogs: new PostedLogs(clock),
      messages,
      language: config.language,
      defaultBizId: config.defaultBizId,
      webUrl: config.bkJob.webUrl,
      actingUser: config.bkJob.username,
      timeoutMs: config.bkJob.timeoutMs,
      follows,
      gate,
      modals,
      logsWithheldBy: null,
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

/** joblog's own secrets: a log that prints one gets it masked like any other secret. */
function configuredSecrets(config: Readonly<Config>): string[] {
  const slack = config.slack;
  const slackSecrets = slack === null ? [] : slack.mode === "socket" ? [slack.botToken, slack.appToken] : [slack.botToken, slack.signingSecret];
  return [config.bkJob.appSecret, ...slackSecrets];
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
  let running: RunningJoblog;
  try {
    running = await startJoblog({ config, logger });
  } catch (error) {
    if (error instanceof AccessFileError) {
      process.stderr.write(`${error.message}\n\nSee README.md, "Access rules and identity".\n`);
      process.exit(1);
    }
    throw error;
  }
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
