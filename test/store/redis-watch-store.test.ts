import { describe, expect, it } from "vitest";
import type { WatchRecord } from "../../src/core/watch-model.js";
import { redisKeys } from "../../src/store/redis-keys.js";
import { DEFAULT_DELIVERY_RETENTION_MS, RedisWatchStore } from "../../src/store/redis-watch-store.js";
import { DEFAULT_WATCH_POLLING } from "../../src/watch/watch-poller.js";
import { useTestRedis } from "../support/redis-fixture.js";
import { watchStoreContract } from "./watch-store.contract.js";

const redis = useTestRedis();

watchStoreContract("Redis", {
  open: async () => {
    await redis.flush();
    return new RedisWatchStore(redis.client);
  },
  // Another replica, on its own connection, reading what this one wrote.
  reopen: async () => new RedisWatchStore(redis.connect()),
});

const watch = (overrides: Partial<WatchRecord> = {}): WatchRecord => ({
  id: "w1", team: "T1", bizId: 1, name: "deploy", all: false, channelId: "C1", createdBy: "U1", createdAt: 1000, endedAt: null, ...overrides,
});

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe("Redis watch store", () => {
  it("keeps everything under its prefix", async () => {
    await redis.flush();
    const { client } = redis;
    const store = new RedisWatchStore(client, { keys: redisKeys("team-a:") });
    await store.create(watch());
    await store.create(watch({ id: "w2", name: null, channelId: "C2" }));
    await store.claimDelivery("w1", 42, 10);
    await store.markDelivered("w1", 43, "1.0");
    await store.end("w2", 2000);
    const keys = await client.keys("*");
    expect(keys.length).toBeGreaterThanOrEqual(6);
    expect(keys.filter((key) => !key.startsWith("team-a:"))).toEqual([]);
    // Another prefix is another joblog: it sees none of these watches.
    expect(await new RedisWatchStore(client, { keys: redisKeys("team-b:") }).listActive()).toEqual([]);
  });

  it("two replicas creating the same channel's watch of a business and name at once: exactly one is created", async () => {
    await redis.flush();
    const replicas = [new RedisWatchStore(redis.connect()), new RedisWatchStore(redis.connect())];
    for (let round = 0; round < 20; round += 1) {
      const name = `deploy-${round}`;
      const results = await Promise.all(replicas.map((store, index) => store.create(watch({ id: `w${round}-${index}`, name }))));
      expect(results.filter(Boolean), `round ${round}`).toHaveLength(1);
    }
    const active = await replicas[0]!.listActive();
    expect(active).toHaveLength(20);
    expect(new Set(active.map((w) => w.name)).size).toBe(20);
  });

  it("two replicas claiming the same run at once: exactly one sees new", async () => {
    await redis.flush();
    const replicas = [new RedisWatchStore(redis.connect()), new RedisWatchStore(redis.connect())];
    for (let run = 1; run <= 20; run += 1) {
      const states = await Promise.all(replicas.map((store) => store.claimDelivery("w1", run, 10)));
      expect(states.sort(), `run ${run}`).toEqual(["new", "pending"]);
    }
  });

  it("forgets an ended watch after the retention period; an active one never expires", async () => {
    await redis.flush();
    const { client } = redis;
    const store = new RedisWatchStore(client, { endedRetentionMs: 60_000 });
    await store.create(watch());
    await store.create(watch({ id: "w2", channelId: "C2" }));
    expect(await client.pttl("joblog:watch:w1")).toBe(-1);
    expect(await store.end("w1", 5000)).toBe(true);
    const ttl = await client.pttl("joblog:watch:w1");
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60_000);
    expect(await client.pttl("joblog:watch:w2")).toBe(-1);
    // Really gone once the period is over: a short one, watched until Redis drops the key.
    const brief = new RedisWatchStore(client, { endedRetentionMs: 30 });
    await brief.end("w2", 6000);
    await until("the ended watch to expire", async () => (await brief.get("w2")) === null);
    expect(await brief.findActive("C2", 1, "deploy")).toBeNull();
    expect(await brief.create(watch({ id: "w3", channelId: "C2" }))).toBe(true);
  });

  it("keeps each run's claim for a bounded time, longer than any poll looks back", async () => {
    await redis.flush();
    const { client } = redis;
    const store = new RedisWatchStore(client);
    await store.claimDelivery("w1", 42, 10);
    await store.markDelivered("w1", 43, "1.0");
    for (const key of ["joblog:watch:w1:run:42", "joblog:watch:w1:run:43"]) {
      const ttl = await client.pttl(key);
      expect(ttl, key).toBeGreaterThan(DEFAULT_WATCH_POLLING.lookbackMs);
      expect(ttl, key).toBeLessThanOrEqual(DEFAULT_DELIVERY_RETENTION_MS);
    }
    // Past the retention a claim is forgotten: only a run no poll lists any more gets there.
    const brief = new RedisWatchStore(client, { deliveryRetentionMs: 30 });
    expect(await brief.claimDelivery("w1", 44, 10)).toBe("new");
    await until("the claim to expire", async () => (await client.exists("joblog:watch:w1:run:44")) === 0);
    expect(await brief.claimDelivery("w1", 44, 20)).toBe("new");
  });

  it("a channel's place held by a watch deleted by hand does not stop the channel watching again", async () => {
    await redis.flush();
    const store = new RedisWatchStore(redis.client);
    await store.create(watch());
    await redis.client.del("joblog:watch:w1");
    expect(await store.findActive("C1", 1, "deploy")).toBeNull();
    expect(await store.create(watch({ id: "w2" }))).toBe(true);
    expect((await store.findActive("C1", 1, "deploy"))?.id).toBe("w2");
    expect(await store.listActive()).toEqual([watch({ id: "w2" })]);
  });
});
