// The pool of BK-JOB adapters, one per BlueKing user: each person's reads are made as them, and
// the pool keeps only the most recently active people (USERS_KEPT), so a company's thousands of
// users over months do not each hold an adapter for the life of the process. Checked by
// collection: a person pushed out of the pool leaves nothing of theirs behind.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UpstreamLimiter } from "../../src/access/upstream-limiter.js";
import { createJobApiPool } from "../../src/bkjob/job-api-pool.js";
import { createRedactor } from "../../src/core/redact-secrets.js";
import { SCENARIOS, SIM_DEFAULTS } from "../../src/local/sim/scenarios.js";
import { startSimulator, type Simulator } from "../../src/local/sim/server.js";
import { collectGarbage } from "../support/collect-garbage.js";

const silent = { debug() {}, info() {}, warn() {}, error() {} };

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator();
});
afterAll(async () => sim.close());

const poolKeeping = (usersKept: number) =>
  createJobApiPool(
    { protocol: "esb-v2", apigwSystem: false, apiUrl: sim.url, ...SIM_DEFAULTS, webUrl: null, timeoutMs: 10_000 },
    { fetch: globalThis.fetch.bind(globalThis), logger: silent, language: "en", redactor: createRedactor(), limiter: new UpstreamLimiter(16, 4, 64), usersKept },
  );

describe("the pool of people's BK-JOB adapters", () => {
  it("reads as each person, and keeps only the most recently active ones", async () => {
    const pool = poolKeeping(2);
    const first = new WeakRef(pool.forUser("zhangsan"));
    const before = sim.requests.length;
    for (const user of ["zhangsan", "lisi", "wangwu", "lisi"]) {
      const status = await pool.forUser(user).read(SCENARIOS.seed, { proofOnly: true }).getJobStatus();
      expect(status.ok).toBe(true);
    }
    expect(sim.requests.slice(before).map((request) => request.username)).toEqual(["zhangsan", "lisi", "wangwu", "lisi"]);
    // zhangsan was the least recently active of three: pushed out, and nothing else holds theirs.
    await collectGarbage();
    expect(first.deref()).toBeUndefined();
    expect(pool.forUser("lisi")).toBe(pool.forUser("lisi"));
  });
});
