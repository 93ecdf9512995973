// `npm start` as a person runs it on a fresh machine: no Slack token → a setup guide, no stack trace.
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";

const tsx = new URL("../../node_modules/.bin/tsx", import.meta.url).pathname;
const main = new URL("../../src/main.ts", import.meta.url).pathname;

function start(env: Record<string, string>) {
  return spawnSync(tsx, [main], { env: { PATH: process.env.PATH ?? "", ...env }, encoding: "utf8", timeout: 20_000 });
}

describe("npm start", () => {
  it("without any Slack token prints what to set and exits non-zero", () => {
    const result = start({});
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("SLACK_BOT_TOKEN");
    expect(result.stderr).toContain("SLACK_APP_TOKEN");
    expect(result.stderr).toContain("BK_JOB_API_URL");
    expect(result.stderr).toContain("npm run sim");
    expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it("with a bad variable names it and never prints the secret", () => {
    const result = start({ SLACK_BOT_TOKEN: "xoxb-1", SLACK_SIGNING_SECRET: "s", BK_JOB_API_URL: "nope", BK_APP_CODE: "a", BK_APP_SECRET: "do-not-print-me", BK_USERNAME: "u", BK_JOB_TIMEOUT_MS: "-3" });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("BK_JOB_API_URL: must be a URL");
    expect(result.stderr).toContain("BK_JOB_TIMEOUT_MS");
    expect(result.stderr).not.toContain("do-not-print-me");
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
