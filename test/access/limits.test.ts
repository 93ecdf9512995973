// Abuse limits: the token bucket per user or channel, and the upstream cap with a per-user share.
import { describe, expect, it } from "vitest";
import { RateLimiter } from "../../src/access/rate-limiter.js";
import { UpstreamLimiter } from "../../src/access/upstream-limiter.js";

describe("RateLimiter", () => {
  it("allows a burst up to the rate, then says how long to wait, then refills", () => {
    let now = 0;
    const limiter = new RateLimiter(3, { now: () => now });
    expect([limiter.take("U1"), limiter.take("U1"), limiter.take("U1")]).toEqual([0, 0, 0]);
    expect(limiter.take("U1")).toBe(20);
    expect(limiter.take("U2")).toBe(0);
    now += 20_000;
    expect(limiter.take("U1")).toBe(0);
  });
});

describe("UpstreamLimiter", () => {
  it("a user flooding requests waits on their own share; another user's call starts at once", async () => {
    const limiter = new UpstreamLimiter(4, 2);
    const releases: (() => void)[] = [];
    const started: string[] = [];
    const call = (user: string) =>
      limiter.run(user, () => {
        started.push(user);
        return new Promise<void>((resolve) => releases.push(resolve));
      });
    const flood = Array.from({ length: 10 }, () => call("flooder"));
    const other = call("other");
    await Promise.resolve();
    expect(started).toEqual(["flooder", "flooder", "other"]);
    releases.shift()!();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(started.filter((user) => user === "flooder")).toHaveLength(3);
    for (const release of releases.splice(0)) release();
    void flood;
    void other;
  });
});
