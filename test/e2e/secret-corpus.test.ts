// The secret corpus (simulator job 1 310, src/local/sim/scenarios/secret-logs.ts) through every surface
// a log reaches: the report's tails, the log modal, the file posted to the thread, grep and the
// terminal. joblog is configured with the very secrets the job prints (its own, by value). No
// secret may appear; every look-alike line must appear as printed.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KEPT_LINES, LEAKED_SECRETS, READER_SECRETS } from "../../src/local/sim/scenarios/secret-logs.js";
import { SCENARIOS, SIM_DEFAULTS } from "../../src/local/sim/scenarios.js";
import { startHarness, type Harness } from "../support/harness.js";
import { messageButtonPayload, sendInteraction, sendSlashCommand, viewButtonPayload } from "../support/slack-requests.js";

const { bizId, jobInstanceId } = SCENARIOS.secretLogs;
const HOSTS = ["10.0.31.1", "10.0.31.2", "10.0.31.3"] as const;
const SIGNED = { secret: READER_SECRETS.slackSigningSecret };
const leaks = (text: string) => LEAKED_SECRETS.filter((secret) => text.includes(secret));
const missingKept = (text: string) => KEPT_LINES.filter((line) => !text.includes(line));
/** Lines that show each kind was masked where it stood, not dropped with its line. */
const MASKED_LINES = [
  "env: DB_PASSWORD=[redacted] GITHUB_TOKEN=[redacted]",
  "> Authorization: Bearer [redacted]",
  "mysql -h db1 -uroot -p[redacted] -e 'select 1'",
  "git clone https://deploy:[redacted]@git.example.com/app.git",
  "-----BEGIN PRIVATE KEY----- [redacted] -----END PRIVATE KEY-----",
  "using [redacted] for the release",
  "oauth [redacted] user [redacted]",
  "app [redacted] refresh [redacted]",
  "fine-grained [redacted]",
  "notify [redacted]",
  "as user [redacted]",
  "workspace [redacted] [redacted]",
  "socket [redacted]",
  "session [redacted]",
  "debug: app secret [redacted] signing [redacted]",
  "debug: bot [redacted]",
  "git clone https://[redacted]@github.com/acme/web.git",
];
const missingMasked = (text: string) => MASKED_LINES.filter((line) => !text.includes(line));

type Button = { action_id?: string; value: string; text?: { text: string } };
type Blocks = { type: string; elements?: Button[] }[];
const buttonsOf = (blocks: Blocks) => blocks.flatMap((block) => block.elements ?? []);

async function startReader(protocol: "esb-v2" | "esb-v3" | "apigw-v3"): Promise<Harness> {
  return startHarness({
    protocol,
    botToken: READER_SECRETS.slackBotToken,
    env: { SLACK_SIGNING_SECRET: READER_SECRETS.slackSigningSecret, BK_APP_SECRET: READER_SECRETS.bkAppSecret },
  });
}

async function ask(harness: Harness, text: string, id: string): Promise<string> {
  await sendSlashCommand(harness.appUrl, { text, response_url: harness.slack.responseUrl(id, { channel: "C0SEC" }) }, SIGNED);
  const answer = await harness.slack.waitFor((r) => r.kind === "response_url_post" && r.id === id, 10_000);
  return JSON.stringify(answer.body);
}

describe("every kind of secret, on every surface (ESB v2)", () => {
  let harness: Harness;
  let report: { blocks: Blocks };
  beforeAll(async () => {
    harness = await startReader("esb-v2");
    await sendSlashCommand(harness.appUrl, { text: `${bizId} ${jobInstanceId}`, response_url: harness.slack.responseUrl("corpus", { channel: "C0SEC" }) }, SIGNED);
    report = (await harness.slack.waitFor((r) => r.kind === "response_url_post" && r.id === "corpus", 10_000)).body as unknown as { blocks: Blocks };
  });
  afterAll(async () => harness.close());

  it("the report's log tails", () => {
    const text = JSON.stringify(report);
    expect(leaks(text)).toEqual([]);
    expect(missingKept(text)).toEqual([]);
    expect(missingMasked(text)).toEqual([]);
  });

  it.each(HOSTS)("the log modal and the file posted to the thread (%s)", async (ip) => {
    const showLog = buttonsOf(report.blocks).find((button) => button.action_id?.startsWith("show_log") && button.text?.text === `Log ${ip}`)!;
    expect(showLog).toBeDefined();
    const triggerId = harness.slack.triggerId();
    await sendInteraction(harness.appUrl, messageButtonPayload({ actionId: showLog.action_id!, value: showLog.value, triggerId, channel: "C0SEC", messageTs: "1700000400.000100" }), SIGNED);
    const opened = await harness.slack.waitFor((r) => r.kind === "api_call" && r.method === "views.open" && r.body.trigger_id === triggerId, 10_000);
    const viewId = (opened.response.view as { id: string }).id;
    const page = await harness.slack.waitFor((r) => r.kind === "api_call" && r.method === "views.update" && r.body.view_id === viewId && JSON.stringify(r.body.view).includes("Lines 1"), 10_000);
    const modal = JSON.stringify(page.body.view);
    expect(leaks(modal)).toEqual([]);
    expect(modal).toContain("[redacted]");

    const view = page.body.view as { private_metadata: string; blocks: Blocks };
    const post = buttonsOf(view.blocks).find((button) => button.action_id === "post_log")!;
    const uploadsBefore = harness.slack.uploadedFiles().length;
    await sendInteraction(harness.appUrl, viewButtonPayload({ actionId: post.action_id!, value: post.value, view: { id: viewId, private_metadata: view.private_metadata } }), SIGNED);
    await harness.slack.waitFor(() => harness.slack.uploadedFiles().length > uploadsBefore, 10_000);
    const file = harness.slack.uploadedFiles().at(-1)!.content.toString("utf8");
    expect(leaks(file)).toEqual([]);
    expect(file).toContain("[redacted]");
  });

  it("every look-alike and every masked line, in the modals and files together", () => {
    const shown = harness.slack.uploadedFiles().map((file) => file.content.toString("utf8")).join("\n");
    expect(missingKept(shown)).toEqual([]);
    expect(missingMasked(shown)).toEqual([]);
  });

  it("never reach joblog's own log", () => {
    expect(leaks(harness.logLines.join("\n"))).toEqual([]);
  });
});

describe.each(["esb-v2", "esb-v3", "apigw-v3"] as const)("grep searches the masked text (%s)", (protocol) => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startReader(protocol);
  });
  afterAll(async () => harness.close());

  it("shows matching lines with their secrets masked", async () => {
    const answer = await ask(harness, `${bizId} ${jobInstanceId} grep PID`, `grep-${protocol}`);
    expect(answer).toContain("3 host logs contain");
    expect(leaks(answer)).toEqual([]);
    // Every masked line that passed the log's own timestamped lines (the ones grep PID finds).
    expect(missingMasked(answer).filter((line) => !/^(env:|>|mysql|git clone https:\/\/deploy|-----BEGIN)/.test(line))).toEqual([]);
  });

  it.each([
    ["a password after its key", "hunter2-db-pass"],
    ["a bare GitHub token", "ghp_R8vKq2LmN4xT7bYc1WdZ9sFh3JpQe6uAo0Gi"],
    ["joblog's own signing secret", READER_SECRETS.slackSigningSecret],
    ["joblog's own app secret", READER_SECRETS.bkAppSecret],
    ["part of a token in a URL", "b7e9a6e2e04ed3edbf8b"],
  ])("does not confirm a guessed secret: %s", async (_kind, guess) => {
    const answer = await ask(harness, `${bizId} ${jobInstanceId} grep ${guess}`, `guess-${protocol}-${guess.slice(0, 8)}`);
    expect(answer).toContain("No host's log contains");
  });

  it("counts every matching host of a big job, beyond the ones it checked", async () => {
    const answer = await ask(harness, `${SCENARIOS.largeJob.bizId} ${SCENARIOS.largeJob.jobInstanceId} grep verifying package signature`, `big-${protocol}`);
    expect(answer).toContain("2,000 host logs contain");
  });

  it("still finds a look-alike, which is not masked", async () => {
    const answer = await ask(harness, `${bizId} ${jobInstanceId} grep 3f786850e387550fdab836ed7e6dc881de23001b`, `sha-${protocol}`);
    expect(answer).toContain("1 host log contains");
    expect(answer).toContain(KEPT_LINES[3]);
  });
});

describe("the access file's redact: patterns", () => {
  let harness: Harness;
  let folder: string;
  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), "joblog-redact-"));
    const file = join(folder, "access.yml");
    writeFileSync(file, "rules:\n  - businesses: '*'\nredact:\n  - 'release \\d+\\.\\d+\\.\\d+'\n  - '(?i)REQUEST ID [0-9a-f-]{36}'\n");
    harness = await startHarness({
      botToken: READER_SECRETS.slackBotToken,
      env: { SLACK_SIGNING_SECRET: READER_SECRETS.slackSigningSecret, JOBLOG_ACCESS_FILE: file },
    });
  });
  afterAll(async () => {
    await harness.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it("mask a site's own secrets too", async () => {
    const answer = await ask(harness, `${bizId} ${jobInstanceId}`, "site-patterns");
    expect(answer).toContain("HEAD is now at 3f786850e387550fdab836ed7e6dc881de23001b [redacted]");
    expect(answer).toContain("[redacted] accepted");
    expect(answer).not.toContain("release 2.4.1");
    expect(leaks(answer)).toEqual([]);
  });
});

describe("the terminal command", () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startReader("esb-v2");
  });
  afterAll(async () => harness.close());

  // The terminal command reads only the BK_* variables, so of joblog's own secrets it knows (and
  // masks by value) BK_APP_SECRET; a Slack signing secret is nothing it was given.
  const terminalLeaks = (text: string) => leaks(text).filter((secret) => secret !== READER_SECRETS.slackSigningSecret);
  const joblog = (args: string[]) => {
    const tsx = new URL("../../node_modules/.bin/tsx", import.meta.url).pathname;
    const cli = new URL("../../src/cli/main.ts", import.meta.url).pathname;
    // Asynchronous: the simulator answering the command runs in this very process.
    return promisify(execFile)(tsx, [cli, String(bizId), String(jobInstanceId), ...args], {
      env: { PATH: process.env.PATH ?? "", BK_JOB_API_URL: harness.sim.url, BK_APP_CODE: SIM_DEFAULTS.appCode, BK_APP_SECRET: READER_SECRETS.bkAppSecret, BK_USERNAME: SIM_DEFAULTS.username },
      encoding: "utf8",
      timeout: 30_000,
    });
  };

  it("masks every host's whole log", async () => {
    const outputs = await Promise.all(HOSTS.map((ip) => joblog(["--log", ip])));
    const all = outputs.map((run) => run.stdout).join("\n");
    expect(outputs.map((run) => run.stderr)).toEqual(["", "", ""]);
    expect(terminalLeaks(all)).toEqual([]);
    expect(all).toContain("debug: app secret [redacted] signing");
    expect(missingKept(all)).toEqual([]);
    expect(missingMasked(all).filter((line) => !line.includes("signing"))).toEqual([]);
  });
});
