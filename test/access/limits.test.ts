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

  it("lets the calls of a request started earlier go before those of later requests", async () => {
    const limiter = new UpstreamLimiter(1, 10);
    const order: string[] = [];
    let release: () => void = () => {};
    const busy = limiter.run("u0", () => new Promise<void>((resolve) => (release = resolve)));
    const first = limiter.gateFor("u1");
    const second = limiter.gateFor("u2");
    const third = limiter.gateFor("u3");
    const call = (gate: ReturnType<typeof limiter.gateFor>, name: string) => gate.run(async () => void order.push(name));
    // Later requests' first calls are queued before the first request's second call...
    const queued = [call(second, "second: status"), call(third, "third: status"), call(first, "first: status")];
    await Promise.resolve();
    queued.push(call(first, "first: log"));
    release();
    await Promise.all([busy, ...queued]);
    // ...yet the first request's calls go first, in the order it made them.
    expect(order).toEqual(["first: status", "first: log", "second: status", "third: status"]);
  });

  it("still keeps an old request to its user's share", async () => {
    const limiter = new UpstreamLimiter(2, 1);
    const old = limiter.gateFor("flooder");
    const newer = limiter.gateFor("other");
    const started: string[] = [];
    const releases: (() => void)[] = [];
    const call = (gate: ReturnType<typeof limiter.gateFor>, name: string) =>
      gate.run(() => {
        started.push(name);
        return new Promise<void>((resolve) => releases.push(resolve));
      });
    const calls = [call(old, "old 1"), call(old, "old 2"), call(newer, "newer")];
    await Promise.resolve();
    expect(started).toEqual(["old 1", "newer"]);
    releases.shift()!();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(started).toEqual(["old 1", "newer", "old 2"]);
    for (const release of releases.splice(0)) release();
    await Promise.all(calls);
  });

  it("permission proofs have their own cap beside the expensive calls, still within each user's share", async () => {
    const limiter = new UpstreamLimiter(1, 2, 3);
    const started: string[] = [];
    const releases: (() => void)[] = [];
    const call = (user: string, kind: "fetch" | "proof", name: string) =>
      limiter.gateFor(user, kind).run(() => {
        started.push(name);
        return new Promise<void>((resolve) => releases.push(resolve));
      });
    const calls = [
      call("a", "fetch", "a fetch"),
      call("b", "fetch", "b fetch"),
      call("b", "proof", "b proof"),
      call("c", "proof", "c proof"),
      call("a", "proof", "a proof"),
      call("a", "proof", "a second proof"),
      call("d", "proof", "d proof"),
    ];
    await Promise.resolve();
    // One fetch at a time; proofs go beside it up to their own cap of 3; "a" stops at its share of 2.
    expect(started).toEqual(["a fetch", "b proof", "c proof", "a proof"]);
    releases.shift()!();
    await new Promise((resolve) => setTimeout(resolve, 0));
    // The freed fetch slot goes to b's fetch; a's freed share lets no proof past the proof cap.
    expect(started).toEqual(["a fetch", "b proof", "c proof", "a proof", "b fetch"]);
    for (const release of releases.splice(0)) release();
    await new Promise((resolve) => setTimeout(resolve, 0));
    for (const release of releases.splice(0)) release();
    await Promise.all(calls);
    expect(started).toHaveLength(7);
  });
});
