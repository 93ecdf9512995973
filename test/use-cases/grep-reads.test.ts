// A grep over the gateway: BK-JOB's own keyword search narrows the hosts, then the hits' logs are
// read once to check the masked text (src/bkjob/redacting-job-api.ts) and the report's lines come
// from that same read: no host's log is asked for twice.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UpstreamLimiter } from "../../src/access/upstream-limiter.js";
import { createJobApiPool } from "../../src/bkjob/job-api-pool.js";
import { createRedactor } from "../../src/core/redact-secrets.js";
import { SCENARIOS, SIM_DEFAULTS } from "../../src/local/sim/scenarios.js";
import { startSimulator, type Simulator } from "../../src/local/sim/server.js";
import { systemClock } from "../../src/ports/clock.js";
import { fetchJobReport } from "../../src/use-cases/job-report.js";

const silent = { debug() {}, info() {}, warn() {}, error() {} };

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator();
});
afterAll(async () => sim.close());

describe("grep over the gateway", () => {
  it("reads each hit's log once: one log call per step searched", async () => {
    const settings = { protocol: "apigw-v3", apigwSystem: false, apiUrl: `${sim.url}/api/bk-job/prod`, ...SIM_DEFAULTS, webUrl: null, timeoutMs: 10_000 } as const;
    const pool = createJobApiPool(settings, { fetch: globalThis.fetch.bind(globalThis), logger: silent, language: "en", redactor: createRedactor(), limiter: new UpstreamLimiter(16, 4, 64) });
    const before = sim.requests.length;
    const report = await fetchJobReport({ jobApi: pool.forUser(SIM_DEFAULTS.username), clock: systemClock, logger: silent, webUrl: null }, SCENARIOS.seed, { grep: "PID" });
    if (!report.ok) throw new Error(JSON.stringify(report.error));
    const calls = sim.requests.slice(before).map((call) => call.api);
    // The seed job has one step with hosts: its hits' logs (and the failing hosts' tails) in one call.
    expect(calls.filter((api) => api === "get_step_instance_status")).toHaveLength(2);
    expect(calls.filter((api) => api === "batch_get_job_instance_ip_log")).toHaveLength(1);
    expect(JSON.stringify(report.value)).toContain("PID");
  });
});
