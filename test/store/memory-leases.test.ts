// The memory job leases keep the Redis leases' rules (test/store/redis-leases.test.ts) on one
// process: one holder, tokens that grow on every takeover, fencing after expiry.
import { describe, expect, it } from "vitest";
import { MemoryJobLeases } from "../../src/store/memory-leases.js";

function clock(start = 1_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe("memory job leases", () => {
  it("gives a job to one owner; the holder asking again keeps its token; another job is free", async () => {
    const leases = new MemoryJobLeases(clock());
    const a = await leases.acquire("1:1", "a", 1_000);
    expect(a).toEqual({ jobKey: "1:1", owner: "a", token: 1 });
    expect(await leases.acquire("1:1", "b", 1_000)).toBeNull();
    expect(await leases.acquire("1:1", "a", 1_000)).toEqual(a);
    expect(await leases.acquire("1:2", "b", 1_000)).toEqual({ jobKey: "1:2", owner: "b", token: 1 });
  });

  it("a lease that runs out goes to the next owner with a larger token; the old one can neither renew nor pass the fence", async () => {
    const time = clock();
    const leases = new MemoryJobLeases(time);
    const old = (await leases.acquire("1:1", "a", 1_000))!;
    time.advance(999);
    expect(await leases.renew(old, 1_000)).toBe(true);
    time.advance(1_000);
    const next = (await leases.acquire("1:1", "b", 1_000))!;
    expect(next.token).toBeGreaterThan(old.token);
    expect(await leases.renew(old, 1_000)).toBe(false);
    expect(await leases.checkFence("1:1", old.token)).toBe(false);
    expect(await leases.checkFence("1:1", next.token)).toBe(true);
  });

  it("release hands the job over at once, and only the holder can release", async () => {
    const leases = new MemoryJobLeases(clock());
    const a = (await leases.acquire("1:1", "a", 60_000))!;
    expect(await leases.release({ ...a, owner: "b" })).toBe(false);
    expect(await leases.release(a)).toBe(true);
    expect((await leases.acquire("1:1", "b", 60_000))?.token).toBe(2);
  });
});
