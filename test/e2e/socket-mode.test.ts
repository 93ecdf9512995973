// Socket Mode as Slack runs it: every envelope acknowledged within Slack's 3 s even when BK-JOB
// is slow, a socket dropped mid-run loses nothing (the request under way still answers, the
// client reconnects, the next command is answered), and SIGTERM stops a real joblog process
// cleanly (its connection closed, exit 0).
import { afterEach, describe, expect, it } from "vitest";
import { startFakeSlack } from "../../src/local/fake-slack/index.js";
import { startSimulator } from "../../src/local/sim/server.js";
import { startHarness, type Harness, BOT_TOKEN } from "../support/harness.js";
import { startJoblogProcess } from "../support/joblog-process.js";

let harness: Harness | null = null;
afterEach(async () => {
  await harness?.close();
  harness = null;
});

const textOf = (body: Record<string, unknown>) => `${String(body["text"] ?? "")} ${JSON.stringify(body["blocks"] ?? [])}`;

async function answerTo(h: Harness, id: string) {
  const post = await h.slack.waitFor((r) => r.kind === "response_url_post" && r.id === id, 15_000);
  if (post.kind !== "response_url_post") throw new Error("unexpected record");
  return post.body;
}

describe("joblog over Socket Mode", () => {
  it("acknowledges a command within Slack's 3 s while BK-JOB takes 4 s, then answers", async () => {
    harness = await startHarness({ transport: "socket", simDelayMs: 4_000, env: { BK_JOB_TIMEOUT_MS: "10000" } });
    const delivery = await harness.slack.socketMode.sendSlashCommand({ text: "1 100", response_url: harness.slack.responseUrl("slow") });
    // The fake gives up after 3 s, as Slack does (dispatch_failed): acknowledged means in time.
    expect(delivery).toMatchObject({ acknowledged: true, payload: { response_type: "in_channel" } });
    // First the note only the asker sees, then the report as its own message.
    const report = await harness.slack.waitFor(
      (r) => r.kind === "response_url_post" && r.id === "slow" && textOf(r.body).includes("Business 1 · Job 100"),
      15_000,
    );
    expect(report.kind === "response_url_post" && report.body["response_type"]).toBe("in_channel");
    expect(harness.slack.socketMode.lateAcks).toEqual([]);
  });

  it("a socket dropped mid-run: the request under way still answers, joblog reconnects, the next command is answered", async () => {
    harness = await startHarness({ transport: "socket", simDelayMs: 500 });
    const first = await harness.slack.socketMode.sendSlashCommand({ text: "1 100", response_url: harness.slack.responseUrl("before-drop") });
    expect(first.acknowledged).toBe(true);
    expect(harness.slack.socketMode.dropConnections()).toBe(1);
    expect(textOf(await answerTo(harness, "before-drop"))).toContain("Job 100");

    await harness.slack.socketMode.waitForConnections(1);
    expect(harness.slack.socketMode.connectionsOpened).toBe(2);
    const next = await harness.slack.socketMode.sendSlashCommand({ text: "1 200", response_url: harness.slack.responseUrl("after-drop") });
    expect(next).toMatchObject({ acknowledged: true, connectionId: 2 });
    expect(textOf(await answerTo(harness, "after-drop"))).toContain("deploy-web-release");
    expect((await fetch(`${harness.appUrl}/readyz`)).status).toBe(200);
  }, 30_000);

  it("SIGTERM: a real joblog process closes its connection and exits 0", async () => {
    const sim = await startSimulator();
    const slack = await startFakeSlack({ botToken: BOT_TOKEN });
    const tsx = new URL("../../node_modules/.bin/tsx", import.meta.url).pathname;
    const joblog = startJoblogProcess({ command: [tsx, new URL("../../src/main.ts", import.meta.url).pathname], sim, slack, transport: "socket", botToken: BOT_TOKEN });
    try {
      const url = await joblog.url();
      await slack.socketMode.waitForConnections(1);
      expect((await fetch(`${url}/readyz`)).status).toBe(200);
      const delivery = await slack.socketMode.sendSlashCommand({ text: "1 100", response_url: slack.responseUrl("child") });
      expect(delivery.acknowledged).toBe(true);
      await slack.waitFor((r) => r.kind === "response_url_post" && r.id === "child", 15_000);

      expect(await joblog.stop()).toBe(0);
      expect(joblog.output()).toContain("joblog is stopping");
      expect(joblog.output()).not.toMatch(/"level":(50|60)/);
      expect(slack.socketMode.connectionCount).toBe(0);
    } finally {
      await joblog.stop();
      await Promise.all([sim.close(), slack.close()]);
    }
  }, 40_000);
});
