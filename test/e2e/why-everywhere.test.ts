// "Why did it fail" wherever a failure is told: the same digest over every protocol (the gateway
// reading logs in batches BK-JOB accepts, and saying when it read only a sample), the follow's
// failure reply, and the terminal.
import { afterEach, describe, expect, it } from "vitest";
import { SCENARIOS } from "../../src/local/sim/scenarios.js";
import { validateMessage } from "../../src/render/limits.js";
import { runJoblog } from "../cli/run-joblog.js";
import { FakeTime } from "../support/fake-time.js";
import { whenIdle } from "../support/follow-idle.js";
import { startHarness, type Harness, type HarnessOptions } from "../support/harness.js";
import { sendSlashCommand } from "../support/slack-requests.js";

type Block = { block_id?: string; text?: { text: string } };
type Message = { text?: string; blocks?: Block[] };

const CORPUS = SCENARIOS.causeCorpus;
const FLEET = SCENARIOS.causeFleet;
const CHANNEL = "C0INCIDENT";

let harness: Harness | null = null;
afterEach(async () => {
  await harness?.close();
  harness = null;
});

async function start(options: HarnessOptions): Promise<Harness> {
  harness = await startHarness(options);
  return harness;
}

async function ask(h: Harness, text: string): Promise<Message> {
  const id = `w${Math.random().toString(36).slice(2)}`;
  await sendSlashCommand(h.appUrl, { text, response_url: h.slack.responseUrl(id, { channel: CHANNEL }) });
  const post = await h.slack.waitFor((recorded) => recorded.kind === "response_url_post" && recorded.id === id, 60_000);
  return post.body as Message;
}

/** The digest's blocks (headline, causes with their Hosts buttons, notes) as the person sees them. */
const digestOf = (message: Message) => (message.blocks ?? []).filter((block) => /^(?:causes|cause-\d+|causes-notes)$/.test(block.block_id ?? ""));

describe("every protocol gives the same digest for the same job", () => {
  it("ESB v2, ESB v3 and the gateway answer `why` about job 1 1600 alike", async () => {
    const answers: Record<string, Block[]> = {};
    for (const protocol of ["esb-v2", "esb-v3", "apigw-v3"] as const) {
      const h = await start({ protocol });
      const why = await ask(h, `${CORPUS.bizId} ${CORPUS.jobInstanceId} why`);
      expect(validateMessage(why as never)).toEqual([]);
      answers[protocol] = digestOf(why);
      await h.close();
      harness = null;
    }
    expect(JSON.stringify(answers["esb-v2"])).toContain("21 causes across 150 failing hosts");
    expect(answers["esb-v3"]).toEqual(answers["esb-v2"]);
    expect(answers["apigw-v3"]).toEqual(answers["esb-v2"]);
  });

  it("the gateway reads 2,000 failing hosts' logs in batches of at most 500, and no more calls than that", async () => {
    const h = await start({ protocol: "apigw-v3" });
    const before = h.sim.requests.length;
    const why = await ask(h, `${FLEET.bizId} ${FLEET.jobInstanceId} why`);
    expect(JSON.stringify(why.blocks)).toContain("causes across 2,000 failing hosts");
    expect(JSON.stringify(why.blocks)).not.toContain("Read a sample");
    // The simulator refuses a batch of more than 500 hosts, as bk-job does: an answer means none was.
    const logCalls = h.sim.requests.slice(before).filter((request) => request.api === "batch_get_job_instance_ip_log");
    expect(logCalls).toHaveLength(4);
  });

  it("past JOBLOG_DIGEST_MAX_HOSTS the digest says it read a sample, and how much", async () => {
    const h = await start({ protocol: "apigw-v3", env: { JOBLOG_DIGEST_MAX_HOSTS: "1200" } });
    const before = h.sim.requests.length;
    const why = await ask(h, `${FLEET.bizId} ${FLEET.jobInstanceId} why`);
    const text = JSON.stringify(why.blocks);
    expect(text).toContain("across 2,000 failing hosts");
    expect(text).toMatch(/Read a sample: the logs of 1,200 of 2,000 failing hosts \([\d.]+ MB\)/);
    // 1,200 hosts, 500 a call: three calls, the report's own tails among them.
    expect(h.sim.requests.slice(before).filter((request) => request.api === "batch_get_job_instance_ip_log")).toHaveLength(3);
  });
});

describe("the follow's failure reply", () => {
  it("says why the step failed before listing its hosts", async () => {
    const time = new FakeTime();
    const h = await start({ clock: time, timers: time });
    const running = SCENARIOS.running; // step 2 loses a host at 35 s and fails at 40 s
    const id = `f${Math.random().toString(36).slice(2)}`;
    await sendSlashCommand(h.appUrl, { text: `follow ${running.bizId} ${running.jobInstanceId}`, response_url: h.slack.responseUrl(id, { channel: CHANNEL }), channel_id: CHANNEL });
    await h.slack.waitFor((r) => r.kind === "api_call" && r.method === "chat.postMessage" && r.body.channel === CHANNEL && r.body.thread_ts === undefined, 10_000);
    for (let second = 0; second < 60; second += 1) {
      await whenIdle(h.app.follows);
      time.advance(1_000);
    }
    await whenIdle(h.app.follows);
    const replies = h.slack.calls.filter((call) => call.method === "chat.postMessage" && call.body.channel === CHANNEL && call.body.thread_ts !== undefined);
    // "1 more host failed in step 2" at 35 s, then "Step 2 failed" at 40 s: each says why first.
    const told = [/1 more host failed in step \*2\./, /Step \*2\. .*\* failed/].map((lead) => replies.find((call) => lead.test(JSON.stringify(call.body.blocks))));
    for (const reply of told) {
      expect(reply).toBeDefined();
      expect(validateMessage(reply!.body as never)).toEqual([]);
      const blocks = reply!.body.blocks as Block[];
      expect(blocks[0]?.block_id).toBe("lead");
      expect(blocks[1]?.block_id).toBe("causes");
      expect(blocks[1]?.text?.text).toMatch(/1 cause across 1 failing host\b/);
      expect(blocks[2]?.block_id).toBe("cause-0");
      expect(blocks[2]?.text?.text).toMatch(/^\*1 host\* · exit 1\n`.+`/);
    }
    // The newly failed host's group stays below the digest.
    expect(JSON.stringify(told[0]!.body.blocks)).toContain("Non-zero Exit Code");
  });
});

describe("the terminal", () => {
  it("prints the digest before the failing hosts", async () => {
    const run = await runJoblog(["--sim", String(CORPUS.bizId), String(CORPUS.jobInstanceId)]);
    expect(run.code).toBe(1);
    const digestAt = run.stdout.indexOf("21 causes across 150 failing hosts");
    expect(digestAt).toBeGreaterThan(0);
    expect(run.stdout.indexOf("Failing hosts (")).toBeGreaterThan(digestAt);
    expect(run.stdout).toMatch(/• 24 hosts · exit 1 · tag disk_full\n {4}disk full\n {4}above it: cp: error writing '.*': No space left on device\n/);
  });
});
