// Who may read which logs, end to end through the signed receiver: the same commands from an
// allowed and a denied channel, BK-JOB called as the asker, and one audit line per request.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SCENARIOS } from "../../src/local/sim/scenarios.js";
import { startHarness, type Harness } from "../support/harness.js";
import { sendEvent, sendSlashCommand } from "../support/slack-requests.js";

const ACCESS = `
rules:
  - name: payments
    businesses: [2]
    channels: [C0PAYMENTS, dm]
  - name: ops-logs
    businesses: [1]
    channels: [C0INCIDENT, C0LOBBY, private, dm]
    followers: [U0OPS]
    logs: private-and-dm
users:
  U0ZHANG: zhangsan
  U0FAKE: not-the-operator
`;

let harness: Harness;
let folder: string;
beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), "joblog-access-"));
  const file = join(folder, "access.yml");
  writeFileSync(file, ACCESS);
  harness = await startHarness({ env: { JOBLOG_ACCESS_FILE: file, JOBLOG_USER_RATE: "5" } });
});
afterAll(async () => {
  await harness.close();
  rmSync(folder, { recursive: true, force: true });
});

let counter = 0;
async function command(text: string, fields: { user?: string; channel?: string; channelName?: string } = {}) {
  counter += 1;
  const id = `a${counter}${Math.random().toString(36).slice(2)}`;
  const user = fields.user ?? `U0ASK${counter}`;
  const channel = fields.channel ?? "C0INCIDENT";
  const responseUrl = harness.slack.responseUrl(id, { channel, user });
  const ack = await sendSlashCommand(harness.appUrl, {
    text,
    response_url: responseUrl,
    user_id: user,
    channel_id: channel,
    ...(fields.channelName ? { channel_name: fields.channelName } : {}),
  });
  expect(ack.status).toBe(200);
  const post = await harness.slack.waitFor((r) => r.kind === "response_url_post" && r.id === id, 10_000);
  if (post.kind !== "response_url_post") throw new Error("unexpected record");
  return { body: post.body, user };
}

const textOf = (body: Record<string, unknown>) => JSON.stringify(body.blocks ?? []) + String(body.text ?? "");

function auditLines(user: string): Record<string, unknown>[] {
  return harness.logLines
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((line) => line.audit === true && line.user === user);
}

async function waitForAudit(user: string): Promise<Record<string, unknown>[]> {
  for (let tries = 0; tries < 50; tries += 1) {
    const lines = auditLines(user);
    if (lines.length > 0) return lines;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return auditLines(user);
}

describe("the same command from an allowed and a denied channel", () => {
  it("allowed: the report, as the asker's BlueKing user (their e-mail's local part)", async () => {
    // (That BK-JOB really sees this name is shown by the operator-only job below.)
    const { body, user } = await command("1 100");
    expect(body.response_type).toBe("in_channel");
    expect(textOf(body)).toContain("Job 100");
    expect(await waitForAudit(user)).toEqual([
      expect.objectContaining({ audit: true, team: "T0001", channel: "C0INCIDENT", action: "report", bizId: 1, jobInstanceId: 100, actingAs: user.toLowerCase(), outcome: "ok" }),
    ]);
  });

  it.each([
    ["a channel the rule does not list", "2 100", { channel: "C0INCIDENT" }, "payments"],
    ["a business no rule names", "7 100", { channel: "C0INCIDENT" }, "No access rule covers business 7"],
    ["following without being a follower", "follow 1 700", { channel: "C0INCIDENT" }, "may not follow"],
    ["grep where logs may not appear", "1 200 grep Traceback", { channel: "C0LOBBY" }, "ops-logs"],
  ])("denied, %s: an ephemeral answer naming the rule, nothing asked or posted, an audit line", async (_name, text, fields, named) => {
    const before = harness.sim.requests.length;
    const postsBefore = harness.slack.calls.filter((call) => call.method === "chat.postMessage").length;
    const { body, user } = await command(text, fields);
    expect(body.response_type).toBe("ephemeral");
    expect(textOf(body)).toContain(named);
    expect(harness.sim.requests.length).toBe(before);
    expect(harness.slack.calls.filter((call) => call.method === "chat.postMessage").length).toBe(postsBefore);
    const lines = await waitForAudit(user);
    expect(lines).toEqual([expect.objectContaining({ outcome: "denied", channel: fields.channel, actingAs: null })]);
  });

  it("a DM is allowed for payments", async () => {
    const { body } = await command("2 120", { channel: "D0ASKER", channelName: "directmessage" });
    expect(body.response_type).toBe("in_channel");
    expect(textOf(body)).toContain("Job 120");
  });
});

describe("where log text may appear", () => {
  it("a public channel gets statuses and failing hosts, no log tails, no Show log buttons", async () => {
    const { body } = await command("1 200", { channel: "C0LOBBY" });
    const text = textOf(body);
    expect(body.response_type).toBe("in_channel");
    expect(text).toContain("Failing hosts");
    expect(text).toContain("10.0.2.21");
    expect(text).not.toContain("Traceback");
    expect(text).not.toContain("show_log");
    expect(text).toContain("Log text is not shown in this channel");
  });

  it("a private channel gets the tails and the buttons", async () => {
    const { body } = await command("1 200", { channel: "C0PRIVATE", channelName: "privategroup" });
    const text = textOf(body);
    expect(text).toContain("Traceback");
    expect(text).toContain("show_log");
  });

  it("a private channel known only by conversations.info counts as private", async () => {
    harness.slack.setChannel("C0SECRET", { isPrivate: true });
    const ts = "1700000900.000100";
    await sendEvent(harness.appUrl, { type: "app_mention", user: "U0OPS", text: "<@U0BOT> 1 200", ts, channel: "C0SECRET", event_ts: ts });
    const call = await harness.slack.waitFor((r) => r.kind === "api_call" && r.method === "chat.postMessage" && r.body.thread_ts === ts, 10_000);
    expect(JSON.stringify(call.body.blocks)).toContain("Traceback");
  });
});

describe("identity", () => {
  it("a user with no usable e-mail gets a clear answer; BK-JOB is not asked as anyone else", async () => {
    harness.slack.setUser("U0NOMAIL", { email: "" });
    const before = harness.sim.requests.length;
    const { body } = await command("1 100", { user: "U0NOMAIL" });
    expect(body.response_type).toBe("ephemeral");
    expect(textOf(body)).toContain("no e-mail it can use");
    expect(harness.sim.requests.length).toBe(before);
    expect(await waitForAudit("U0NOMAIL")).toEqual([expect.objectContaining({ outcome: "denied", actingAs: null })]);
  });

  it("BK-JOB's own check decides: the job's operator reads it, someone else is told which permission to ask for", async () => {
    const { jobInstanceId } = SCENARIOS.operatorOnly;
    const allowed = await command(`1 ${jobInstanceId}`, { user: "U0ZHANG" });
    expect(allowed.body.response_type).toBe("in_channel");
    expect(textOf(allowed.body)).toContain("deploy-web-release");

    const refused = await command(`1 ${jobInstanceId}`, { user: "U0FAKE" });
    expect(refused.body.response_type).toBe("ephemeral");
    const text = textOf(refused.body);
    expect(text).toContain("not-the-operator");
    expect(text).toContain("view_history");
    expect(text).toContain("1238001");
    expect(await waitForAudit("U0FAKE")).toEqual([expect.objectContaining({ outcome: "upstream_error", code: 1238001, actingAs: "not-the-operator" })]);
  });
});

describe("abuse limits", () => {
  it("a user over the per-user rate gets a polite ephemeral answer, with no upstream call", async () => {
    const user = "U0FLOOD";
    for (let index = 0; index < 5; index += 1) await command("1 100", { user });
    const before = harness.sim.requests.length;
    const { body } = await command("1 100", { user });
    expect(body.response_type).toBe("ephemeral");
    expect(textOf(body)).toContain("try again in");
    expect(harness.sim.requests.length).toBe(before);
    expect(auditLines(user).at(-1)).toMatchObject({ outcome: "rate_limited" });
  });
});

describe("audit lines", () => {
  it("never hold log text or a secret", async () => {
    await command(`${SCENARIOS.secretLogs.bizId} ${SCENARIOS.secretLogs.jobInstanceId}`, { channel: "D0ASKER2", channelName: "directmessage" });
    const audits = harness.logLines.filter((line) => line.includes('"audit":true'));
    expect(audits.length).toBeGreaterThan(5);
    const all = audits.join("\n");
    for (const leak of ["Traceback", "password", "sim-secret", "BEGIN", "Authorization"]) expect(all).not.toContain(leak);
  });
});
