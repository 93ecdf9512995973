// The main end-to-end scenarios over both of joblog's Slack transports: signed HTTP requests to
// the Bolt receiver, and Socket Mode envelopes through the fake Slack's WebSocket (acknowledged
// within 3 s, the acknowledgement carrying what an HTTP response body would). Same requests, same
// answers where Slack shows them; then /healthz, /readyz and /metrics, which serve either way.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { RecordedCall } from "../../src/local/fake-slack/index.js";
import { SCENARIOS } from "../../src/local/sim/scenarios.js";
import { validateMessage, validateModal } from "../../src/render/limits.js";
import { FakeTime } from "../support/fake-time.js";
import { whenIdle } from "../support/follow-idle.js";
import { startHarness, type Harness } from "../support/harness.js";
import { messageButtonPayload } from "../support/slack-requests.js";
import { getRoute, sample, slackSender, TRANSPORTS, type SlackSender } from "../support/slack-transport.js";

const ACCESS = `
rules:
  - name: ops
    businesses: [1]
    channels: [C0INCIDENT]
`;
const CHANNEL = "C0INCIDENT";
const textOf = (body: Record<string, unknown> | undefined) => `${String(body?.["text"] ?? "")} ${JSON.stringify(body?.["blocks"] ?? [])}`;
type Element = { action_id?: string; value?: string; text?: { text: string } };
const elementsOf = (blocks: unknown) => ((blocks ?? []) as { elements?: Element[] }[]).flatMap((block) => block.elements ?? []);

describe.each(TRANSPORTS)("over %s", (transport) => {
  let harness: Harness;
  let slack: SlackSender;
  let time: FakeTime;
  let folder: string;
  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), "joblog-transports-"));
    writeFileSync(join(folder, "access.yml"), ACCESS);
    time = new FakeTime();
    harness = await startHarness({ transport, clock: time, timers: time, env: { JOBLOG_ACCESS_FILE: join(folder, "access.yml") } });
    slack = slackSender(harness, transport);
  });
  afterAll(async () => {
    await harness.close();
    rmSync(folder, { recursive: true, force: true });
  });

  let counter = 0;
  async function command(text: string, user = "U0OPS") {
    counter += 1;
    const id = `${transport}-${counter}`;
    const ack = await slack.command({ text, response_url: harness.slack.responseUrl(id, { channel: CHANNEL, user }), user_id: user, channel_id: CHANNEL });
    return { ack, id };
  }
  async function answerTo(id: string) {
    const post = await harness.slack.waitFor((r) => r.kind === "response_url_post" && r.id === id, 10_000);
    if (post.kind !== "response_url_post") throw new Error("unexpected record");
    return post.body;
  }
  const metrics = async () => (await getRoute(harness, "/metrics")).text;

  it("a report: acknowledged in the channel, then posted through response_url; counted in /metrics", async () => {
    const before = await metrics();
    const { ack, id } = await command("1 100");
    expect(ack).toEqual({ acknowledged: true, body: { response_type: "in_channel" } });
    const body = await answerTo(id);
    expect(body["response_type"]).toBe("in_channel");
    expect(validateMessage(body as never)).toEqual([]);
    expect(textOf(body)).toContain("Business 1 · Job 100");
    await harness.log.waitFor((line) => line["audit"] === true && line["action"] === "report" && line["jobInstanceId"] === 100);

    const after = await metrics();
    const moved = (name: string, labels: Record<string, string>) => sample(after, name, labels) - sample(before, name, labels);
    expect(moved("joblog_requests_total", { action: "report", outcome: "ok" })).toBe(1);
    expect(moved("joblog_bkjob_calls_total", { protocol: "esb-v2", outcome: "ok" })).toBeGreaterThanOrEqual(1);
    expect(moved("joblog_bkjob_call_duration_seconds_count", { protocol: "esb-v2" })).toBeGreaterThanOrEqual(1);
    expect(moved("joblog_bkjob_received_bytes_total", { protocol: "esb-v2" })).toBeGreaterThan(100);
    // No label carries who asked or which job.
    expect(after).not.toMatch(/U0OPS|C0INCIDENT|jobInstanceId/);
  });

  it("the usage help comes in the acknowledgement itself, only for the asker, with nothing asked of BK-JOB", async () => {
    const before = harness.sim.requests.length;
    const { ack } = await command("1 two");
    expect(ack.acknowledged).toBe(true);
    expect(ack.body?.["response_type"]).toBe("ephemeral");
    expect(textOf(ack.body)).toContain("/joblog &lt;bk_biz_id&gt; &lt;job_instance_id&gt;");
    expect(harness.sim.requests.length).toBe(before);
  });

  it("a mention is answered in its thread", async () => {
    const ts = "1700000100.000100";
    const ack = await slack.event({ type: "app_mention", user: "U0OPS", text: "<@U0BOT> 1 200", ts, channel: CHANNEL, event_ts: ts });
    expect(ack.acknowledged).toBe(true);
    const call = await harness.slack.waitFor((r) => r.kind === "api_call" && r.method === "chat.postMessage" && r.body.thread_ts === ts, 10_000);
    expect(call.response.ok).toBe(true);
    expect(JSON.stringify(call.body.blocks)).toContain("deploy-web-release");
  });

  it("a pasted link is unfurled; a Slack 429 on the next one is counted in /metrics", async () => {
    const share = (jobInstanceId: number, ts: string) => {
      const url = `https://job.example.com/biz/1/execute/task/${jobInstanceId}`;
      return slack.event({ type: "link_shared", channel: CHANNEL, user: "U0OPS", message_ts: ts, links: [{ domain: "job.example.com", url }], event_ts: ts });
    };
    expect((await share(SCENARIOS.multiStepFailure.jobInstanceId, "1700000200.000100")).acknowledged).toBe(true);
    const call = await harness.slack.waitFor((r) => r.kind === "api_call" && r.method === "chat.unfurl" && r.response.ok === true, 10_000);
    expect(JSON.stringify(call.body.unfurls)).toContain("failed at step 2.");

    const rateLimited = () => sample(before, "joblog_slack_api_calls_total", { method: "chat.unfurl", outcome: "rate_limited" });
    const before = await metrics();
    expect(sample(before, "joblog_slack_api_calls_total", { method: "chat.unfurl", outcome: "ok" })).toBe(1);
    // Retry-After 0: WebClient pauses every call of its client for that long.
    harness.slack.failNext("chat.unfurl", { status: 429, retryAfterSeconds: 0 });
    expect((await share(SCENARIOS.seed.jobInstanceId, "1700000200.000300")).acknowledged).toBe(true);
    await harness.slack.waitFor((r) => r.kind === "api_call" && r.method === "chat.unfurl" && r.response.error === "ratelimited", 10_000);
    await vi.waitFor(async () => {
      expect(sample(await metrics(), "joblog_slack_api_calls_total", { method: "chat.unfurl", outcome: "rate_limited" }) - rateLimited()).toBe(1);
    });
  });

  it("a report's Log button opens the Show log modal, which then shows the host's log", async () => {
    const { id } = await command(`${SCENARIOS.multiStepFailure.bizId} ${SCENARIOS.multiStepFailure.jobInstanceId}`);
    const button = elementsOf((await answerTo(id))["blocks"]).find((element) => element.action_id?.startsWith("show_log"));
    expect(button).toBeDefined();
    const triggerId = harness.slack.triggerId("U0OPS");
    const ack = await slack.interaction(
      messageButtonPayload({ actionId: button!.action_id!, value: button!.value!, triggerId, channel: CHANNEL, messageTs: "1700000300.000100" }),
    );
    expect(ack.acknowledged).toBe(true);
    const opened = await harness.slack.waitFor((r) => r.kind === "api_call" && r.method === "views.open" && r.body.trigger_id === triggerId, 10_000);
    expect(opened.response.ok).toBe(true);
    const viewId = (opened.response.view as { id: string }).id;
    const updated = await harness.slack.waitFor(
      (r) => r.kind === "api_call" && r.method === "views.update" && r.body.view_id === viewId && JSON.stringify(r.body.view).includes("Lines 1–"),
      10_000,
    );
    expect(validateModal(updated.body.view as never)).toEqual([]);
    expect(JSON.stringify(updated.body.view)).toContain("Traceback");
  });

  it("follow: one live message, a thread reply when step 1 finishes, and Stop following ends it", async () => {
    const { bizId, jobInstanceId } = SCENARIOS.running;
    await command(`follow ${bizId} ${jobInstanceId}`);
    const parent = (await harness.slack.waitFor(
      (r) => r.kind === "api_call" && r.method === "chat.postMessage" && r.body.channel === CHANNEL && r.body.thread_ts === undefined && textOf(r.body).includes("Stop following"),
      10_000,
    )) as RecordedCall;
    const parentTs = String(parent.response.ts);
    await whenIdle(harness.app.follows);
    for (let second = 0; second < 25; second += 1) {
      time.advance(1_000);
      await whenIdle(harness.app.follows);
    }
    const reply = harness.slack.calls.find((call) => call.method === "chat.postMessage" && call.body.thread_ts === parentTs);
    expect(textOf(reply?.body)).toMatch(/Step \*1\. .*\* finished · Success/);

    const stop = elementsOf(parent.body.blocks).find((element) => element.action_id === "stop_following")!;
    const ack = await slack.interaction(
      messageButtonPayload({ actionId: stop.action_id!, value: stop.value!, blockId: "follow-actions", triggerId: harness.slack.triggerId("U0OPS"), channel: CHANNEL, messageTs: parentTs }),
    );
    expect(ack.acknowledged).toBe(true);
    const ended = await harness.slack.waitFor(
      (r) => r.kind === "api_call" && r.method === "chat.update" && r.body.ts === parentTs && textOf(r.body).includes("Stopped following (by"),
      10_000,
    );
    expect(ended.response.ok).toBe(true);
    await whenIdle(harness.app.follows);
    expect(harness.app.follows.activeCount()).toBe(0);
  });

  it.each([
    ["a business no rule names", "7 100", "No access rule covers business 7"],
    ["a channel the rule does not list", "1 100", "ops"],
  ])("an access refusal, %s: an answer only the asker sees, BK-JOB not asked", async (_name, text, named) => {
    const before = harness.sim.requests.length;
    const id = `${transport}-denied-${text}`;
    const ack = await slack.command({ text, response_url: harness.slack.responseUrl(id, { channel: "C0LOBBY" }), channel_id: named === "ops" ? "C0LOBBY" : CHANNEL });
    expect(ack.acknowledged).toBe(true);
    const body = await answerTo(id);
    expect(body["response_type"]).toBe("ephemeral");
    expect(textOf(body)).toContain(named);
    expect(harness.sim.requests.length).toBe(before);
  });

  it("serves /healthz, and /readyz naming each check", async () => {
    expect(await getRoute(harness, "/healthz")).toEqual({ status: 200, text: JSON.stringify({ ok: true }) });
    const ready = await getRoute(harness, "/readyz");
    expect(ready.status).toBe(200);
    const checks = transport === "socket" ? ["slack_auth", "socket_mode", "store", "bkjob"] : ["slack_auth", "store", "bkjob"];
    expect(JSON.parse(ready.text)).toEqual({ ok: true, checks: Object.fromEntries(checks.map((name) => [name, { ok: true }])) });
  });
});
