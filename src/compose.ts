// The composition root: the one place that picks the adapters behind every port and wires
// joblog together from a parsed configuration. src/main.ts (the process entry) and local mode
// call startJoblog(); tests call it with their own parts (clock, timers, fetch, polling).
import { WebClient, type WebClientOptions } from "@slack/web-api";
import { ALLOW_EVERYTHING, createAccessPolicy, redactPatterns } from "./access/access-rules.js";
import { auditToLogger } from "./access/audit-log.js";
import { createIdentityResolver } from "./access/identity.js";
import { loadAccessFile } from "./access/load-access-file.js";
import { RateLimiter } from "./access/rate-limiter.js";
import { RequestGate } from "./access/request-gate.js";
import { SlackDirectory } from "./access/slack-directory.js";
import { UpstreamLimiter } from "./access/upstream-limiter.js";
import { createJobApiPool } from "./bkjob/job-api-pool.js";
import { createSlackDirectoryApi } from "./slack/slack-directory-client.js";
import { createRedactor } from "./core/redact-secrets.js";
import type { Config } from "./config.js";
import { messagesFor } from "./i18n/index.js";
import { FollowService, type PollingOptions } from "./follow/follow-service.js";
import { createFollowSource } from "./use-cases/follow-source.js";
import { SlackLanes } from "./follow/slack-lanes.js";
import { followRendererFor } from "./render/follow-renderer.js";
import { systemClock, systemTimers, type Clock, type Timers } from "./ports/clock.js";
import type { Logger } from "./ports/logger.js";
import { Acknowledgements, MAX_DEFER_MS, QUIET_MS } from "./slack/acknowledge.js";
import { startSlackApp } from "./slack/app.js";
import { toSlackLogger } from "./slack/bolt-logger.js";
import { createFollowSlackApi } from "./slack/follow-slack-client.js";
import { createModalOpener } from "./slack/modal-opener.js";
import { createNodeFetch } from "./slack/node-fetch.js";
import { PostedLogs } from "./use-cases/posted-logs.js";
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
  // pause every Slack call of the process (WebClient's rejectRateLimitedCalls:
  // https://tools.slack.dev/node-slack-sdk/web-api#rate-limits).
  const followClient = new WebClient(config.slack.botToken, {
    ...slackApiUrl,
    logger: toSlackLogger(logger),
    ...slackClientOptions,
    rejectRateLimitedCalls: true,
  });
  const followSlack = createFollowSlackApi(followClient);
  const follows = new FollowService({
    store,
    source: createFollowSource({ jobApi, clock, logger, webUrl: config.bkJob.webUrl, causeLimits: config.digest }),
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
    deps: {
      clock,
      timers,
      logger,
      messages,
      defaultBizId: config.defaultBizId,
      webUrl: config.bkJob.webUrl,
      timeoutMs: config.bkJob.timeoutMs,
      gate,
      follows,
      hostLogCache: new HostLogCache(clock),
      causeLimits: config.digest,
      modals,
      postedLogs: new PostedLogs(clock),
      // Acknowledgements pace real HTTP requests: real time, even when a test moves the clock and
      // timers of follows and notes by hand.
      acknowledgements: new Acknowledgements(QUIET_MS, MAX_DEFER_MS, systemClock, systemTimers),
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

