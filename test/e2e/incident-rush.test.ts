// An incident rush: several people ask about the same job at the same moment. One fetch of the
// whole-job log serves them all, while BK-JOB checks each person as themselves (one status call
// each); a person BK-JOB refuses sees only their refusal; each channel's log rules still apply;
// log searches for different text get their own answers. Counted at the simulator.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SCENARIOS } from "../../src/local/sim/scenarios.js";
import type { RecordedRequest } from "../../src/local/sim/server.js";
import { startHarness, type Harness } from "../support/harness.js";
import { sendSlashCommand } from "../support/slack-requests.js";

// Logs only in private channels and DMs for business 1; every channel may ask.
const ACCESS = `
rules:
  - name: incident
    businesses: [1]
    channels: [C0ROOM, C0LOBBY, private, dm]
    logs: private-and-dm
users:
  U0ZHANG: zhangsan
  U0OUT: outsider
`;

let harness: Harness;
let folder: string;
beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), "joblog-rush-"));
  const file = join(folder, "access.yml");
  writeFileSync(file, ACCESS);
  // BK-JOB takes a while, so requests sent together are in flight together.
  harness = await startHarness({ simDelayMs: 400, env: { JOBLOG_ACCESS_FILE: file, JOBLOG_USER_RATE: "100", JOBLOG_CHANNEL_RATE: "100" } });
});
afterAll(async () => {
  await harness.close();
  rmSync(folder, { recursive: true, force: true });
});

let counter = 0;
interface Ask {
  text: string;
  user: string;
  channel?: string;
  channelName?: string;
}

/** Sends the command (acknowledged) and returns a wait for its final answer (after any "Still asking" note). */
async function ask({ text, user, channel = "C0PRIVATE", channelName = "privategroup" }: Ask) {
  counter += 1;
  const id = `rush-${counter}`;
  const ack = await sendSlashCommand(harness.appUrl, {
    text,
    response_url: harness.slack.responseUrl(id, { channel, user }),
    user_id: user,
    channel_id: channel,
    channel_name: channelName,
  });
  expect(ack.status).toBe(200);
  return { id, answer: () => answerTo(id) };
}

async function answerTo(id: string) {
  const post = await harness.slack.waitFor(
    (r) => r.kind === "response_url_post" && r.id === id && !JSON.stringify(r.body.blocks ?? []).includes("still-asking"),
    15_000,
  );
  if (post.kind !== "response_url_post") throw new Error("unexpected record");
  return post.body;
}

const textOf = (body: Record<string, unknown>) => JSON.stringify(body.blocks ?? []) + String(body.text ?? "");
const callsFor = (jobInstanceId: number, since: number): RecordedRequest[] => harness.sim.requests.slice(since).filter((r) => r.jobInstanceId === jobInstanceId);
const count = (calls: RecordedRequest[], api: string) => calls.filter((call) => call.api === api).length;

describe("two people asking about one job at the same moment", () => {
  it("make one whole-log fetch and two permission checks, each as themselves, and both get the report", async () => {
    const { bizId, jobInstanceId } = SCENARIOS.multiStepFailure;
    const since = harness.sim.requests.length;
    const [first, second] = await Promise.all([ask({ text: `${bizId} ${jobInstanceId}`, user: "U0RUSHA" }), ask({ text: `${bizId} ${jobInstanceId}`, user: "U0RUSHB" })]);
    const [a, b] = await Promise.all([first.answer(), second.answer()]);
    expect(a.response_type).toBe("in_channel");
    expect(b.response_type).toBe("in_channel");
    expect(textOf(a)).toContain("deploy-web-release");
    expect(textOf(b)).toBe(textOf(a));

    const calls = callsFor(jobInstanceId, since);
    expect(count(calls, "get_job_instance_log")).toBe(1);
    const statusCalls = calls.filter((call) => call.api === "get_job_instance_status");
    expect(statusCalls.map((call) => call.username).sort()).toEqual(["u0rusha", "u0rushb"]);
    expect(calls).toHaveLength(3);

    // A third person a moment later, the job finished: their own permission check, the fetch reused.
    const later = harness.sim.requests.length;
    const third = await ask({ text: `${bizId} ${jobInstanceId}`, user: "U0RUSHC" });
    expect(textOf(await third.answer())).toBe(textOf(a));
    expect(callsFor(jobInstanceId, later).map((call) => [call.api, call.username])).toEqual([["get_job_instance_status", "u0rushc"]]);
  });

  it("a person BK-JOB refuses sees only the refusal, asking first or second", async () => {
    const { bizId, jobInstanceId } = SCENARIOS.operatorOnly;
    for (const order of [
      ["U0OUT", "U0ZHANG"],
      ["U0ZHANG", "U0OUT"],
    ] as const) {
      const sent = await Promise.all(order.map((user) => ask({ text: `${bizId} ${jobInstanceId}`, user })));
      const answers = await Promise.all(sent.map((one) => one.answer()));
      const refused = answers[order.indexOf("U0OUT")]!;
      const allowed = answers[order.indexOf("U0ZHANG")]!;
      expect(allowed.response_type).toBe("in_channel");
      expect(textOf(allowed)).toContain("10.0.2.21");
      expect(refused.response_type).toBe("ephemeral");
      expect(textOf(refused)).toContain("outsider");
      // Nothing of the job itself: no host, no step, no log line.
      for (const shared of ["10.0.2.21", "deploy-web", "Traceback"]) expect(textOf(refused)).not.toContain(shared);
    }
  });

  it("a channel whose rules withhold logs gets the report without them; the other channel gets them", async () => {
    const { bizId, jobInstanceId } = SCENARIOS.trickyLogs;
    const since = harness.sim.requests.length;
    const [lobby, room] = await Promise.all([
      ask({ text: `${bizId} ${jobInstanceId}`, user: "U0LOBBY", channel: "C0LOBBY", channelName: "lobby" }),
      ask({ text: `${bizId} ${jobInstanceId}`, user: "U0ROOM" }),
    ]);
    const [withheld, shown] = await Promise.all([lobby.answer(), room.answer()]);
    expect(withheld.response_type).toBe("in_channel");
    expect(textOf(withheld)).toContain("Log text is not shown in this channel");
    expect(textOf(withheld)).not.toContain("show_log");
    expect(textOf(shown)).not.toContain("Log text is not shown in this channel");
    expect(textOf(shown)).toContain("show_log");
    expect(count(callsFor(jobInstanceId, since), "get_job_instance_log")).toBe(1);
  });

  it("log searches for different text each get their own hosts", async () => {
    const { bizId, jobInstanceId } = SCENARIOS.multiStepFailure;
    const [denied, disk] = await Promise.all([
      ask({ text: `${bizId} ${jobInstanceId} grep Access denied`, user: "U0GREPA" }),
      ask({ text: `${bizId} ${jobInstanceId} grep No space left`, user: "U0GREPB" }),
    ]);
    const [deniedAnswer, diskAnswer] = await Promise.all([denied.answer(), disk.answer()]);
    expect(textOf(deniedAnswer)).toContain("10.0.2.21");
    expect(textOf(deniedAnswer)).not.toContain("10.0.2.24");
    expect(textOf(diskAnswer)).toContain("10.0.2.24");
    expect(textOf(diskAnswer)).not.toContain("10.0.2.21");
  });
});
