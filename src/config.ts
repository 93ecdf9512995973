// Configuration: every environment variable joblog reads, parsed once by one zod schema into a
// frozen, typed object. Nothing else in the code base reads process.env.
import { z } from "zod";
import type { Language } from "./i18n/index.js";

const SECRET_VARIABLES = new Set(["SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET", "BK_APP_SECRET", "REDIS_URL"]);
/** HOST's default outside local mode: every interface, so a container's port mapping and probes reach it. */
export const PRODUCTION_HOST = "0.0.0.0";
/** HOST's default in local mode. */
export const LOCAL_HOST = "127.0.0.1";


const emptyToUndefined = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);
const optionalString = z.preprocess(emptyToUndefined, z.string().trim().optional());
const httpUrl = z
  .string()
  .trim()
  .url("must be a URL such as http://paas.example.com")
  .refine((value) => /^https?:\/\//i.test(value), "must start with http:// or https://")
  .transform((value) => value.replace(/\/+$/, ""));
const integer = (min: number, max: number) =>
  z.coerce
    .number({ message: "must be a whole number" })
    .int("must be a whole number")
    .min(min, `must be at least ${min}`)
    .max(max, `must be at most ${max}`);

const environmentSchema = z.object({
  SLACK_BOT_TOKEN: z.preprocess(
    emptyToUndefined,
    z.string().startsWith("xoxb-", "must be a bot token starting with xoxb-").optional(),
  ),
  SLACK_APP_TOKEN: z.preprocess(
    emptyToUndefined,
    z.string().startsWith("xapp-", "must be an app-level token starting with xapp-").optional(),
  ),
  SLACK_SIGNING_SECRET: optionalString,
  SLACK_API_URL: z.preprocess(emptyToUndefined, httpUrl.optional()),
  PORT: z.preprocess(emptyToUndefined, integer(0, 65535).default(3000)),
  // Where /slack/events (HTTP mode) and /healthz, /readyz, /metrics listen. Unset: every interface
  // in production, loopback in local mode (the console is a tool for this machine only).
  HOST: optionalString,
  BK_JOB_API_URL: z.preprocess(emptyToUndefined, httpUrl.optional()),
  BK_APP_CODE: optionalString,
  BK_APP_SECRET: optionalString,
  BK_USERNAME: optionalString,
  BK_JOB_WEB_URL: z.preprocess(emptyToUndefined, httpUrl.optional()),
  BK_JOB_API: z.preprocess(emptyToUndefined, z.enum(["esb-v2", "esb-v3", "apigw-v3"]).default("esb-v2")),
  BK_JOB_APIGW_SYSTEM: z.preprocess(emptyToUndefined, z.enum(["true", "false"]).default("false")),
  BK_JOB_TIMEOUT_MS: z.preprocess(emptyToUndefined, integer(100, 600_000).default(15_000)),
  JOBLOG_LANG: z.preprocess(emptyToUndefined, z.enum(["en", "zh-CN"]).default("en")),
  JOBLOG_FOLLOW_MAX_HOURS: z.preprocess(
    emptyToUndefined,
    z.coerce.number({ message: "must be a number of hours" }).positive("must be more than 0").max(24 * 30, "must be at most 720").default(24),
  ),
  JOBLOG_DB_PATH: z.preprocess(emptyToUndefined, z.string().default("./data/joblog.db")),
  JOBLOG_DEFAULT_BIZ: z.preprocess(emptyToUndefined, integer(1, Number.MAX_SAFE_INTEGER).optional()),
  JOBLOG_IDENTITY: z.preprocess(emptyToUndefined, z.enum(["email", "mapping", "fixed"]).default("email")),
  JOBLOG_ACCESS_FILE: optionalString,
  JOBLOG_USER_RATE: z.preprocess(emptyToUndefined, integer(1, 10_000).default(10)),
  JOBLOG_CHANNEL_RATE: z.preprocess(emptyToUndefined, integer(1, 10_000).default(30)),
  JOBLOG_UPSTREAM_CONCURRENCY: z.preprocess(emptyToUndefined, integer(1, 1_000).default(16)),
  JOBLOG_UPSTREAM_PER_USER: z.preprocess(emptyToUndefined, integer(1, 1_000).default(4)),
  JOBLOG_DIGEST_MAX_HOSTS: z.preprocess(emptyToUndefined, integer(1, 1_000_000).default(2_000)),
  JOBLOG_DIGEST_MAX_LOG_MB: z.preprocess(emptyToUndefined, integer(1, 10_000).default(20)),
  JOBLOG_UPSTREAM_PROOF_CONCURRENCY: z.preprocess(emptyToUndefined, integer(1, 10_000).default(256)),
  JOBLOG_STORE: z.preprocess(emptyToUndefined, z.enum(["sqlite", "redis"]).default("sqlite")),
  REDIS_URL: optionalString,
  JOBLOG_LEASE_SECONDS: z.preprocess(emptyToUndefined, integer(1, 600).default(15)),
  LOG_LEVEL: z.preprocess(
    emptyToUndefined,
    z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  ),
});

export type SlackConfig =
  | { mode: "socket"; botToken: string; appToken: string; apiUrl: string | null }
  | { mode: "http"; botToken: string; signingSecret: string; port: number; apiUrl: string | null };

export type BkJobProtocol = "esb-v2" | "esb-v3" | "apigw-v3";

export interface BkJobConfig {
  /** Which of BK-JOB's APIs to speak (README.md, "BK-JOB protocols"). */
  protocol: BkJobProtocol;
  /** apigw-v3 only: call the app-type `/api/v3/system/*` resources, naming the user in X-Bk-Username. */
  apigwSystem: boolean;
  apiUrl: string;
  appCode: string;
  appSecret: string;
  username: string;
  webUrl: string | null;
  timeoutMs: number;
}

/** Who may read which logs (README "Access rules and identity"). */
export interface AccessConfig {
  /** Who BK-JOB is called as: the asker's e-mail local part, the access file's map only, or BK_USERNAME. */
  identity: "email" | "mapping" | "fixed";
  /** JOBLOG_ACCESS_FILE; null means everything is allowed (with a warning at start). */
  file: string | null;
  userPerMinute: number;
  channelPerMinute: number;
  /** BK-JOB calls in flight for people's requests, and one person's share of them. */
  upstreamConcurrency: number;
  upstreamPerUser: number;
  /** Permission proofs (one status call as the asker) in flight at once, apart from upstreamConcurrency. */
  upstreamProofConcurrency: number;
}

/**
 * Where follows and the state replicas share are kept (README "Running several replicas"):
 * SQLite for one process, or Redis for several; local mode keeps them in memory.
 */
export type StoreConfig =
  | { kind: "sqlite"; databasePath: string }
  /** Local mode only (not an environment value): follows live as long as the fake workspace. */
  | { kind: "memory" }
  | {
      kind: "redis";
      /** REDIS_URL as given (password included): handed to the Redis client only, never logged. */
      url: string;
      /** How long a replica's hold on a job lasts without renewal: a dead replica's jobs are taken over after it. */
      leaseMs: number;
    };

export interface Config {
  /** null when no Slack token is set: main.ts explains what to configure. */
  slack: SlackConfig | null;
  bkJob: BkJobConfig;
  language: Language;
  defaultBizId: number | null;
  follow: { maxHours: number; databasePath: string };
  access: AccessConfig;
  /** Why it failed: failing hosts' logs read per job at most (JOBLOG_DIGEST_MAX_HOSTS), and characters of log (JOBLOG_DIGEST_MAX_LOG_MB). */
  digest: { maxHosts: number; maxLogChars: number };
  store: StoreConfig;
  /** PORT and HOST: the HTTP server of either transport (HTTP mode's /slack/events, and health and metrics). */
  listen: { port: number; host: string };
  logLevel: z.infer<typeof environmentSchema>["LOG_LEVEL"];
  /** With no Slack token: what else is missing, for the setup guide. Empty otherwise. */
  setupProblems: string[];
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`joblog cannot start, its configuration has problems:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/** Parses the environment. Throws ConfigError naming every bad variable; never echoes a secret. */
export function loadConfig(environment: Record<string, string | undefined>): Readonly<Config> {
  const parsed = environmentSchema.safeParse(environment);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const variable = String(issue.path[0] ?? "environment");
        const received = environment[variable];
        const shown = SECRET_VARIABLES.has(variable) || received === undefined ? "" : ` (got "${received}")`;
        return `${variable}: ${issue.message}${shown}`;
      }),
    );
  }
  const env = parsed.data;
  const problems: string[] = [];
  const required = (name: "BK_JOB_API_URL" | "BK_APP_CODE" | "BK_APP_SECRET" | "BK_USERNAME", hint: string) => {
    const value = env[name];
    if (value === undefined) problems.push(`${name}: is required (${hint})`);
    return value ?? "";
  };
  const bkJob: BkJobConfig = {
    protocol: env.BK_JOB_API,
    apigwSystem: env.BK_JOB_APIGW_SYSTEM === "true",
    apiUrl: required(
      "BK_JOB_API_URL",
      "the BlueKing PaaS/ESB address, e.g. http://paas.example.com, or with BK_JOB_API=apigw-v3 the bk-job gateway's stage URL, e.g. https://bkapi.example.com/api/bk-job/prod",
    ),
    appCode: required("BK_APP_CODE", "the BlueKing app code joblog calls BK-JOB with"),
    appSecret: required("BK_APP_SECRET", "that app's secret"),
    username: required("BK_USERNAME", "the BlueKing user joblog acts as"),
    webUrl: env.BK_JOB_WEB_URL ?? null,
    timeoutMs: env.BK_JOB_TIMEOUT_MS,
  };

  const base = {
    bkJob,
    language: env.JOBLOG_LANG,
    defaultBizId: env.JOBLOG_DEFAULT_BIZ ?? null,
    follow: Object.freeze({ maxHours: env.JOBLOG_FOLLOW_MAX_HOURS, databasePath: env.JOBLOG_DB_PATH }),
    digest: Object.freeze({ maxHosts: env.JOBLOG_DIGEST_MAX_HOSTS, maxLogChars: env.JOBLOG_DIGEST_MAX_LOG_MB * 1_000_000 }),
    access: Object.freeze({
      identity: env.JOBLOG_IDENTITY,
      file: env.JOBLOG_ACCESS_FILE ?? null,
      userPerMinute: env.JOBLOG_USER_RATE,
      channelPerMinute: env.JOBLOG_CHANNEL_RATE,
      upstreamConcurrency: env.JOBLOG_UPSTREAM_CONCURRENCY,
      upstreamPerUser: Math.min(env.JOBLOG_UPSTREAM_PER_USER, env.JOBLOG_UPSTREAM_CONCURRENCY),
      upstreamProofConcurrency: env.JOBLOG_UPSTREAM_PROOF_CONCURRENCY,
    }),
    store: storeConfig(env, problems),
    listen: Object.freeze({ port: env.PORT, host: env.HOST ?? PRODUCTION_HOST }),
    logLevel: env.LOG_LEVEL,
  };
  if (env.JOBLOG_IDENTITY === "mapping" && env.JOBLOG_ACCESS_FILE === undefined) {
    problems.push("JOBLOG_IDENTITY: mapping needs JOBLOG_ACCESS_FILE, whose users: map names each Slack user's BlueKing username");
  }
  if (env.SLACK_BOT_TOKEN === undefined && env.SLACK_APP_TOKEN === undefined) {
    // No Slack at all: not an error. main.ts explains how to set Slack up, listing these too.
    return Object.freeze({ ...base, slack: null, setupProblems: problems });
  }
  let slack: SlackConfig | null = null;
  if (env.SLACK_BOT_TOKEN === undefined) {
    problems.push("SLACK_BOT_TOKEN: is required with SLACK_APP_TOKEN (OAuth & Permissions → Bot User OAuth Token, xoxb-…)");
  } else if (env.SLACK_APP_TOKEN !== undefined) {
    slack = { mode: "socket", botToken: env.SLACK_BOT_TOKEN, appToken: env.SLACK_APP_TOKEN, apiUrl: env.SLACK_API_URL ?? null };
  } else if (env.SLACK_SIGNING_SECRET === undefined) {
    problems.push(
      "SLACK_SIGNING_SECRET: is required in HTTP mode (Basic Information → App Credentials → Signing Secret), or set SLACK_APP_TOKEN for Socket Mode",
    );
  } else {
    slack = {
      mode: "http",
      botToken: env.SLACK_BOT_TOKEN,
      signingSecret: env.SLACK_SIGNING_SECRET,
      port: env.PORT,
      apiUrl: env.SLACK_API_URL ?? null,
    };
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze({ ...base, slack, setupProblems: [] });
}

function storeConfig(env: z.infer<typeof environmentSchema>, problems: string[]): Readonly<StoreConfig> {
  if (env.JOBLOG_STORE === "sqlite") return Object.freeze({ kind: "sqlite", databasePath: env.JOBLOG_DB_PATH });
  const url = env.REDIS_URL ?? "";
  // The scheme only: the URL's own checks (host, database) are the Redis client's, at start-up.
  if (url === "") problems.push("REDIS_URL: is required with JOBLOG_STORE=redis, e.g. redis://:password@redis.example.com:6379/0 (rediss:// for TLS)");
  else if (!/^rediss?:\/\//i.test(url)) problems.push("REDIS_URL: must start with redis:// or rediss:// (TLS)");
  return Object.freeze({ kind: "redis", url, leaseMs: env.JOBLOG_LEASE_SECONDS * 1000 });
}

/** Local mode (`npm start` without a Slack token): where the local Slack console listens. */
export interface LocalModeConfig {
  consolePort: number; // PORT, default 3000
  host: string; // HOST, default 127.0.0.1
  /** LOG_LEVEL when set; else "warn", so the terminal shows the console's address, not request logs. */
  logLevel: Config["logLevel"];
}

/** Reads what local mode needs beyond loadConfig's result. Throws ConfigError like loadConfig. */
export function loadLocalModeConfig(environment: Record<string, string | undefined>): Readonly<LocalModeConfig> {
  const parsed = environmentSchema.pick({ PORT: true, HOST: true, LOG_LEVEL: true }).safeParse(environment);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const variable = String(issue.path[0] ?? "environment");
        return `${variable}: ${issue.message} (got "${environment[variable] ?? ""}")`;
      }),
    );
  }
  const logLevelSet = (environment["LOG_LEVEL"] ?? "").trim() !== "";
  return Object.freeze({ consolePort: parsed.data.PORT, host: parsed.data.HOST ?? LOCAL_HOST, logLevel: logLevelSet ? parsed.data.LOG_LEVEL : "warn" });
}

/** The BK-JOB side only, for the terminal command: no Slack variables are read or needed. */
export type BkJobOnlyConfig = Pick<Config, "bkJob" | "language" | "defaultBizId" | "digest">;

const BK_JOB_ONLY_VARIABLES = [
  "BK_JOB_API_URL",
  "BK_APP_CODE",
  "BK_APP_SECRET",
  "BK_USERNAME",
  "BK_JOB_WEB_URL",
  "BK_JOB_API",
  "BK_JOB_APIGW_SYSTEM",
  "BK_JOB_TIMEOUT_MS",
  "JOBLOG_LANG",
  "JOBLOG_DEFAULT_BIZ",
  "JOBLOG_DIGEST_MAX_HOSTS",
  "JOBLOG_DIGEST_MAX_LOG_MB",
] as const;

/** Parses the BK-JOB variables with the same rules as loadConfig; a missing one is a ConfigError naming it. */
export function loadBkJobOnlyConfig(environment: Record<string, string | undefined>): Readonly<BkJobOnlyConfig> {
  const relevant = Object.fromEntries(BK_JOB_ONLY_VARIABLES.map((name) => [name, environment[name]]));
  const config = loadConfig(relevant);
  if (config.setupProblems.length > 0) throw new ConfigError(config.setupProblems);
  return Object.freeze({ bkJob: config.bkJob, language: config.language, defaultBizId: config.defaultBizId, digest: config.digest });
}
