// joblog speaking the API gateway (BK_JOB_API=apigw-v3), end to end as a user meets it: the same
// commands give the same messages as in ESB mode, `grep` answers with the matching hosts and
// lines, and Show log reads one host's log (get_job_instance_ip_log).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { validateMessage, validateModal } from "../../src/render/limits.js";
import { SCENARIOS } from "../../src/local/sim/scenarios.js";
import { startHarness, type Harness } from "../support/harness.js";
import { messageButtonPayload, sendEvent, sendInteraction, sendSlashCommand } from "../support/slack-requests.js";

let gateway: Harness;
let esb: Harness;
beforeAll(async () => {
  [gateway, esb] = await Promise.all([startHarness({ protocol: "apigw-v3" }), startHarness({ protocol: "esb-v2" })]);
});
afterAll(async () => Promise.all([gateway.close(), esb.close()]));

type Block = { type: string; elements?: { action_id?: string; value?: string }[] };

async function command(harness: Harness, text: string) {
  const id = `r${Math.random().toString(36).slice(2)}`;
  await sendSlashCommand(harness.appUrl, { text, response_url: harness.slack.responseUrl(id, { channel: "C0INCIDENT" }) });
  const post = await harness.slack.waitFor((recorded) => recorded.kind === "response_url_post" && recorded.id === id, 10_000);
  if (post.kind !== "response_url_post") throw new Error("unexpected record");
  expect(validateMessage(post.body as never)).toEqual([]);
  return post.body as { response_type: string; text: string; blocks: Block[] };
}

/**
 * What a reader sees: everything but the buttons' values (the gateway's carry bk_host_id) and how
 * long an unfinished job has been running (the two answers are rendered a moment apart).
 */
const seen = (body: object) =>
  JSON.parse(JSON.stringify(body).replace(/running for (\d+[dhms] ?)+/g, "running for …"), (key, value: unknown) => (key === "value" ? undefined : value));

describe("BK_JOB_API=apigw-v3", () => {
  it.each([
    ["the 2,000-host job", SCENARIOS.largeJob],
    ["the seed job", SCENARIOS.seed],
    ["the 5 MB log", SCENARIOS.hugeLog],
    ["a job waiting for a confirmation", SCENARIOS.manualConfirm],
  ])("answers /joblog for %s with the same message as ESB mode", async (_name, ref) => {
    const [viaGateway, viaEsb] = await Promise.all([command(gateway, `${ref.bizId} ${ref.jobInstanceId}`), command(esb, `${ref.bizId} ${ref.jobInstanceId}`)]);
    expect(viaGateway.response_type).toBe("in_channel");
    expect(seen(viaGateway)).toEqual(seen(viaEsb));
  });

  it("asks the gateway only for status, groups and the shown hosts' logs, with header credentials", async () => {
    const before = gateway.sim.requests.length;
    await command(gateway, `1 ${SCENARIOS.tenThousandHosts.jobInstanceId}`);
    const calls = gateway.sim.requests.slice(before);
    expect(calls.map((call) => call.api).sort()).toEqual([
      "batch_get_job_instance_ip_log",
      "get_job_instance_list",
      "get_job_instance_status",
      "get_step_instance_status",
    ]);
    expect(calls.every((call) => call.protocol === "apigw-v3")).toBe(true);
    expect(calls.reduce((sum, call) => sum + call.bytesSent, 0)).toBeLessThan(20_000);
  });

  it("grep: only the hosts whose log contains the text, with the matching lines, as in ESB mode", async () => {
    const text = `${SCENARIOS.largeJob.bizId} ${SCENARIOS.largeJob.jobInstanceId} grep No space left on device`;
    const [viaGateway, viaEsb] = await Promise.all([command(gateway, text), command(esb, text)]);
    const shown = JSON.stringify(viaGateway.blocks);
    expect(shown).toContain("*3 host logs contain* `No space left on device`");
    expect(shown).toContain("*Non-zero Exit Code* · tag `no_space_boot` · step 1. install-kernel-update · 3 hosts");
    expect(shown).toMatch(/\d+ │ gzip: stdout: No space left on device/);
    expect(shown).not.toContain("Could not get lock"); // another group's error, not searched for
    expect(seen(viaGateway)).toEqual(seen(viaEsb));
    // BK-JOB searched: the gateway's keyword, not every log fetched here.
    expect(gateway.sim.requests.some((request) => request.api === "get_job_instance_log")).toBe(false);
  });

  it("grep with no match says so", async () => {
    const body = await command(gateway, "1 200 grep this text is in no log");
    expect(body.text).toContain("No host's log contains `this text is in no log`.");
  });

  it("grep from a mention answers in the thread", async () => {
    const ts = "1700000300.000100";
    await sendEvent(gateway.appUrl, { type: "app_mention", user: "U0OPS", text: "<@U0BOT> 1 2000 grep dpkg frontend lock", ts, channel: "C0INCIDENT", event_ts: ts });
    const call = await gateway.slack.waitFor((r) => r.kind === "api_call" && r.method === "chat.postMessage" && r.body.thread_ts === ts, 10_000);
    expect(JSON.stringify(call.body.blocks)).toContain("*5 host logs contain* `dpkg frontend lock`");
  });

  it("Show log on an IPv6-only host reads that host's log by bk_host_id", async () => {
    const body = await command(gateway, `1 ${SCENARIOS.ipv6Hosts.jobInstanceId}`);
    const buttons = body.blocks.filter((block) => block.type === "actions").flatMap((block) => block.elements ?? []);
    const button = buttons.find((candidate) => candidate.value?.includes("fd00:6::21"));
    expect(button).toBeDefined();
    const before = gateway.sim.requests.length;
    await sendInteraction(
      gateway.appUrl,
      messageButtonPayload({ actionId: button!.action_id!, value: button!.value!, triggerId: gateway.slack.triggerId("U0OPS"), channel: "C0INCIDENT", messageTs: "1700000200.000100" }),
    );
    const update = await gateway.slack.waitFor(
      (r) => r.kind === "api_call" && r.method === "views.update" && JSON.stringify(r.body.view).includes("no IPv4 address on this host"),
      10_000,
    );
    expect(validateModal(update.body.view as never)).toEqual([]);
    expect(JSON.stringify(update.body.view)).toContain("fd00:6::21");
    expect(gateway.sim.requests.slice(before).map((request) => request.api)).toContain("get_job_instance_ip_log");
  });
});
