// `npm start` as a person runs it on a fresh machine: no Slack token → a setup guide, no stack trace.
import { spawn, spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";

const tsx = new URL("../../node_modules/.bin/tsx", import.meta.url).pathname;
const main = new URL("../../src/main.ts", import.meta.url).pathname;

function start(env: Record<string, string>) {
  return spawnSync(tsx, [main], { env: { PATH: process.env.PATH ?? "", ...env }, encoding: "utf8", timeout: 20_000 });
}

describe("npm start", () => {
  it("without any Slack token starts local mode, prints the console's address, serves it, stops on SIGTERM", async () => {
    const child = spawn(tsx, [main], { env: { PATH: process.env.PATH ?? "", PORT: "0" }, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    try {
      await expect.poll(() => /joblog local console: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(output)?.[1], { timeout: 20_000 }).toBeDefined();
      const url = /joblog local console: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(output)![1]!;
      const page = await fetch(url);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain("joblog");
      expect(output).toContain("built-in BK-JOB simulator");
      expect(output).not.toMatch(/\n\s+at /);
    } finally {
      child.kill("SIGTERM");
    }
    expect(await exited).toBe(0);
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
