// Shared reads against the BK-JOB simulator: what is built from a shared fetch (the report,
// JobRead.derived) is built once for everyone asking at the same moment, and handed to each only
// after BK-JOB has let that person read the job; a person BK-JOB refuses gets their refusal and
// never the shared result.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UpstreamLimiter } from "../../src/access/upstream-limiter.js";
import { createJobApi } from "../../src/bkjob/create-job-api.js";
import { SharedReads } from "../../src/bkjob/shared-reads.js";
import { ok } from "../../src/core/upstream-error.js";
import { SCENARIOS, SIM_DEFAULTS } from "../../src/local/sim/scenarios.js";
import { startSimulator, type Simulator } from "../../src/local/sim/server.js";
import { systemClock } from "../../src/ports/clock.js";
import { captureLog } from "../support/captured-log.js";
import { createLogger } from "../../src/logging.js";

let sim: Simulator;
beforeAll(async () => {
  // Slow enough that reads started together are in flight together.
  sim = await startSimulator({ delayMs: 200 });
});
afterAll(async () => sim.close());

function sharedReads(recentMs = 10_000): SharedReads {
  const settings = { protocol: "esb-v2", apigwSystem: false, apiUrl: sim.url, appCode: SIM_DEFAULTS.appCode, appSecret: SIM_DEFAULTS.appSecret, timeoutMs: 5_000 } as const;
  return new SharedReads({
    adapterFor: (username) => createJobApi({ ...settings, username }, { fetch: globalThis.fetch, logger: createLogger("warn", captureLog().stream), language: "en" }),
    gates: new UpstreamLimiter(16, 4, 64),
    clock: systemClock,
    recentMs,
  });
}

describe("what is built from a shared fetch", () => {
  it("is built once for two people asking at once, each proven by BK-JOB as themselves", async () => {
    const shared = sharedReads();
    const since = sim.requests.length;
    const builds: string[] = [];
    const results = await Promise.all(
      ["zhangsan", "lisi"].map((user) => {
        const read = shared.forUser(user).read(SCENARIOS.multiStepFailure, { wholeReport: true });
        return read.derived!("report", async () => {
          builds.push(user);
          const status = await read.getJobStatus();
          return status.ok ? ok({ name: status.value.job.name }) : status;
        });
      }),
    );
    expect(builds).toHaveLength(1);
    expect(results).toEqual([ok({ name: "deploy-web-release" }), ok({ name: "deploy-web-release" })]);
    expect(results[0]!.ok && results[1]!.ok && results[0]!.value === results[1]!.value).toBe(true);
    const statusCalls = sim.requests.slice(since).filter((request) => request.api === "get_job_instance_status");
    expect(statusCalls.map((request) => request.username).sort()).toEqual(["lisi", "zhangsan"]);
  });

  it("is never handed to a person BK-JOB refuses, asking first or second", async () => {
    for (const order of [
      ["outsider", "zhangsan"],
      ["zhangsan", "outsider"],
    ]) {
      const shared = sharedReads();
      const built: string[] = [];
      const results = await Promise.all(
        order.map((user) => {
          const read = shared.forUser(user).read(SCENARIOS.operatorOnly, { wholeReport: true });
          return read.derived!("report", async () => {
            built.push(user);
            return ok("the report");
          });
        }),
      );
      const refused = results[order.indexOf("outsider")]!;
      expect(refused.ok).toBe(false);
      if (!refused.ok) expect(refused.error.permission ?? refused.error.code).toBeTruthy();
      expect(results[order.indexOf("zhangsan")]).toEqual(ok("the report"));
      expect(built).toEqual(["zhangsan"]);
    }
  });
});

describe("a finished job's kept fetch", () => {
  it("is let go when its time is up, though nobody asks again", async () => {
    const shared = sharedReads(300);
    const read = shared.forUser("zhangsan").read(SCENARIOS.multiStepFailure, { wholeReport: true });
    expect((await read.getJobStatus()).ok).toBe(true);
    expect(shared.size).toBe(1);
    const deadline = Date.now() + 5_000;
    while (shared.size > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(shared.size).toBe(0);
  });
});
