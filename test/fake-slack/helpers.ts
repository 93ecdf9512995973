// Shared set-up for the fake Slack tests: the REAL WebClient pointed at the fake over loopback,
// with a silent logger (the test setup fails any test that writes to the console).
import { LogLevel, WebClient, type Logger, type WebClientOptions } from "@slack/web-api";
import { afterEach } from "vitest";
import { startFakeSlack, type FakeSlack, type FakeSlackOptions } from "../../src/local/fake-slack/index.js";

export const BOT_TOKEN = "xoxb-test-token";

export function silentLogger(): Logger {
  let level = LogLevel.ERROR;
  return {
    debug: () => {},
    info: () => {},
    warn: () => {},
    error: () => {},
    setLevel: (next) => {
      level = next;
    },
    getLevel: () => level,
    setName: () => {},
  };
}

export function clientFor(fake: FakeSlack, options: WebClientOptions & { token?: string } = {}): WebClient {
  const { token = BOT_TOKEN, ...rest } = options;
  return new WebClient(token, { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 }, logger: silentLogger(), ...rest });
}

/** A clock the test moves by hand. */
export function manualClock(start = 1_700_000_000_000): { now(): number; advance(ms: number): void } {
  let current = start;
  return {
    now: () => current,
    advance: (ms) => {
      current += ms;
    },
  };
}

/** Starts a fake and a client for one test; the fake is closed after the test. */
export async function start(options: FakeSlackOptions = {}): Promise<{ fake: FakeSlack; client: WebClient }> {
  const fake = await startFakeSlack(options);
  opened.push(fake);
  return { fake, client: clientFor(fake) };
}

const opened: FakeSlack[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((fake) => fake.close()));
});

/** A section block with `n` characters of text. */
export const sectionOf = (n: number, char = "x") => ({ type: "section", text: { type: "mrkdwn", text: char.repeat(n) } });
