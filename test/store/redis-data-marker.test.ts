// Redis restarted empty must be said out loud, not discovered when updates stop coming: a real
// redis-server without persistence is restarted under a running replica, and one with an
// append-only file is restarted to show the data (and the marker) survive.
import { describe, expect, it } from "vitest";
import { emptyPostedState, type FollowRecord } from "../../src/core/follow-model.js";
import { createLogger } from "../../src/logging.js";
import { RedisDataMarker } from "../../src/store/redis-data-marker.js";
import { RedisFollowStore } from "../../src/store/redis-follow-store.js";
import { captureLog } from "../support/captured-log.js";
import { useTestRedis } from "../support/redis-fixture.js";

const follow = (id: string, jobInstanceId: number): FollowRecord => ({
  id,
  ref: { bizId: 1, jobInstanceId },
  channelId: "C1",
  startedBy: "U1",
  failuresOnly: false,
  createdAt: 1000,
  deadlineAt: 2000,
  parentTs: null,
  posted: emptyPostedState(),
  endedAt: null,
  endReason: null,
});

describe("Redis without persistence", () => {
  const redis = useTestRedis();

  it("says so at start-up", async () => {
    const log = captureLog();
    expect(await new RedisDataMarker(redis.client, createLogger("info", log.stream)).warnWithoutPersistence()).toBe(true);
    expect(log.entries()).toEqual([expect.objectContaining({ level: 40, msg: expect.stringContaining("a Redis restart forgets every follow") })]);
  });

  it("a replica running when Redis restarts empty says loudly that the follows are gone", async () => {
    await redis.flush();
    const log = captureLog();
    const logger = createLogger("info", log.stream);
    const client = redis.connect();
    const store = new RedisFollowStore(client);
    const marker = new RedisDataMarker(client, logger);
    expect(await marker.check(0)).toEqual({ kind: "first_start" });
    await store.create(follow("f1", 700));
    await store.create(follow("f2", 701));
    expect(await marker.check(2)).toEqual({ kind: "intact" });
    const known = (await store.listActive()).length;
    marker.watchReconnects(() => known);

    await redis.server.restartEmpty();

    const line = await log.waitFor((entry) => entry.level === 50);
    expect(line.msg).toMatch(/^REDIS LOST JOBLOG'S DATA: the marker key joblog:marker disappeared while 2 follows were active\./);
    expect(line.msg).toContain("appendonly yes");
    expect(await store.listActive()).toEqual([]); // what the warning is about
    // Checked again (another reconnection), the new marker stands: said once, not on every check.
    expect(await marker.check(0)).toEqual({ kind: "intact" });
  });

  it("a replica that saw the marker notices it was replaced by another replica after the data was lost", async () => {
    await redis.flush();
    const log = captureLog();
    const first = new RedisDataMarker(redis.client, createLogger("info", log.stream));
    await first.check(0);
    await redis.flush(); // emptied; then another replica starts and writes a new marker
    expect(await new RedisDataMarker(redis.connect(), createLogger("info", log.stream)).check(0)).toEqual({ kind: "first_start" });
    const check = await first.check(0);
    expect(check).toMatchObject({ kind: "lost", warning: expect.stringContaining("disappeared since this replica last saw it") });
  });
});

describe("Redis with an append-only file", () => {
  const redis = useTestRedis({ appendOnly: true });

  it("keeps follows and the marker across a restart, and raises no alarm", async () => {
    const log = captureLog();
    const logger = createLogger("info", log.stream);
    const marker = new RedisDataMarker(redis.client, logger);
    expect(await marker.warnWithoutPersistence()).toBe(false);
    expect(await marker.check(0)).toEqual({ kind: "first_start" });
    await new RedisFollowStore(redis.client).create(follow("f1", 700));

    await redis.server.stop();
    await redis.server.start();

    const client = redis.connect();
    expect((await new RedisFollowStore(client).listActive()).map((f) => f.id)).toEqual(["f1"]);
    expect(await marker.check(1)).toEqual({ kind: "intact" });
    expect(await new RedisDataMarker(client, logger).check(1)).toEqual({ kind: "intact" });
    expect(log.entries().filter((entry) => Number(entry.level) >= 40)).toEqual([]);
  });
});
