// The process entry starts /readyz's probes while it connects to Slack (src/compose.ts,
// readinessAtStart), so an orchestrator's first /readyz finds BK-JOB already answered instead of
// waiting for a round trip it could have had during start-up (bench/startup.bench.ts).
import { expect, it } from "vitest";
import { startFakeSlack } from "../../src/local/fake-slack/index.js";
import { startSimulator } from "../../src/local/sim/server.js";
import { BOT_TOKEN } from "../support/harness.js";
import { startJoblogProcess } from "../support/joblog-process.js";

it("a joblog process asks BK-JOB during start-up, and its first /readyz is 200 without asking again", async () => {
  const sim = await startSimulator();
  const slack = await startFakeSlack({ botToken: BOT_TOKEN });
  const tsx = new URL("../../node_modules/.bin/tsx", import.meta.url).pathname;
  const joblog = startJoblogProcess({ command: [tsx, new URL("../../src/main.ts", import.meta.url).pathname], sim, slack, transport: "socket", botToken: BOT_TOKEN });
  try {
    const url = await joblog.url();
    // Nobody has asked /readyz yet, nor sent a command: this call is the probe's.
    await expect.poll(() => sim.requests.map((request) => request.api), { timeout: 15_000 }).toEqual(["get_job_instance_status"]);
    const ready = await fetch(`${url}/readyz`);
    expect(ready.status).toBe(200);
    expect(JSON.parse(await ready.text())).toMatchObject({ ok: true, checks: { bkjob: { ok: true }, slack_auth: { ok: true }, store: { ok: true } } });
    expect(sim.requests).toHaveLength(1);
  } finally {
    await joblog.stop();
    await Promise.all([sim.close(), slack.close()]);
  }
}, 40_000);
