// Acting on a failure from Slack, end to end through the signed receiver, the fake Slack and the
// BK-JOB simulator: which buttons a report and a follow's live message offer, the confirmation
// dialogs' words, the operation reaching BK-JOB as the presser, the access file's and BK-JOB's
// refusals, one operation for a double press, stale buttons, the audit line, and the follow in
// the channel reporting the retry's outcome.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { RecordedCall } from "../../src/local/fake-slack/index.js";
import { OPERABLE, OPERABLE_STEPS, CONFIRMATION } from "../../src/local/sim/scenarios/operable.js";
import { SCENARIOS } from "../../src/local/sim/scenarios.js";
import { validateMessage } from "../../src/render/limits.js";
import { isAuditOf } from "../support/captured-log.js";
import { FakeTime } from "../support/fake-time.js";
import { whenIdle } from "../support/follow-idle.js";
import { startHarness, type Harness, type HarnessOptions } from "../support/harness.js";
import { messageButtonPayload, sendInteraction, sendSlashCommand } from "../support/slack-requests.js";

const ACCESS = `
rules:
  - name: ops
    businesses: [1]
    channels: [C0INCIDENT]
    operators: [U0ALICE, U0WANG, U0LISI, U0OUT]
users:
  U0ALICE: alice
  U0BOB: bob
  U0WANG: wangwu
  U0LISI: lisi
  U0OUT: outsider
`;
const CHANNEL = "C0INCIDENT";

let harness: Harness | null = null;
let folder: string | null = null;
afterEach(async () => {
  await harness?.close();
  harness = null;
  if (folder) rmSync(folder, { recursive: true, force: true });
  folder = null;
});

async function start(options: HarnessOptions & { access?: string | null } = {}) {
  const time = new FakeTime();
  const env: Record<string, string> = {};
  if (options.access !== null) {
    folder = mkdtempSync(join(tmpdir(), "joblog-act-"));
    writeFileSync(join(folder, "access.yml"), options.access ?? ACCESS);
    env.JOBLOG_ACCESS_FILE = join(folder, "access.yml");
  }
  harness = await startHarness({ clock: time, timers: time, ...options, env: { ...env, ...options.env } });
  return { h: harness, time };
}

type Element = { type: string; action_id: string; value?: string; text?: { text: string }; style?: string; confirm?: { title: { text: string }; text: { text: string }; confirm: { text: string }; deny: { text: string } } };
type Block = { type: string; block_id?: string; elements?: Element[]; text?: { text: string } };

const actionButtons = (body: Record<string, unknown>): Element[] =>
  ((body.blocks ?? []) as Block[]).filter((block) => block.block_id === "step-actions").flatMap((block) => block.elements ?? []);
const labels = (body: Record<string, unknown>) => actionButtons(body).map((element) => element.text?.text);
const textOf = (body: Record<string, unknown>) => `${String(body.text ?? "")} ${JSON.stringify(body.blocks ?? [])}`;

let counter = 0;
/** `/joblog <biz> <job>` in the incident channel; the report as posted, and its response id. */
async function report(h: Harness, ref: { bizId: number; jobInstanceId: number }, user = "U0ALICE") {
  counter += 1;
  const id = `act-${counter}`;
  await sendSlashCommand(h.appUrl, { text: `${ref.bizId} ${ref.jobInstanceId}`, response_url: h.slack.responseUrl(id, { channel: CHANNEL, user }), user_id: user, channel_id: CHANNEL });
  const post = await h.slack.waitFor((r) => r.kind === "response_url_post" && r.id === id, 10_000);
  if (post.kind !== "response_url_post") throw new Error("unexpected record");
  expect(validateMessage(post.body as never)).toEqual([]);
  return post.body;
}

/** Presses `label` on `body` as `user`; resolves with the id of the press's response_url. */
async function press(h: Harness, body: Record<string, unknown>, label: string, user: string): Promise<string> {
  const button = actionButtons(body).find((element) => element.text?.text === label);
  if (!button) throw new Error(`no ${label} button in ${labels(body).join(", ")}`);
  counter += 1;
  const id = `press-${counter}`;
  const messageTs = `1700000000.${String(counter).padStart(6, "0")}`;
  await sendInteraction(
    h.appUrl,
    messageButtonPayload({
      actionId: button.action_id,
      value: button.value!,
      blockId: "step-actions",
      triggerId: h.slack.triggerId(user),
      channel: CHANNEL,
      messageTs,
      user,
      responseUrl: h.slack.responseUrl(id, { channel: CHANNEL, user, messageTs }),
    }),
  );
  return id;
}

async function answerTo(h: Harness, id: string) {
  const post = await h.slack.waitFor((r) => r.kind === "response_url_post" && r.id === id, 10_000);
  if (post.kind !== "response_url_post") throw new Error("unexpected record");
  return post.body;
}

const operationsSent = (h: Harness) => h.sim.requests.filter((request) => request.operation !== undefined);

describe("which buttons a report offers (bk-job's step rules)", () => {
  it("a failed step: retry failed, retry all, ignore error, each with a dialog naming what will happen; no skip, no terminate", async () => {
    const { h } = await start();
    const body = await report(h, OPERABLE.retryable);
    expect(labels(body)).toEqual(["🔁 Retry failed hosts", "Retry all hosts", "Ignore error"]);
    const [retry, all, ignore] = actionButtons(body);
    expect(retry!.confirm!.text.text).toBe("Retry the 4 failed hosts of step 2 deploy in job 1500? joblog does it in BK-JOB as you.");
    expect(retry!.confirm!.title.text).toBe("Retry failed hosts?");
    expect(retry!.confirm!.confirm.text).toBe("Retry");
    expect(retry!.confirm!.deny.text).toBe("Cancel");
    expect(all!.confirm!.text.text).toContain("Run step 2 deploy of job 1500 again on all 6 hosts?");
    expect(ignore!.confirm!.text.text).toContain("Ignore the failure of step 2 deploy in job 1500 and go on with the next step?");
  });

  it("a running job: terminate only; a stopping step: skip only; a finished job: none", async () => {
    const { h } = await start();
    expect(labels(await report(h, OPERABLE.longRunning))).toEqual(["⏹ Terminate job"]);
    const stopping = await report(h, OPERABLE.stuckStopping);
    expect(labels(stopping)).toEqual(["⏭ Skip step"]);
    expect(actionButtons(stopping)[0]!.confirm!.text.text).toContain("Skip step 2 drain-queue of job 1530, which is being stopped");
    expect(labels(await report(h, SCENARIOS.seed))).toEqual([]);
  });

  it("a waiting confirmation: confirm, reject, terminate, with the confirmation's text from get_step_instance_detail (gateway)", async () => {
    const { h } = await start({ protocol: "apigw-v3" });
    const body = await report(h, OPERABLE.awaitingConfirmation);
    expect(labels(body)).toEqual(["✅ Confirm", "Reject", "⏹ Terminate job"]);
    const confirmation = ((body.blocks ?? []) as Block[]).find((block) => block.block_id === "step-confirmation");
    expect(confirmation?.text?.text).toBe(`✋ Step *2 approve release* waits for a confirmation.\n“${CONFIRMATION.message}”`);
  });

  it("no access file: no buttons, and a forged press is refused without calling BK-JOB", async () => {
    const { h } = await start({ access: null });
    const body = await report(h, OPERABLE.retryable);
    expect(labels(body)).toEqual([]);
    const forged = { blocks: [{ type: "actions", block_id: "step-actions", elements: [{ type: "button", action_id: "step_action:0", text: { text: "x" }, value: JSON.stringify({ b: 1, j: 1500, s: OPERABLE_STEPS.retryable.deploy, a: "retry_failed", m: "r" }) }] }] };
    const answer = await answerTo(h, await press(h, forged, "x", "U0ALICE"));
    expect(answer.response_type).toBe("ephemeral");
    expect(textOf(answer)).toContain("Acting on jobs from Slack is off: joblog has no access file");
    await h.log.waitFor((entry) => isAuditOf("U0ALICE")(entry) && entry.action === "retry_failed");
    expect(operationsSent(h)).toEqual([]);
  });
});

describe("Retry failed hosts, pressed", () => {
  it.each(["esb-v2", "esb-v3", "apigw-v3"] as const)("over %s: sent once as the presser, the report says who did it, the follow reports the outcome, one audit line", async (protocol) => {
    const { h, time } = await start({ protocol });
    const body = await report(h, OPERABLE.retryable);
    const answer = await answerTo(h, await press(h, body, "🔁 Retry failed hosts", "U0ALICE"));

    expect(operationsSent(h).map((request) => request.operation)).toEqual([{ username: "alice", code: 2, stepInstanceId: OPERABLE_STEPS.retryable.deploy }]);
    // The pressed report is replaced by a fresh one: the job runs again, headed by who did what.
    expect(answer.replace_original).toBe(true);
    expect(answer.response_type).toBe("in_channel");
    const [note] = (answer.blocks ?? []) as Block[];
    expect(JSON.stringify(note)).toMatch(/🔁 Retry of the failed hosts of step 2 deploy started by <@U0ALICE> at <!date\^\d+\^/);
    expect(labels(answer)).toEqual(["⏹ Terminate job"]);
    expect(validateMessage(answer as never)).toEqual([]);

    const audit = await h.log.waitFor((entry) => isAuditOf("U0ALICE")(entry) && entry.action === "retry_failed");
    expect(audit).toMatchObject({ action: "retry_failed", operation: 2, step: OPERABLE_STEPS.retryable.deploy, user: "U0ALICE", actingAs: "alice", outcome: "ok", bizId: 1, jobInstanceId: 1500 });

    // The job is followed in the channel: its live message, then the retry's outcome in its thread.
    const parent = await h.slack.waitFor(
      (r): r is RecordedCall => r.kind === "api_call" && r.method === "chat.postMessage" && r.body.channel === CHANNEL && r.body.thread_ts === undefined,
      10_000,
    );
    await whenIdle(h.app.follows);
    // The retry's hosts run 20 s (operations/live-job.ts); polls back off while nothing changes.
    for (let second = 0; second < 60; second += 1) {
      time.advance(1_000);
      await whenIdle(h.app.follows);
    }
    const outcome = await h.slack.waitFor(
      (r) => r.kind === "api_call" && r.method === "chat.postMessage" && r.body.thread_ts === parent.response.ts && textOf(r.body).includes("deploy"),
      10_000,
    );
    // Two hosts fail again on the first retry (scenarios/operable.ts): the thread says so, with them.
    expect(textOf(outcome.body)).toContain("10.0.15.5");
    expect(textOf(outcome.body)).toContain("10.0.15.6");
    expect(textOf(outcome.body)).not.toContain("10.0.15.3");
  });

  it("a double press and a second person at once: one operation; the others are told it is under way", async () => {
    const { h } = await start();
    const body = await report(h, OPERABLE.retryable);
    const [first, second] = await Promise.all([press(h, body, "🔁 Retry failed hosts", "U0ALICE"), press(h, body, "🔁 Retry failed hosts", "U0WANG")]);
    const answers = await Promise.all([answerTo(h, first), answerTo(h, second)]);
    const third = await answerTo(h, await press(h, body, "Retry all hosts", "U0ALICE"));

    expect(operationsSent(h)).toHaveLength(1);
    const refused = [...answers.filter((answer) => answer.response_type === "ephemeral"), third];
    expect(refused).toHaveLength(2);
    for (const answer of refused) expect(textOf(answer)).toMatch(/already under way|right now/);
    expect(textOf(third)).toMatch(/Retry of the failed hosts of step 2 deploy started by <@U0(ALICE|WANG)>.*already under way, so nothing was sent again/);
  });

  it("a stale button (the job ended since) is refused with its state now", async () => {
    const { h, time } = await start();
    const body = await report(h, OPERABLE.longRunning);
    time.advance(31 * 60_000); // the 30-minute migration has finished
    const answer = await answerTo(h, await press(h, body, "⏹ Terminate job", "U0ALICE"));
    expect(answer.response_type).toBe("ephemeral");
    expect(textOf(answer)).toContain("This button is out of date: job 1520 is now *Success*, so there is nothing to terminate. Nothing was sent.");
    expect(operationsSent(h)).toEqual([]);
    expect(await h.log.waitFor((entry) => isAuditOf("U0ALICE")(entry) && entry.action === "terminate")).toMatchObject({ outcome: "stale", operation: 1, step: null });
  });
});

describe("refusals", () => {
  it("the access file: someone its operators do not name is refused, naming the rule, and BK-JOB is not asked", async () => {
    const { h } = await start();
    const body = await report(h, OPERABLE.retryable);
    const answer = await answerTo(h, await press(h, body, "🔁 Retry failed hosts", "U0BOB"));
    expect(answer.response_type).toBe("ephemeral");
    expect(textOf(answer)).toContain("You may not act on jobs of business 1 from Slack (access rule `ops`");
    expect(await h.log.waitFor((entry) => isAuditOf("U0BOB")(entry) && entry.action === "retry_failed")).toMatchObject({ outcome: "denied", rule: "ops", operation: 2 });
    expect(operationsSent(h)).toEqual([]);
  });

  it("BK-JOB: a user its confirmation is not addressed to is refused with 1244016, in words", async () => {
    const { h } = await start({ protocol: "apigw-v3" });
    const body = await report(h, OPERABLE.awaitingConfirmation);
    const answer = await answerTo(h, await press(h, body, "✅ Confirm", "U0LISI"));
    expect(answer.response_type).toBe("ephemeral");
    expect(textOf(answer)).toContain("BK-JOB says only the people this confirmation is addressed to may answer it, and you are not one of them.");
    expect(textOf(answer)).toContain("BK-JOB code 1244016");
    expect(operationsSent(h).map((request) => request.operation)).toEqual([{ username: "lisi", code: 6, stepInstanceId: OPERABLE_STEPS.awaitingConfirmation.approve }]);
    expect(await h.log.waitFor((entry) => isAuditOf("U0LISI")(entry) && entry.action === "confirm")).toMatchObject({ outcome: "upstream_error", code: 1244016, actingAs: "lisi" });

    // Someone it is addressed to confirms: the job goes on.
    const confirmed = await answerTo(h, await press(h, body, "✅ Confirm", "U0WANG"));
    expect(textOf(confirmed)).toContain("✅ Step 2 approve release confirmed by <@U0WANG>");
  });

  it("BK-JOB: a user with no access to the business is refused (9900403), in words", async () => {
    const { h } = await start();
    const body = await report(h, OPERABLE.longRunning);
    const answer = await answerTo(h, await press(h, body, "⏹ Terminate job", "U0OUT"));
    expect(answer.response_type).toBe("ephemeral");
    expect(textOf(answer)).toContain("*outsider*");
    expect(textOf(answer)).toContain("9900403");
  });
});

describe("the follow's live message", () => {
  it("offers Terminate; pressing it stops the job and says so in the channel", async () => {
    const { h, time } = await start();
    await sendSlashCommand(h.appUrl, { text: `follow 1 ${OPERABLE.longRunning.jobInstanceId}`, response_url: h.slack.responseUrl("follow", { channel: CHANNEL, user: "U0ALICE" }), user_id: "U0ALICE", channel_id: CHANNEL });
    const parent = await h.slack.waitFor((r) => r.kind === "api_call" && r.method === "chat.postMessage" && r.body.channel === CHANNEL && r.body.thread_ts === undefined, 10_000);
    await whenIdle(h.app.follows);
    expect(labels(parent.body)).toEqual(["⏹ Terminate job"]);
    const answer = await answerTo(h, await press(h, parent.body, "⏹ Terminate job", "U0ALICE"));
    expect(answer.response_type).toBe("in_channel");
    expect(answer.replace_original).toBe(false);
    expect(textOf(answer)).toContain("⏹ Termination of the job asked by <@U0ALICE>");
    expect(operationsSent(h).map((request) => request.operation)).toEqual([{ username: "alice", code: 1, stepInstanceId: null }]);
    for (let second = 0; second < 8; second += 1) {
      time.advance(1_000);
      await whenIdle(h.app.follows);
    }
    const ended = await h.slack.waitFor((r) => r.kind === "api_call" && r.method === "chat.update" && textOf(r.body).includes("Terminate Success"), 10_000);
    expect(labels(ended.body)).toEqual(["🔁 Retry failed hosts", "Retry all hosts"]);
  });
});
