// Taking a job over on a real Redis: a sweep reads the active follows, then asks for the leases of
// the jobs nobody holds. Between the two, the job's holder may have ended its follows and let the
// lease go (the job finished): the sweep must not then take the lease and poll a job nobody
// follows any more, a second poller right after the first (issue 14: one poller per job).
import { describe, expect, it } from "vitest";
import { emptyPostedState, type FollowRecord } from "../../src/core/follow-model.js";
import type { ActiveFollow } from "../../src/follow/active-follow.js";
import { JobLeasing } from "../../src/follow/job-leasing.js";
import type { FollowStore } from "../../src/ports/follow-store.js";
import { RedisFollowStore } from "../../src/store/redis-follow-store.js";
import { RedisJobLeases } from "../../src/store/redis-leases.js";
import { FakeTime } from "../support/fake-time.js";
import { useTestRedis } from "../support/redis-fixture.js";

const redis = useTestRedis();
const silent = { debug() {}, info() {}, warn() {}, error() {} };
const LEASE_MS = 15_000;
const JOB = { bizId: 1, jobInstanceId: 900 };

function followOf(id: string, channelId: string, createdAt: number): FollowRecord {
  return {
    id,
    ref: JOB,
    channelId,
    startedBy: "U1",
    failuresOnly: false,
    createdAt,
    deadlineAt: createdAt + 3_600_000,
    parentTs: `1700000000.00000${id.length}`,
    posted: emptyPostedState(),
    endedAt: null,
    endReason: null,
  };
}

/** The store as replica B reads it: `meanwhile` runs once, after the list was read and before it is used. */
function listedThen(store: RedisFollowStore, meanwhile: () => Promise<void>): FollowStore {
  let ran = false;
  return new Proxy(store, {
    get(target, name, receiver) {
      if (name !== "listActive") return Reflect.get(target, name, receiver) as unknown;
      return async () => {
        const listed = await target.listActive();
        if (!ran) {
          ran = true;
          await meanwhile();
        }
        return listed;
      };
    },
  });
}

function replicaB(store: FollowStore, redisStore: RedisFollowStore, leases: RedisJobLeases, time: FakeTime) {
  const local = new Map<string, ActiveFollow>();
  const adopted: string[] = [];
  const leasing = new JobLeasing({
    leases,
    owner: "replica-b",
    leaseMs: LEASE_MS,
    fencedStore: (lease) => redisStore.fencedBy(lease),
    store,
    clock: time,
    timers: time,
    logger: silent,
    follows: {
      local: () => local,
      starting: () => new Map(),
      adopt(record, held) {
        adopted.push(record.id);
        local.set(record.id, { record, held } as ActiveFollow);
      },
      forget: (id) => void local.delete(id),
      modeChanged() {},
    },
  });
  return { leasing, adopted };
}

describe("taking a job over after reading the follows", () => {
  it("does not take over and poll a job whose holder ended its follows and let it go after the list was read", async () => {
    await redis.flush();
    const time = new FakeTime();
    const store = new RedisFollowStore(redis.client);
    const leases = new RedisJobLeases(redis.client);
    const follows = [followOf("f1", "C1", time.now() - 60_000), followOf("f22", "C2", time.now() - 60_000)];
    for (const follow of follows) expect(await store.create(follow)).toBe(true);
    // Replica A holds the job, sees it finish, ends its follows under its lease and lets the lease go.
    const endOnA = async () => {
      const lease = await leases.acquire("1:900", "replica-a", LEASE_MS);
      if (lease === null) throw new Error("replica A could not take the free lease");
      for (const follow of follows) await store.fencedBy(lease).end(follow.id, "job_ended", time.now());
      expect(await leases.release(lease)).toBe(true);
    };
    const { leasing, adopted } = replicaB(listedThen(store, endOnA), store, leases, time);

    const tookOn = await leasing.start();

    expect(adopted).toEqual([]);
    expect(tookOn).toBe(0);
    expect(leasing.mayAct("1:900")).toBe(false);
    // The lease is free: nobody polls the ended job.
    const other = await leases.acquire("1:900", "replica-c", LEASE_MS);
    expect(other).not.toBeNull();
    await leasing.stop();
  });

  it("takes over, with their current state, the follows still running once it holds the lease", async () => {
    await redis.flush();
    const time = new FakeTime();
    const store = new RedisFollowStore(redis.client);
    const leases = new RedisJobLeases(redis.client);
    const follows = [followOf("f1", "C1", time.now() - 60_000), followOf("f22", "C2", time.now() - 60_000)];
    for (const follow of follows) expect(await store.create(follow)).toBe(true);
    // Meanwhile a person stops one of them on another replica; the other one still runs.
    const stopOne = async () => store.end("f1", "stopped", time.now());
    const { leasing, adopted } = replicaB(listedThen(store, stopOne), store, leases, time);

    expect(await leasing.start()).toBe(1);

    expect(adopted).toEqual(["f22"]);
    expect(leasing.mayAct("1:900")).toBe(true);
    await leasing.stop();
  });
});
