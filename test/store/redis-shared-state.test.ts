// What a replica opens at start with JOBLOG_STORE=redis, on a real redis-server: a Redis it
// cannot reach stops the start with REDIS_URL named and no password shown; /readyz's "redis"
// check follows the connection; requests keep their limits and claims while Redis is away.
import { describe, expect, it } from "vitest";
import { createLogger } from "../../src/logging.js";
import { MemoryRateLimitBuckets } from "../../src/access/rate-limiter.js";
import { MemoryEventClaims } from "../../src/store/memory-event-claims.js";
import { openRedisSharedState, RedisStartError } from "../../src/store/redis-shared-state.js";
import { captureLog } from "../support/captured-log.js";
import { startRedisServer } from "../support/redis-server.js";
import { FakeTime } from "../support/fake-time.js";

describe("openRedisSharedState", () => {
  it("refuses to start when Redis does not answer, naming REDIS_URL and masking the password", async () => {
    const server = await startRedisServer();
    const url = `redis://:hunter2@127.0.0.1:${server.port}`;
    await server.close(); // nothing listens there now
    const log = captureLog();
    const opening = openRedisSharedState({ url, logger: createLogger("info", log.stream), connectTimeoutMs: 1_500 });
    await expect(opening).rejects.toBeInstanceOf(RedisStartError);
    await expect(opening).rejects.toThrow(/^cannot reach Redis at redis:\/\/:\*\*\*@127\.0\.0\.1:\d+\/0 \(REDIS_URL\)/);
    await opening.catch(() => undefined);
    expect(log.lines.join("\n")).not.toContain("hunter2");
  });

  it("says not ready while Redis is away, and keeps limiting and claiming in this replica meanwhile", async () => {
    const server = await startRedisServer({ password: "s3cret" });
    const log = captureLog();
    const shared = await openRedisSharedState({ url: server.url, logger: createLogger("info", log.stream) });
    try {
      expect(shared.readiness.name).toBe("redis");
      expect(await shared.readiness.check()).toEqual({ ok: true });
      const time = new FakeTime();
      const buckets = shared.rateLimits("user", 2, new MemoryRateLimitBuckets(2, time));
      const claims = shared.eventClaims(new MemoryEventClaims(time));
      expect([await buckets.take("U1"), await buckets.take("U1")]).toEqual([0, 0]);
      expect(await buckets.take("U1")).toBeGreaterThan(0); // shared bucket: empty

      await server.stop();
      await log.waitFor((line) => line["msg"] === "Redis is unavailable: follows pause until it answers again");
      expect(await shared.readiness.check()).toMatchObject({ ok: false, detail: expect.stringMatching(/^not connected/) });
      // This replica's own bucket and claims answer at once instead.
      expect([await buckets.take("U1"), await buckets.take("U1"), (await buckets.take("U1")) > 0]).toEqual([0, 0, true]);
      expect([await claims.claimOnce("event:Ev1", 60_000), await claims.claimOnce("event:Ev1", 60_000)]).toEqual([true, false]);

      await server.start();
      await log.waitFor((line) => line["msg"] === "Redis is reachable again", 10_000);
      expect(await shared.readiness.check()).toEqual({ ok: true });
      expect(log.lines.join("\n")).not.toContain("s3cret");
    } finally {
      await shared.close();
      await server.close();
    }
  }, 30_000);
});
