import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../src/config.js";

const bk = {
  BK_JOB_API_URL: "http://paas.example.com/",
  BK_APP_CODE: "joblog",
  BK_APP_SECRET: "super-secret-value",
  BK_USERNAME: "admin",
};

function problemsOf(environment: Record<string, string>): string[] {
  try {
    loadConfig(environment);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error("expected a ConfigError");
}

describe("loadConfig", () => {
  it("HTTP mode with defaults", () => {
    const config = loadConfig({ ...bk, SLACK_BOT_TOKEN: "xoxb-1", SLACK_SIGNING_SECRET: "s" });
    expect(config.slack).toEqual({ mode: "http", botToken: "xoxb-1", signingSecret: "s", port: 3000, apiUrl: null });
    expect(config.bkJob).toEqual({
      protocol: "esb-v2",
      apigwSystem: false,
      apiUrl: "http://paas.example.com",
      appCode: "joblog",
      appSecret: "super-secret-value",
      username: "admin",
      webUrl: null,
      timeoutMs: 15_000,
    });
    expect(config.language).toBe("en");
    expect(config.follow).toEqual({ maxHours: 24, databasePath: "./data/joblog.db" });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it("Socket Mode when an app token is set", () => {
    const config = loadConfig({ ...bk, SLACK_BOT_TOKEN: "xoxb-1", SLACK_APP_TOKEN: "xapp-1" });
    expect(config.slack?.mode).toBe("socket");
  });

  it("reads every optional variable", () => {
    const config = loadConfig({
      ...bk,
      SLACK_BOT_TOKEN: "xoxb-1",
      SLACK_SIGNING_SECRET: "s",
      PORT: "8080",
      SLACK_API_URL: "http://127.0.0.1:9000/api/",
      BK_JOB_WEB_URL: "https://job.example.com/",
      BK_JOB_TIMEOUT_MS: "2000",
      JOBLOG_LANG: "zh-CN",
      JOBLOG_DEFAULT_BIZ: "2",
      LOG_LEVEL: "debug",
      BK_JOB_API: "apigw-v3",
      BK_JOB_APIGW_SYSTEM: "true",
      JOBLOG_FOLLOW_MAX_HOURS: "0.5",
      JOBLOG_DB_PATH: "/tmp/x.db",
    });
    expect(config.bkJob).toMatchObject({ protocol: "apigw-v3", apigwSystem: true });
    expect(config.follow).toEqual({ maxHours: 0.5, databasePath: "/tmp/x.db" });
    expect(config.slack).toMatchObject({ port: 8080, apiUrl: "http://127.0.0.1:9000/api" });
    expect(config.bkJob).toMatchObject({ webUrl: "https://job.example.com", timeoutMs: 2000 });
    expect(config).toMatchObject({ language: "zh-CN", defaultBizId: 2, logLevel: "debug" });
  });

  it("without any Slack token it is not an error: main prints the setup guide", () => {
    const config = loadConfig({});
    expect(config.slack).toBeNull();
    expect(config.setupProblems.join("\n")).toContain("BK_JOB_API_URL");
  });

  it.each([
    ["BK_JOB_TIMEOUT_MS", { BK_JOB_TIMEOUT_MS: "soon" }, "BK_JOB_TIMEOUT_MS: must be a whole number"],
    ["BK_JOB_API_URL", { BK_JOB_API_URL: "paas.example.com" }, "BK_JOB_API_URL: must be a URL"],
    ["JOBLOG_LANG", { JOBLOG_LANG: "fr" }, "JOBLOG_LANG"],
    ["PORT", { PORT: "70000" }, "PORT: must be at most 65535"],
    ["BK_JOB_API", { BK_JOB_API: "v4" }, "BK_JOB_API"],
    ["JOBLOG_FOLLOW_MAX_HOURS", { JOBLOG_FOLLOW_MAX_HOURS: "0" }, "JOBLOG_FOLLOW_MAX_HOURS: must be more than 0"],
    ["SLACK_BOT_TOKEN", { SLACK_BOT_TOKEN: "xoxp-user-token" }, "SLACK_BOT_TOKEN: must be a bot token"],
  ])("names %s when it is bad", (_name, override, want) => {
    const problems = problemsOf({ ...bk, SLACK_BOT_TOKEN: "xoxb-1", SLACK_SIGNING_SECRET: "s", ...override });
    expect(problems.join("\n")).toContain(want);
  });

  it("names every missing BK-JOB variable and the signing secret", () => {
    const problems = problemsOf({ SLACK_BOT_TOKEN: "xoxb-1" });
    for (const name of ["BK_JOB_API_URL", "BK_APP_CODE", "BK_APP_SECRET", "BK_USERNAME", "SLACK_SIGNING_SECRET"]) {
      expect(problems.some((problem) => problem.startsWith(`${name}:`))).toBe(true);
    }
  });

  it("never echoes a secret in its messages", () => {
    const problems = problemsOf({ ...bk, SLACK_BOT_TOKEN: "xoxp-do-not-print", SLACK_SIGNING_SECRET: "s" });
    expect(problems.join("\n")).not.toContain("do-not-print");
  });
});

describe("JOBLOG_STORE and REDIS_URL", () => {
  const slack = { ...bk, SLACK_BOT_TOKEN: "xoxb-1", SLACK_SIGNING_SECRET: "s" };

  it.each([
    ["SQLite by default, at JOBLOG_DB_PATH", {}, { kind: "sqlite", databasePath: "./data/joblog.db" }],
    ["SQLite at a path", { JOBLOG_STORE: "sqlite", JOBLOG_DB_PATH: "/data/j.db" }, { kind: "sqlite", databasePath: "/data/j.db" }],
    ["Redis with the default lease", { JOBLOG_STORE: "redis", REDIS_URL: "rediss://:pw@redis.example.com:6380/2" }, { kind: "redis", url: "rediss://:pw@redis.example.com:6380/2", leaseMs: 15_000 }],
    ["Redis with a shorter lease", { JOBLOG_STORE: "redis", REDIS_URL: "redis://10.0.0.5", JOBLOG_LEASE_SECONDS: "5" }, { kind: "redis", url: "redis://10.0.0.5", leaseMs: 5_000 }],
  ])("%s", (_name, environment, want) => {
    expect(loadConfig({ ...slack, ...environment }).store).toEqual(want);
  });

  it.each([
    ["Redis without a URL", { JOBLOG_STORE: "redis" }, /^REDIS_URL: is required with JOBLOG_STORE=redis/],
    ["a URL that is not Redis's, never echoed (it may hold a password)", { JOBLOG_STORE: "redis", REDIS_URL: "http://:hunter2@redis" }, /^REDIS_URL: must start with redis:\/\/ or rediss:\/\/ \(TLS\)$/],
    ["an unknown store", { JOBLOG_STORE: "postgres" }, /^JOBLOG_STORE: /],
    ["a lease of no time", { JOBLOG_STORE: "redis", REDIS_URL: "redis://r", JOBLOG_LEASE_SECONDS: "0" }, /^JOBLOG_LEASE_SECONDS: must be at least 1/],
  ])("%s is named at start-up", (_name, environment, want) => {
    const problems = problemsOf({ ...slack, ...environment });
    expect(problems).toEqual([expect.stringMatching(want)]);
    expect(problems.join(" ")).not.toContain("hunter2");
  });
});
