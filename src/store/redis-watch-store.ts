// The watch store in Redis, shared by every replica (keys in src/store/redis-keys.ts), so a watch
// started on one replica is listed, polled and stopped by any other. Creating and ending a watch
// are one Lua script each (the one-active-watch-per-channel, business and name check cannot race
// another replica), and a run's claim is one script too, so two replicas never both see "new".
//
// Delivery records do not pile up over a watch's months: each is one key that expires
// DEFAULT_DELIVERY_RETENTION_MS after it was last written. That cannot post a run twice: a run
// is claimed only once a poll has listed it, so it was created before its claim; a poll lists
// only runs created within its lookback (24 h, src/watch/watch-poller.ts); so when a record
// expires, its run was created longer ago than the retention, which is longer than the lookback,
// and no poll lists it again. An ended watch is kept for DEFAULT_ENDED_RETENTION_MS; its delivery
// records expire on their own, as above.
import type { Redis } from "ioredis";
import type { DeliveryState, WatchRecord } from "../core/watch-model.js";
import type { WatchStore } from "../ports/watch-store.js";
import { readActive } from "./redis-hashes.js";
import { redisKeys, type RedisKeys } from "./redis-keys.js";
import { RedisScript } from "./redis-script.js";

/** Ended watches are kept this long, as ended follows are (Redis holds memory). */
const DEFAULT_ENDED_RETENTION_MS = 7 * 24 * 3_600_000;
/** How long a run's claim is kept after its last write: must stay above the poller's lookback (see above). */
export const DEFAULT_DELIVERY_RETENTION_MS = 7 * 24 * 3_600_000;

// KEYS: watch, channel's watches, active watches. ARGV: id, slot, createdAt, active ('1'/'0'), fields…
// The slot names a watch that still runs, or it is stale (a watch deleted by hand) and is taken over:
// a stale slot must not leave a channel unable to watch that business again. The holder's key is
// built from KEYS[1] (same prefix): fine on the one Redis joblog needs (README: not Redis Cluster).
const CREATE = new RedisScript(`
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
if ARGV[4] == '1' then
  local holder = redis.call('HGET', KEYS[2], ARGV[2])
  if holder then
    local holderKey = string.sub(KEYS[1], 1, #KEYS[1] - #ARGV[1]) .. holder
    if redis.call('EXISTS', holderKey) == 1 and redis.call('HEXISTS', holderKey, 'endedAt') == 0 then return 0 end
  end
  redis.call('HSET', KEYS[2], ARGV[2], ARGV[1])
  redis.call('ZADD', KEYS[3], ARGV[3], ARGV[1])
end
redis.call('HSET', KEYS[1], unpack(ARGV, 5))
return 1`);

// KEYS: watch, channel's watches, active watches. ARGV: id, slot, endedAt, retention ms.
const END = new RedisScript(`
if redis.call('EXISTS', KEYS[1]) == 0 or redis.call('HEXISTS', KEYS[1], 'endedAt') == 1 then return 0 end
redis.call('HSET', KEYS[1], 'endedAt', ARGV[3])
if redis.call('HGET', KEYS[2], ARGV[2]) == ARGV[1] then redis.call('HDEL', KEYS[2], ARGV[2]) end
redis.call('ZREM', KEYS[3], ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return 1`);

// KEYS: the run's delivery. ARGV: retention ms. "" is a claim not yet known to be posted.
const CLAIM = new RedisScript(`
if redis.call('SET', KEYS[1], '', 'PX', ARGV[1], 'NX') then return 'new' end
if redis.call('GET', KEYS[1]) == '' then return 'pending' end
return 'posted'`);

export interface RedisWatchStoreOptions {
  keys?: RedisKeys;
  endedRetentionMs?: number;
  deliveryRetentionMs?: number;
}

export class RedisWatchStore implements WatchStore {
  private readonly keys: RedisKeys;
  private readonly endedRetentionMs: number;
  private readonly deliveryRetentionMs: number;

  /** The client is the caller's (shared with the follow store and the leases): `close()` leaves it open. */
  constructor(
    private readonly client: Redis,
    options: RedisWatchStoreOptions = {},
  ) {
    this.keys = options.keys ?? redisKeys();
    this.endedRetentionMs = options.endedRetentionMs ?? DEFAULT_ENDED_RETENTION_MS;
    this.deliveryRetentionMs = options.deliveryRetentionMs ?? DEFAULT_DELIVERY_RETENTION_MS;
  }

  async create(watch: WatchRecord): Promise<boolean> {
    const { keys } = this;
    const fields = Object.entries(toHash(watch)).flat();
    const created = await CREATE.run(
      this.client,
      [keys.watch(watch.id), keys.channelWatches(watch.channelId), keys.activeWatches],
      [watch.id, slotOf(watch.bizId, watch.name), watch.createdAt, watch.endedAt === null ? "1" : "0", ...fields],
    );
    return created === 1;
  }

  async get(id: string): Promise<WatchRecord | null> {
    return fromHash(await this.client.hgetall(this.keys.watch(id)));
  }

  async findActive(channelId: string, bizId: number, name: string | null): Promise<WatchRecord | null> {
    const id = await this.client.hget(this.keys.channelWatches(channelId), slotOf(bizId, name));
    const watch = id === null ? null : await this.get(id);
    return watch && watch.endedAt === null ? watch : null;
  }

  async listActive(): Promise<WatchRecord[]> {
    return readActive(this.client, this.keys.activeWatches, (id) => this.keys.watch(id), fromHash);
  }


  async end(id: string, at: number): Promise<boolean> {
    const { keys } = this;
    const [channelId, bizId, name] = await this.client.hmget(keys.watch(id), "channelId", "bizId", "name");
    if (channelId == null || bizId == null) return false;
    const ended = await END.run(
      this.client,
      [keys.watch(id), keys.channelWatches(channelId), keys.activeWatches],
      [id, slotOf(Number(bizId), name ?? null), at, this.endedRetentionMs],
    );
    return ended === 1;
  }

  /** `at` is not kept: a claim's age is its key's expiry, counted by Redis. */
  async claimDelivery(watchId: string, jobInstanceId: number, _at?: number): Promise<DeliveryState> {
    return (await CLAIM.run(this.client, [this.keys.watchDelivery(watchId, jobInstanceId)], [this.deliveryRetentionMs])) as DeliveryState;
  }

  async markDelivered(watchId: string, jobInstanceId: number, ts: string): Promise<void> {
    await this.client.set(this.keys.watchDelivery(watchId, jobInstanceId), ts, "PX", this.deliveryRetentionMs);
  }

  async close(): Promise<void> {}
}

/** A channel's place for one watch of a business and name (JSON: any name, colons included, stays distinct). */
const slotOf = (bizId: number, name: string | null): string => JSON.stringify([bizId, name]);

/** A watch as hash fields; a null field is left out. */
function toHash(watch: WatchRecord): Record<string, string> {
  const hash: Record<string, string> = {
    id: watch.id,
    bizId: String(watch.bizId),
    all: watch.all ? "1" : "0",
    channelId: watch.channelId,
    createdBy: watch.createdBy,
    createdAt: String(watch.createdAt),
  };
  if (watch.team !== null) hash.team = watch.team;
  if (watch.name !== null) hash.name = watch.name;
  if (watch.endedAt !== null) hash.endedAt = String(watch.endedAt);
  return hash;
}

function fromHash(hash: Record<string, string>): WatchRecord | null {
  if (hash.id === undefined) return null;
  return {
    id: hash.id,
    team: hash.team ?? null,
    bizId: Number(hash.bizId),
    name: hash.name ?? null,
    all: hash.all === "1",
    channelId: hash.channelId ?? "",
    createdBy: hash.createdBy ?? "",
    createdAt: Number(hash.createdAt),
    endedAt: hash.endedAt === undefined ? null : Number(hash.endedAt),
  };
}
