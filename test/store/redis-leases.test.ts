// Job leases with fencing tokens on a real Redis: who may poll a job, and why a replica paused
// past its lease cannot record a post after another took the job over.
import { describe, expect, it, vi } from "vitest";
import { emptyPostedState, type FollowRecord, type OutboxEntry } from "../../src/core/follow-model.js";
import { RedisFollowStore } from "../../src/store/redis-follow-store.js";
import { RedisJobLeases } from "../../src/store/redis-leases.js";
import { LeaseLostError, type JobLeases, type Lease } from "../../src/ports/shared-state.js";
import { useTestRedis } from "../support/redis-fixture.js";

const redis = useTestRedis();
const JOB = "1:700";
const LONG = 60_000;
const SHORT = 150;

/** The moment the other replica gets the lease: it polls as a replica would, until it succeeds. */
async function takeOver(leases: JobLeases, owner: string): Promise<Lease> {
  let lease: Lease | null = null;
  await vi.waitFor(
    async () => {
      lease = await leases.acquire(JOB, owner, LONG);
      expect(lease).not.toBeNull();
    },
    { timeout: 5_000, interval: 20 },
  );
  return lease!;
}

const follow: FollowRecord = {
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
};
const reply = (key: string): OutboxEntry => ({
  followId: "f1",
  key,
  kind: "reply",
  payload: { text: key, blocks: [] },
  stateAfter: { ...emptyPostedState(), finishedSteps: [1] },
  createdAt: 1,
  postedTs: null,
});

describe("Redis job leases", () => {
  it("two replicas contend: one gets the lease, the other nothing, and the holder asking again keeps its token", async () => {
    await redis.flush();
    const a = new RedisJobLeases(redis.client);
    const b = new RedisJobLeases(redis.connect());
    const [first, second] = await Promise.all([a.acquire(JOB, "replica-a", LONG), b.acquire(JOB, "replica-b", LONG)]);
    const winners = [first, second].filter((lease) => lease !== null);
    expect(winners).toHaveLength(1);
    const winner = winners[0]!;
    const again = await (winner.owner === "replica-a" ? a : b).acquire(JOB, winner.owner, LONG);
    expect(again).toEqual(winner);
    expect(await a.acquire("1:701", "replica-a", LONG)).not.toBeNull(); // another job is free
  });

  it("a lease that runs out lets the other replica take over with a larger token; the old holder cannot renew", async () => {
    await redis.flush();
    const leases = new RedisJobLeases(redis.client);
    const old = (await leases.acquire(JOB, "replica-a", SHORT))!;
    expect(await leases.acquire(JOB, "replica-b", LONG)).toBeNull();
    const next = await takeOver(leases, "replica-b");
    expect(next.token).toBeGreaterThan(old.token);
    expect(await leases.renew(old, LONG)).toBe(false);
    expect(await leases.checkFence(JOB, old.token)).toBe(false);
    expect(await leases.checkFence(JOB, next.token)).toBe(true);
  });

  it("only the holder renews: a renewal keeps the lease past its first period", async () => {
    await redis.flush();
    const leases = new RedisJobLeases(redis.client);
    const held = (await leases.acquire(JOB, "replica-a", 2_000))!;
    expect(await leases.renew({ ...held, owner: "replica-b" }, LONG)).toBe(false);
    expect(await leases.renew({ ...held, token: held.token + 1 }, LONG)).toBe(false);
    expect(await redis.client.pttl(`joblog:lease:${JOB}`)).toBeLessThanOrEqual(2_000);
    expect(await leases.renew(held, LONG)).toBe(true);
    expect(await redis.client.pttl(`joblog:lease:${JOB}`)).toBeGreaterThan(2_000);
  });

  it("release lets another replica in at once; a release by anyone else changes nothing", async () => {
    await redis.flush();
    const leases = new RedisJobLeases(redis.client);
    const held = (await leases.acquire(JOB, "replica-a", LONG))!;
    expect(await leases.release({ ...held, owner: "replica-b" })).toBe(false);
    expect(await leases.acquire(JOB, "replica-b", LONG)).toBeNull();
    expect(await leases.release(held)).toBe(true);
    const next = await leases.acquire(JOB, "replica-b", LONG);
    expect(next?.token).toBeGreaterThan(held.token);
    expect(await leases.release(held)).toBe(false); // released already, and held by b now
    expect(await leases.checkFence(JOB, next!.token)).toBe(true);
  });

  it("a replica paused past its lease has its outbox writes refused after the takeover", async () => {
    await redis.flush();
    const leases = new RedisJobLeases(redis.client);
    const store = new RedisFollowStore(redis.client);
    await store.create(follow);
    const stale = (await leases.acquire(JOB, "replica-a", SHORT))!;
    const staleStore = store.fencedBy(stale);
    expect(await staleStore.addOutbox(reply("step:1:finished"))).toBe(true); // while it holds the lease

    // replica-a is paused (no renewal) past its lease; replica-b takes the job over.
    const current = await takeOver(leases, "replica-b");
    const currentStore = new RedisFollowStore(redis.connect()).fencedBy(current);

    await expect(staleStore.addOutbox(reply("step:2:failed"))).rejects.toBeInstanceOf(LeaseLostError);
    await expect(staleStore.markPosted("f1", "step:1:finished", "9.9", reply("x").stateAfter)).rejects.toThrow(/no longer held/);
    await expect(staleStore.setParent("f1", "9.9")).rejects.toBeInstanceOf(LeaseLostError);
    await expect(staleStore.end("f1", "upstream_outage", 5000)).rejects.toBeInstanceOf(LeaseLostError);
    expect((await store.pendingOutbox("f1")).map((entry) => entry.key)).toEqual(["step:1:finished"]);
    expect(await store.get("f1")).toEqual(follow);

    // The new holder catches up from the store, as the restart path does.
    expect(await currentStore.addOutbox(reply("step:2:failed"))).toBe(true);
    await currentStore.markPosted("f1", "step:1:finished", "1.1", reply("x").stateAfter);
    expect((await store.pendingOutbox("f1")).map((entry) => entry.key)).toEqual(["step:2:failed"]);
    expect((await store.get("f1"))?.posted).toEqual(reply("x").stateAfter);
  });

  it("a write under a released lease is refused too", async () => {
    await redis.flush();
    const leases = new RedisJobLeases(redis.client);
    const store = new RedisFollowStore(redis.client);
    await store.create(follow);
    const held = (await leases.acquire(JOB, "replica-a", LONG))!;
    await leases.release(held);
    await expect(store.fencedBy(held).addOutbox(reply("step:1:finished"))).rejects.toBeInstanceOf(LeaseLostError);
    expect(await store.pendingOutbox("f1")).toEqual([]);
  });
});
