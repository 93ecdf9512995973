// A poll under a lease (issue 14: one poller per job across replicas): the lease is asked about
// when the poll falls due and again just before its BK-JOB call goes out (and before its retry),
// so a replica that lost the job in between sends nothing. Real poller, the real follow source
// and BK-JOB adapter, the simulator over loopback HTTP; only the lease is a flag here (the
// leases themselves are tested on Redis in job-leasing.test.ts and job-takeover.test.ts).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createJobApi } from "../../src/bkjob/create-job-api.js";
import { DEFAULT_POLLING, Poller } from "../../src/follow/poller.js";
import { SCENARIOS, SIM_DEFAULTS } from "../../src/local/sim/scenarios.js";
import { startSimulator, type Simulator } from "../../src/local/sim/server.js";
import { createFollowSource } from "../../src/use-cases/follow-source.js";
import { FakeTime } from "../support/fake-time.js";

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator();
});
afterAll(async () => sim.close());

describe("a poll whose lease is lost just before its call", () => {
  it("sends nothing to BK-JOB, and is not taken for BK-JOB failing", async () => {
    const time = new FakeTime();
    const debug: string[] = [];
    const warnings: string[] = [];
    const logger = { debug: (_: unknown, msg?: string) => void debug.push(String(msg)), info() {}, warn: (_: unknown, msg?: string) => void warnings.push(String(msg)), error() {} };
    const jobApi = createJobApi({ protocol: "esb-v2", apigwSystem: false, apiUrl: sim.url, ...SIM_DEFAULTS, webUrl: null, timeoutMs: 5_000 }, { fetch: globalThis.fetch.bind(globalThis), logger, language: "en" });
    const source = createFollowSource({ jobApi, clock: time, logger, webUrl: null });
    // Held when the poll falls due, lost by the time its call would go out (another replica took the job).
    let asked = 0;
    const mayPoll = () => (asked += 1) === 1;
    const heard: string[] = [];
    const poller = new Poller({
      source,
      clock: time,
      timers: time,
      logger,
      polling: DEFAULT_POLLING,
      call: (work) => work(),
      track: (work) => work(),
      mayPoll,
      listener: {
        isFollowing: () => true,
        polled: () => void heard.push("polled"),
        outage: async () => void heard.push("outage"),
      },
    });
    const before = sim.requests.length;
    poller.watch(SCENARIOS.running, "f1", 0);
    time.advance(0);
    const deadline = Date.now() + 5_000;
    while (!debug.includes("follow poll not sent: the job's lease is not held") && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    poller.stop();

    expect(debug).toContain("follow poll not sent: the job's lease is not held");
    expect(asked).toBeGreaterThanOrEqual(2);
    expect(sim.requests.slice(before)).toEqual([]);
    expect(heard).toEqual([]);
    expect(warnings).toEqual([]);
  });
});
