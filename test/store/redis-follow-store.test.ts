import { describe, expect, it } from "vitest";
import { emptyPostedState, type FollowRecord } from "../../src/core/follow-model.js";
import { RedisFollowStore } from "../../src/store/redis-follow-store.js";
import { redisKeys } from "../../src/store/redis-keys.js";
import { useTestRedis } from "../support/redis-fixture.js";
import { followStoreContract } from "./follow-store.contract.js";

const redis = useTestRedis();

followStoreContract("Redis", {
  open: async () => {
    await redis.flush();
    return new RedisFollowStore(redis.client);
  },
  // Another replica, on its own connection, reading what this one wrote.
  reopen: async () => new RedisFollowStore(redis.connect()),
});

const follow = (overrides: Partial<FollowRecord> = {}): FollowRecord => ({
  id: "f1",
  ref: { bizId: 1, jobInstanceId: 700 },
  channelId: "C1",
  startedBy: "U1",
  failuresOnly: false,
  createdAt: 1000,
  deadlineAt: 2000,
  parentTs: null,
  posted: emptyPostedState(),
  endedAt: null,
  endReason: null,
  ...overrides,
});

describe("Redis follow store keys", () => {
  it("keeps everything under its prefix, and forgets an ended follow after the retention period", async () => {
    await redis.flush();
    const { client } = redis;
    const store = new RedisFollowStore(client, { keys: redisKeys("team-a:"), endedRetentionMs: 60_000 });
    await store.create(follow());
    await store.addOutbox({ followId: "f1", key: "parent", kind: "parent", payload: { text: "t", blocks: [] }, stateAfter: emptyPostedState(), createdAt: 1, postedTs: null });
    expect((await client.keys("*")).every((key) => key.startsWith("team-a:"))).toBe(true);
    expect(await client.pttl("team-a:follow:f1")).toBe(-1); // an active follow never expires
    await store.end("f1", "job_ended", 5000);
    const ttl = await client.pttl("team-a:follow:f1");
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60_000);
    expect(await client.pttl("team-a:outbox:f1")).toBeGreaterThan(0);
  });

  it("keeps a posted entry's key but not its payload", async () => {
    await redis.flush();
    const store = new RedisFollowStore(redis.client);
    await store.create(follow());
    const payload = { text: "x".repeat(2000), blocks: [] };
    await store.addOutbox({ followId: "f1", key: "step:1:finished", kind: "reply", payload, stateAfter: emptyPostedState(), createdAt: 1, postedTs: null });
    await store.markPosted("f1", "step:1:finished", "1.1", emptyPostedState());
    expect(await redis.client.hget("joblog:outbox:f1", "step:1:finished")).toBe(JSON.stringify({ postedTs: "1.1" }));
  });

  it("leaves no pending list behind once every entry is posted or dropped", async () => {
    await redis.flush();
    const store = new RedisFollowStore(redis.client);
    await store.create(follow());
    const base = { followId: "f1", kind: "reply" as const, payload: { text: "t", blocks: [] }, stateAfter: emptyPostedState(), createdAt: 1, postedTs: null };
    await store.addOutbox({ ...base, key: "a" });
    await store.addOutbox({ ...base, key: "b" });
    await store.markPosted("f1", "a", "1.1", emptyPostedState());
    await store.dropOutbox("f1", "b");
    expect(await redis.client.exists("joblog:outbox:f1:pending")).toBe(0);
    expect(await store.addOutbox({ ...base, key: "b" })).toBe(true); // a dropped key may be recorded again
  });

  it("reads back a follow stored already ended, with its parent, and never lists it as active", async () => {
    await redis.flush();
    const store = new RedisFollowStore(redis.client);
    const ended = follow({ parentTs: "1.0", endedAt: 3000, endReason: "max_duration" });
    expect(await store.create(ended)).toBe(true);
    expect(await store.get("f1")).toEqual(ended);
    expect(await store.listActive()).toEqual([]);
    expect(await store.findActive(ended.ref, "C1")).toBeNull();
    expect(await store.create(follow({ id: "f2" }))).toBe(true);
  });
});
