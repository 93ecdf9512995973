// Finding a run without its id, end to end: `/joblog recent` with each filter and More paging,
// `/joblog <biz> last <name>` (the newest match's report), through the real Bolt receiver, the fake
// Slack and the simulator's history; in esb-v2 mode over ESB's jobv3 list (v2 has none). The
// expected runs come from the simulator itself (bk-job's own rules, src/local/sim/history/).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { validateMessage } from "../../src/render/limits.js";
import { callDoor } from "../sim/doors.js";
import { startHarness, type Harness } from "../support/harness.js";
import { messageButtonPayload, sendInteraction, sendSlashCommand } from "../support/slack-requests.js";

const DAY = 24 * 60 * 60 * 1000;
const CHANNEL = "C0INCIDENT";

type Block = { type: string; block_id?: string; text?: { text: string }; elements?: { action_id: string; value?: string; text?: { text: string } }[] };

/** The runs the simulator lists for business 1 (newest first), as bk-job would, with these filters. */
async function simRuns(h: Harness, filters: Record<string, unknown>): Promise<{ total: number; data: any[] }> {
  const now = Date.now();
  const answer = await callDoor(h.sim, "apigw-v3", "get_job_instance_list", {
    bk_scope_type: "biz", bk_scope_id: "1", create_time_start: now - 30 * DAY, create_time_end: now, length: 1000, ...filters,
  });
  return answer.body.data;
}

/** `/joblog <text>`; resolves with the answer posted to its response_url. */
async function ask(h: Harness, text: string, user = "U0OPS"): Promise<Record<string, unknown>> {
  const id = `r-${Math.random()}`;
  await sendSlashCommand(h.appUrl, { text, response_url: h.slack.responseUrl(id, { channel: CHANNEL, user }), channel_id: CHANNEL, user_id: user });
  await h.slack.waitFor((r) => r.kind === "response_url_post" && r.id === id, 10_000);
  return h.slack.responses(id).at(-1)!;
}

const runIds = (answer: Record<string, unknown>): number[] =>
  ((answer.blocks as Block[]) ?? [])
    .filter((block) => block.block_id?.startsWith("run-actions-"))
    .map((block) => JSON.parse(block.elements!.find((element) => element.action_id === "run_report")!.value!).jobInstanceId);

describe.each(["apigw-v3", "esb-v2"] as const)("recent and last over %s", (protocol) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ protocol, env: { JOBLOG_IDENTITY: "fixed" } });
  });
  afterAll(() => h.close());

  it("recent: the 10 newest runs, each with status, operator, a local-time date, duration, Report and Follow; only the asker sees it", async () => {
    const answer = await ask(h, "recent 1");
    const expected = (await simRuns(h, {})).data.slice(0, 10);
    expect(answer.response_type).toBe("ephemeral");
    expect(runIds(answer)).toEqual(expected.map((run) => run.job_instance_id));
    expect(validateMessage(answer as never)).toEqual([]);
    const lines = (answer.blocks as Block[]).filter((block) => /^run-\d+$/.test(block.block_id ?? "")).map((block) => block.text!.text);
    lines.forEach((line, index) => {
      expect(line).toContain(expected[index].name);
      expect(line).toContain(expected[index].operator);
      expect(line).toMatch(/<!date\^\d+\^\{date_short_pretty\} \{time_secs\}\|/);
    });
    const buttons = (answer.blocks as Block[]).find((block) => block.block_id === "run-actions-0")!.elements!.map((element) => element.action_id);
    expect(buttons).toEqual(["run_report", "follow_job"]);
  });

  it("recent with a name, --failed and --mine lists only matching runs (bk-job's filters)", async () => {
    const named = await ask(h, "recent 1 deploy");
    expect(runIds(named)).toEqual((await simRuns(h, { name: "deploy" })).data.slice(0, 10).map((run) => run.job_instance_id));
    const failed = await ask(h, "recent 1 --failed");
    const failedRuns = (await simRuns(h, { status: 4 })).data;
    expect(runIds(failed)).toEqual(failedRuns.slice(0, 10).map((run) => run.job_instance_id));
    expect(failedRuns.every((run) => run.status === 4)).toBe(true);
    const mine = await ask(h, "recent 1 --mine");
    const adminRuns = (await simRuns(h, { operator: "admin" })).data;
    expect(adminRuns.length).toBeGreaterThan(0);
    expect(runIds(mine)).toEqual(adminRuns.slice(0, 10).map((run) => run.job_instance_id));
  });

  it("More shows the next page in place of the list, until the last page", async () => {
    const first = await ask(h, "recent 1 deploy-web");
    const all = (await simRuns(h, { name: "deploy-web" })).data;
    const more = (first.blocks as Block[]).find((block) => block.block_id === "recent-more")!.elements![0]!;
    const id = `more-${Math.random()}`;
    await sendInteraction(h.appUrl, messageButtonPayload({ actionId: more.action_id, value: more.value!, triggerId: "t", channel: CHANNEL, messageTs: "1.1", responseUrl: h.slack.responseUrl(id, { channel: CHANNEL, user: "U0OPS" }) }));
    await h.slack.waitFor((r) => r.kind === "response_url_post" && r.id === id, 10_000);
    const second = h.slack.responses(id).at(-1)!;
    expect(second.replace_original).toBe(true);
    expect(runIds(second)).toEqual(all.slice(10, 20).map((run) => run.job_instance_id));
  });

  it("last: the report of the newest run whose name matches, in the channel", async () => {
    const answer = await ask(h, "1 last deploy-api");
    const newest = (await simRuns(h, { name: "deploy-api" })).data[0];
    expect(answer.response_type).toBe("in_channel");
    expect(JSON.stringify(answer.blocks)).toContain(`Job ${newest.job_instance_id}`);
  });

  it("last with no match says so, only to the asker; a bad command gets the usage", async () => {
    const none = await ask(h, "1 last no-such-plan");
    expect(none.response_type).toBe("ephemeral");
    expect(String(none.text)).toContain("no-such-plan");
    const id = `bad-${Math.random()}`;
    const sent = await sendSlashCommand(h.appUrl, { text: "recent deploy", response_url: h.slack.responseUrl(id), channel_id: CHANNEL });
    expect(sent.body).toContain("needs a business id");
  });
});
