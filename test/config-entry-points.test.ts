// The extra readers of the environment for the other entry points: local mode's console port and
// the terminal command's BK-JOB-only settings. Same rules and messages as loadConfig.
import { describe, expect, it } from "vitest";
import { ConfigError, loadBkJobOnlyConfig, loadLocalModeConfig } from "../src/config.js";

const bk = { BK_JOB_API_URL: "http://paas.example.com/", BK_APP_CODE: "joblog", BK_APP_SECRET: "s3cret-value", BK_USERNAME: "admin" };

describe("loadLocalModeConfig", () => {
  it("reads PORT, 3000 by default, and LOG_LEVEL, quieter than the bot's default", () => {
    expect(loadLocalModeConfig({})).toEqual({ consolePort: 3000, host: "127.0.0.1", logLevel: "warn" });
    expect(loadLocalModeConfig({ PORT: "4100", HOST: "0.0.0.0", LOG_LEVEL: "debug" })).toEqual({ consolePort: 4100, host: "0.0.0.0", logLevel: "debug" });
  });

  it("names PORT when it is not a port", () => {
    expect(() => loadLocalModeConfig({ PORT: "http" })).toThrow(/PORT: must be a whole number/);
  });
});

describe("loadBkJobOnlyConfig", () => {
  it("reads the BK-JOB variables and ignores Slack's", () => {
    const config = loadBkJobOnlyConfig({ ...bk, SLACK_BOT_TOKEN: "not-a-bot-token", PORT: "nope", JOBLOG_LANG: "zh-CN" });
    expect(config.bkJob).toMatchObject({ apiUrl: "http://paas.example.com", appCode: "joblog", username: "admin", timeoutMs: 15_000 });
    expect(config.language).toBe("zh-CN");
  });

  it("names every missing variable, never a secret's value", () => {
    let error: unknown;
    try {
      loadBkJobOnlyConfig({ BK_APP_SECRET: "s3cret-value" });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    for (const name of ["BK_JOB_API_URL", "BK_APP_CODE", "BK_USERNAME"]) expect(message).toContain(`${name}: is required`);
    expect(message).not.toContain("BK_APP_SECRET");
    expect(message).not.toContain("s3cret-value");
  });
});
