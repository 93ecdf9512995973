// The composition root: the one place that picks the adapters behind every port and wires
// joblog together from a parsed configuration. src/main.ts (the process entry) and local mode
// call startJoblog(); tests call it with their own parts (clock, timers, fetch, polling).
import { WebClient, type WebClientOptions } from "@slack/web-api";
import { ALLOW_EVERYTHING, createAccessPolicy, redactPatterns } from "./access/access-rules.js";
import { auditToLogger } from "./access/audit-log.js";
import { createIdentityResolver } from "./access/identity.js";
import { MemoryRateLimitBuckets } from "./access/rate-limiter.js";
import { RequestGate } from "./access/request-gate.js";
import { SlackDirectory } from "./access/slack-directory.js";
import { UpstreamLimiter } from "./access/upstream-limiter.js";
import { createJobApiPool } from "./bkjob/job-api-pool.js";
import { createJobOperationsPool } from "./bkjob/job-operations-client.js";
import { ActionLocks } from "./use-cases/action-locks.js";
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
import { MemoryFollowStore } from "./store/memory-follow-store.js";
import { MemoryEventClaims } from "./store/memory-event-claims.js";
import { createReadinessRegistry, type ReadinessRegistry } from "./ports/readiness.js";
import { hostname } from "node:os";
import { randomUUID } from "node:crypto";
import { HostLogCache } from "./use-cases/host-log-cache.js";
import { createMetrics } from "./observability/metrics.js";
import { operationalRoutes, startRouteServer } from "./observability/http-routes.js";
import { bkJobCheck, slackAuthCheck, socketModeCheck, storeCheck } from "./observability/readiness-checks.js";
import { meteredSlackFetch } from "./slack/metered-fetch.js";
import { createRunListPool } from "./bkjob/run-list-api.js";
import { MemoryJobLeases } from "./store/memory-leases.js";
import { SqliteWatchStore } from "./store/sqlite-watch-store.js";
import { MemoryWatchStore } from "./store/memory-watch-store.js";
import { AskedBusinesses } from "./use-cases/asked-businesses.js";
import { fetchJobReport } from "./use-cases/job-report.js";
import { watchPostRenderer } from "./use-cases/watch-requests.js";
import { WatchService, type WatchPolling } from "./watch/watch-service.js";
import type { JobLeases } from "./ports/shared-state.js";
import type { WatchStore } from "./ports/watch-store.js";

export interface JoblogOptions {
  config: Readonly<Config>;
  logger: Logger;
  clock?: Clock;
  fetch?: typeof fetch;
  slackClientOptions?: WebClientOptions;
  listen?: { port: number; host?: string };
  timers?: Timers;
  polling?: Partial<PollingOptions>;
  /** The watches' polling intervals (tests and the bench shorten them). */
  watchPolling?: Partial<WatchPolling>;
  /** Watches' store and leases; default: the configured store's (memory, SQLite in JOBLOG_DB_PATH, or Redis) and its leases. */
  watchStore?: WatchStore;
  leases?: JobLeases;
  /** Run /readyz's probes during start-up rather than at the first /readyz (the process entry does; tests counting BK-JOB calls do not). */
  readinessAtStart?: boolean;
}

export interface RunningJoblog {
  /** Where /slack/events (HTTP mode), /healthz, /readyz and /metrics are served, e.g. "http://0.0.0.0:3000". */
  url: string | null;
  follows: FollowService;
  /** What /readyz runs: add a check here (e.g. Redis) and /readyz reports it by name. */
  readiness: ReadinessRegistry;
  watches: WatchService;
  /** Stops taking requests and polling, finishes in-flight Slack calls, closes the database. */
  stop(): Promise<void>;
}

export async function startJoblog(options: JoblogOptions): Promise<RunningJoblog> {
  const { config, logger } = options;
  if (config.slack === null) throw new Error("startJoblog needs a Slack configuration");
  const clock = options.clock ?? systemClock;
  const timers = options.timers ?? systemTimers;
  const messages = messagesFor(config.language);
  const metrics = createMetrics();
  const readiness = createReadinessRegistry();
  // BK-JOB's readiness hears of every call; its probe (when it has heard nothing for a while) is a
  // status read of a job that need not exist: any answer from BK-JOB shows it is up.
  const bkJobReadiness = bkJobCheck(() => jobApis.service.read({ bizId: config.defaultBizId ?? 1, jobInstanceId: 1 }).getJobStatus(), clock);
  // Who may read which logs: the access file is read (and a bad one refused) before anything starts.
  // Its reader, the YAML parser and the Redis client below are loaded only when configured (start-up time).
  const accessFile = config.access.file === null ? null : (await import("./access/load-access-file.js")).loadAccessFile(config.access.file);
  const policy = accessFile === null ? ALLOW_EVERYTHING : createAccessPolicy(accessFile);
  if (!policy.configured) {
    logger.warn({ setting: "JOBLOG_ACCESS_FILE" }, "no access file: every channel may query every business and see its logs");
  }
  // BK-JOB's reads over kept-alive node:http connections, bodies streamed as fetch does (node-fetch.ts):
  // an incident rush is one status call per asker. Operations (writes) keep the platform's fetch.
  const bkJobReadFetch = options.fetch ?? createNodeFetch(undefined, undefined, { streamBodies: true });
  // Secrets in job logs are masked on the way in, before anything can show them. One adapter
  // per BlueKing user, so BK-JOB's own permission checks decide for each person.
  const upstreamLimiter = new UpstreamLimiter(config.access.upstreamConcurrency, config.access.upstreamPerUser, config.access.upstreamProofConcurrency);
  const jobApis = createJobApiPool(config.bkJob, {
    fetch: bkJobReadFetch,
    logger,
    language: config.language,
    redactor: createRedactor({ secrets: configuredSecrets(config), extra: accessFile === null ? [] : redactPatterns(accessFile) }),
    limiter: upstreamLimiter,
    metrics: {
      ...metrics,
      bkJobCall: (protocol, call) => {
        metrics.bkJobCall(protocol, call);
        bkJobReadiness.saw(call);
      },
    },
  });
  const jobApi = jobApis.service;
  // Every Slack Web API client shares one transport: kept-alive node:http connections (node-fetch.ts).
  const slackFetch = meteredSlackFetch(createNodeFetch(), metrics);
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
  // Where follows and the state several replicas share are kept: SQLite or memory for one
  // process, Redis for several (README "Running several replicas").
  const redis = config.store.kind === "redis" ? await (await import("./store/redis-shared-state.js")).openRedisSharedState({ url: config.store.url, logger }) : null;
  if (redis) readiness.add(redis.readiness);
  const buckets = (scope: "user" | "channel", perMinute: number) => {
    const local = new MemoryRateLimitBuckets(perMinute, clock);
    return redis ? redis.rateLimits(scope, perMinute, local) : local;
  };
  const gate = new RequestGate({
    policy,
    identities: createIdentityResolver({ mode: config.access.identity, fixedUsername: config.bkJob.username, policy, directory }),
    directory,
    jobApis,
    userLimiter: buckets("user", config.access.userPerMinute),
    channelLimiter: buckets("channel", config.access.channelPerMinute),
    audit: {
      record: (entry) => {
        auditToLogger(logger).record(entry);
        metrics.request(entry.action, entry.outcome);
      },
    },
  });
  const store = redis ? redis.store : config.store.kind === "sqlite" ? new SqliteFollowStore(config.store.databasePath) : new MemoryFollowStore();
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
  // Any client with the bot token verifies it as Bolt's own would; with readinessAtStart the
  // probes run now, beside the Socket Mode handshake below, so the first /readyz finds its answers.
  const slackAuthReadiness = slackAuthCheck(() => followClient.auth.test(), clock);
  const storeReadiness = storeCheck(() => store.get("readiness-probe"));
  if (options.readinessAtStart) for (const check of [slackAuthReadiness, storeReadiness, bkJobReadiness]) void check.check();
  const follows = new FollowService({
    store,
    source: createFollowSource({ jobApi, clock, logger, webUrl: config.bkJob.webUrl, causeLimits: config.digest }),
    lanes: new SlackLanes(followSlack, clock, timers, logger),
    slack: followSlack,
    clock,
    timers,
    logger,
    render: followRendererFor(messages, (ref) => policy.operatorsNamed(ref.bizId)),
    webUrl: config.bkJob.webUrl,
    maxHours: config.follow.maxHours,
    ...(options.polling ? { polling: options.polling } : {}),
    logsWithheldIn: (ref, channelId) => gate.logsWithheldIn(ref, channelId),
    ...(redis && config.store.kind === "redis"
      ? {
          leasing: {
            leases: redis.leases,
            // Unique per process and per start: a restarted replica never mistakes an old lease for its own.
            owner: `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`,
            leaseMs: config.store.leaseMs,
            fencedStore: (lease) => redis.store.fencedBy(lease),
          },
        }
      : {}),
  });
  metrics.observeFollows({ active: () => follows.activeCount(), pollLagSeconds: () => follows.pollLagMs() / 1000, outboxDepth: () => follows.outboxDepth() });
  const routes = operationalRoutes({ readiness, metrics, onError: (error) => logger.error({ err: error }, "operational route failed") });
  const listen = options.listen ?? config.listen;
  // Watches: polled as joblog's own identity, once per business across channels (and replicas, by lease).
  const runLists = createRunListPool(config.bkJob, {
    fetch: bkJobReadFetch,
    logger,
    language: config.language,
    limiter: upstreamLimiter,
  });
  // Watches live beside follows: in memory when follows are (local mode), in Redis with replicas
  // (on the follows' connection, so a watch started on one replica is listed and polled by any),
  // else in the SQLite file. The lease per business keeps one poller at a time.
  const watchStore =
    options.watchStore ?? (redis ? redis.watches : config.store.kind === "memory" ? new MemoryWatchStore() : new SqliteWatchStore(config.follow.databasePath));
  const watches = new WatchService({
    store: watchStore,
    leases: options.leases ?? redis?.leases ?? new MemoryJobLeases(clock),
    owner: `joblog-${process.pid}-${Math.random().toString(36).slice(2, 8)}`,
    runs: runLists.service,
    report: (ref) => fetchJobReport({ jobApi, clock, logger, webUrl: config.bkJob.webUrl }, ref),
    render: watchPostRenderer(messages),
    slack: followSlack,
    clock,
    timers,
    logger,
    ...(options.watchPolling ? { polling: options.watchPolling } : {}),
  });
  const app = await startSlackApp({
    slack: config.slack,
    clientOptions: slackClientOptions,
    listen,
    routes,
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
      runLists,
      watches,
      asked: new AskedBusinesses(),
      runningFollows: () => store.listActive(),
      hostLogCache: new HostLogCache(clock),
      causeLimits: config.digest,
      // Acting on jobs (retry, terminate …) as the presser, where the access file names operators.
      actions: {
        operations: createJobOperationsPool(config.bkJob, { fetch: options.fetch ?? globalThis.fetch.bind(globalThis), logger, language: config.language }),
        locks: new ActionLocks(clock),
        offered: (bizId) => policy.operatorsNamed(bizId),
      },
      modals,
      postedLogs: new PostedLogs(clock),
      // Acknowledgements pace real HTTP requests: real time, even when a test moves the clock and
      // timers of follows and notes by hand.
      acknowledgements: new Acknowledgements(QUIET_MS, MAX_DEFER_MS, systemClock, systemTimers),
      deliveryClaims: redis ? redis.eventClaims(new MemoryEventClaims(clock)) : new MemoryEventClaims(clock),
    },
  });
  // Socket Mode listens on no port of Bolt's: the operational routes get their own server.
  const routeServer = config.slack.mode === "socket" ? await startRouteServer(routes, { port: listen.port, host: listen.host ?? config.listen.host }) : null;
  readiness.add(slackAuthReadiness);
  if (config.slack.mode === "socket") readiness.add(socketModeCheck(app.connected));
  readiness.add(storeReadiness);
  readiness.add(bkJobReadiness);
  await follows.resume();
  await watches.resume();
  return {
    url: routeServer?.url ?? app.url,
    follows,
    readiness,
    watches,
    stop: async () => {
      await routeServer?.close();
      await app.stop();
      watches.shutdown();
      await follows.shutdown();
      await store.close();
      await redis?.close();
      await watchStore.close();
    },
  };
}

/** joblog's own secrets: a log that prints one gets it masked like any other secret. */
function configuredSecrets(config: Readonly<Config>): string[] {
  const slack = config.slack;
  const slackSecrets = slack === null ? [] : slack.mode === "socket" ? [slack.botToken, slack.appToken] : [slack.botToken, slack.signingSecret];
  return [config.bkJob.appSecret, ...slackSecrets];
}

