// Job leasing in one process, on the memory leases (the same rules as Redis's, see
// test/store/memory-leases.test.ts): follows of one job asking for its lease at the same moment
// share one hold, and that hold is the one renewed, so their posts stay allowed.
import { describe, expect, it } from "vitest";
import type { ActiveFollow } from "../../src/follow/active-follow.js";
import { JobLeasing } from "../../src/follow/job-leasing.js";
import { MemoryFollowStore } from "../../src/store/memory-follow-store.js";
import { MemoryJobLeases } from "../../src/store/memory-leases.js";
import { FakeTime } from "../support/fake-time.js";

const silent = { debug() {}, info() {}, warn() {}, error() {} };

function leasing(time: FakeTime) {
  const store = new MemoryFollowStore();
  const local = new Map<string, ActiveFollow>();
  const jobLeasing = new JobLeasing({
    leases: new MemoryJobLeases(time),
    owner: "replica-a",
    leaseMs: 15_000,
    fencedStore: () => store,
    store,
    clock: time,
    timers: time,
    logger: silent,
    follows: { local: () => local, starting: () => new Map(), adopt() {}, forget() {}, modeChanged() {} },
  });
  return { jobLeasing, local };
}

describe("JobLeasing", () => {
  it("gives two follows of one job asking at once the same hold, and keeps it valid by renewing it", async () => {
    const time = new FakeTime();
    const { jobLeasing: jobs, local } = leasing(time);
    await jobs.start();
    const ref = { bizId: 1, jobInstanceId: 700 };
    const [first, second] = await Promise.all([jobs.hold(ref), jobs.hold(ref)]);
    expect(first).not.toBeNull();
    expect(second).toBe(first);
    // Both follows run here under it (what the follow service records once their live messages are up).
    for (const id of ["f1", "f2"]) local.set(id, { held: first! } as ActiveFollow);
    for (let second = 0; second < 60; second += 1) {
      time.advance(1_000);
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(jobs.isValid(first!)).toBe(true);
    expect(jobs.mayAct("1:700")).toBe(true);
    await jobs.stop();
  });
});
