// A burst of reports while BK-JOB is slow and the cap on calls in flight is reached: the reports
// are answered in the order they were asked, the first within one BK-JOB round trip of its turn,
// rather than all together once every report's first call has been made.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SCENARIOS } from "../../src/local/sim/scenarios.js";
import { startHarness, type Harness } from "../support/harness.js";
import { sendSlashCommand } from "../support/slack-requests.js";

const REPORTS = 6;
let harness: Harness;
beforeAll(async () => {
  harness = await startHarness({
    simDelayMs: 300,
    env: { JOBLOG_USER_RATE: "100", JOBLOG_CHANNEL_RATE: "100", JOBLOG_UPSTREAM_CONCURRENCY: "2", JOBLOG_UPSTREAM_PER_USER: "2" },
  });
});
afterAll(async () => harness.close());

describe("a burst of reports at the cap", () => {
  it("answers the first before starting on the last, and every one of them", async () => {
    // Six jobs alike, one a report: reports of one job share their calls (test/e2e/incident-rush.test.ts).
    const { bizId, jobInstanceId: firstJob } = SCENARIOS.fleet;
    for (let index = 0; index < REPORTS; index += 1) {
      await sendSlashCommand(harness.appUrl, { text: `${bizId} ${firstJob + index}`, response_url: harness.slack.responseUrl(`report-${index}`), user_id: `U0BURST${index}`, channel_id: `C0BURST${index}` });
    }
    const answers = await Promise.all(
      Array.from({ length: REPORTS }, (_, index) => harness.slack.waitFor((r) => r.kind === "response_url_post" && r.id === `report-${index}`, 30_000)),
    );
    expect(answers.every((answer) => answer.body.response_type === "in_channel")).toBe(true);

    const first = Math.min(...answers.map((answer) => answer.at));
    // ESB v2: a report is two calls, side by side. By the first answer BK-JOB had been asked for
    // that report and, as its slots came free, the next one: not for every report in the burst.
    const askedBefore = harness.sim.requests.filter((request) => request.at < first).length;
    expect(askedBefore).toBeLessThanOrEqual(4);
    expect(harness.sim.requests).toHaveLength(2 * REPORTS);
    // And they come in the order asked (ties broken by the fake Slack's clock resolution).
    const order = answers.map((answer, index) => ({ index, at: answer.at })).sort((a, b) => a.at - b.at || a.index - b.index);
    expect(order.map((answer) => answer.index)).toEqual(Array.from({ length: REPORTS }, (_, index) => index));
  });
});
