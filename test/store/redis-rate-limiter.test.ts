// The shared rate-limit buckets on a real Redis: the same answers as the in-process RateLimiter,
// and one limit however many replicas the requests are spread over.
import { describe, expect, it } from "vitest";
import { RateLimiter } from "../../src/access/rate-limiter.js";
import { RedisRateLimiter } from "../../src/store/redis-rate-limiter.js";
import type { RateLimitBuckets } from "../../src/ports/shared-state.js";
import { FakeTime } from "../support/fake-time.js";
import { useTestRedis } from "../support/redis-fixture.js";

const redis = useTestRedis();

/** Each step: what to do, and the answer expected (seconds to wait; 0 = allowed). */
const SCRIPT: [string, { take?: string; refund?: string; advanceMs?: number }, number | null][] = [
  ["burst 1", { take: "U1" }, 0],
  ["burst 2", { take: "U1" }, 0],
  ["burst 3", { take: "U1" }, 0],
  ["over the burst: wait for one token at 3 a minute", { take: "U1" }, 20],
  ["another key has its own bucket", { take: "U2" }, 0],
  ["a refund gives the token back", { refund: "U1" }, null],
  ["the refunded token", { take: "U1" }, 0],
  ["empty again", { take: "U1" }, 20],
  ["20 s refill one token", { advanceMs: 20_000, take: "U1" }, 0],
  ["half a token after 10 s: 10 s more", { advanceMs: 10_000, take: "U1" }, 10],
  ["a third key", { take: "U3" }, 0],
  ["refunded once", { refund: "U3" }, null],
  ["refunded twice: the bucket holds no more than its burst", { refund: "U3" }, null],
  ["burst 1 of 3", { take: "U3" }, 0],
  ["burst 2 of 3", { take: "U3" }, 0],
  ["burst 3 of 3", { take: "U3" }, 0],
  ["not a fourth", { take: "U3" }, 20],
];

async function play(buckets: RateLimitBuckets, time: FakeTime): Promise<(number | null)[]> {
  const answers: (number | null)[] = [];
  for (const [, step] of SCRIPT) {
    if (step.advanceMs) time.advance(step.advanceMs);
    if (step.refund) await buckets.refund(step.refund);
    answers.push(step.take ? await buckets.take(step.take) : null);
  }
  return answers;
}

describe("Redis rate limiter", () => {
  it("answers as the in-process RateLimiter does, step by step", async () => {
    await redis.flush();
    const memoryTime = new FakeTime();
    const memory = new RateLimiter(3, memoryTime);
    const inProcess: RateLimitBuckets = { take: async (key) => memory.take(key), refund: async (key) => memory.refund(key) };
    const redisTime = new FakeTime();
    const shared = new RedisRateLimiter(redis.client, { perMinute: 3, scope: "user", clock: redisTime });
    const expected = SCRIPT.map(([, , answer]) => answer);
    expect(await play(inProcess, memoryTime)).toEqual(expected);
    expect(await play(shared, redisTime)).toEqual(expected);
  });

  it("limits one person's flood spread over three replicas as one", async () => {
    await redis.flush();
    const time = new FakeTime();
    const replicas = [redis.client, redis.connect(), redis.connect()].map(
      (client) => new RedisRateLimiter(client, { perMinute: 5, scope: "user", clock: time }),
    );
    const flood = Array.from({ length: 30 }, (_, i) => replicas[i % 3]!.take("U1"));
    const answers = await Promise.all(flood);
    expect(answers.filter((wait) => wait === 0)).toHaveLength(5);
    expect(answers.filter((wait) => wait === 12)).toHaveLength(25); // 5 a minute: one token per 12 s
    expect(await replicas[1]!.take("U2")).toBe(0); // someone else is not held back
    expect(await new RedisRateLimiter(redis.client, { perMinute: 5, scope: "channel", clock: time }).take("U1")).toBe(0);
  });

  it("uses Redis's clock when none is passed, and forgets a bucket once it would be full again", async () => {
    await redis.flush();
    const limiter = new RedisRateLimiter(redis.client, { perMinute: 2, scope: "user" });
    expect([await limiter.take("U1"), await limiter.take("U1")]).toEqual([0, 0]);
    const wait = await limiter.take("U1");
    expect(wait).toBeGreaterThanOrEqual(1);
    expect(wait).toBeLessThanOrEqual(30);
    const ttl = await redis.client.pttl("joblog:rate:user:U1");
    expect(ttl).toBeGreaterThan(30_000);
    expect(ttl).toBeLessThanOrEqual(61_000);
    // The bucket emptied 30 s ago by Redis's clock: one token (at 2 a minute) is back.
    const [seconds] = await redis.client.time();
    await redis.client.hset("joblog:rate:user:U1", "tokens", "0", "at", String(Number(seconds) * 1000 - 30_000));
    expect(await limiter.take("U1")).toBe(0);
    expect(await limiter.take("U1")).toBeGreaterThanOrEqual(1);
  });
});
