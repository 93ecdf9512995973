// The follow store in Redis, shared by every replica (keys in src/store/redis-keys.ts). Each
// method that changes more than one key is one Lua script, so a replica dying mid-call leaves
// the data as before or after it. A view made with `fencedBy(lease)` checks, inside the same
// script, that the lease still carries its token before any outbox or follow-progress write.
import type { Redis } from "ioredis";
import type { EndReason, FollowRecord, OutboxEntry, PostedState } from "../core/follow-model.js";
import type { JobRef } from "../core/job-ref.js";
import type { FollowStore } from "../ports/follow-store.js";
import { readActive } from "./redis-hashes.js";
import { redisKeys, type RedisKeys } from "./redis-keys.js";
import { fencedLua, isLeaseLostReply } from "./redis-leases.js";
import { RedisScript } from "./redis-script.js";
import { LeaseLostError, type Lease } from "../ports/shared-state.js";

/** Ended follows are kept this long (the SQLite file keeps them for ever; Redis holds memory). */
const DEFAULT_ENDED_RETENTION_MS = 7 * 24 * 3_600_000;

const CREATE = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
if ARGV[4] == '1' then
  if redis.call('HEXISTS', KEYS[2], ARGV[2]) == 1 then return 0 end
  redis.call('HSET', KEYS[2], ARGV[2], ARGV[1])
  redis.call('ZADD', KEYS[3], ARGV[3], ARGV[1])
end
redis.call('HSET', KEYS[1], unpack(ARGV, 5))
return 1`;

const SET_FIELD = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
return 1`;

const END = `
if redis.call('EXISTS', KEYS[1]) == 0 or redis.call('HEXISTS', KEYS[1], 'endedAt') == 1 then return 0 end
redis.call('HSET', KEYS[1], 'endedAt', ARGV[3], 'endReason', ARGV[4])
if redis.call('HGET', KEYS[2], ARGV[2]) == ARGV[1] then redis.call('HDEL', KEYS[2], ARGV[2]) end
redis.call('ZREM', KEYS[3], ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[5])
redis.call('PEXPIRE', KEYS[4], ARGV[5])
redis.call('PEXPIRE', KEYS[5], ARGV[5])
return 1`;

const ADD_OUTBOX = `
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 1 then return 0 end
local sequence = redis.call('INCR', KEYS[3])
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
if ARGV[3] == '1' then redis.call('ZADD', KEYS[2], sequence, ARGV[1]) end
return 1`;

// A posted entry keeps only its ts: its key must stay known, its payload is not needed again.
const MARK_POSTED = `
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 1 then
  redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
  redis.call('ZREM', KEYS[2], ARGV[1])
end
if redis.call('EXISTS', KEYS[3]) == 1 then redis.call('HSET', KEYS[3], 'posted', ARGV[3]) end
return 1`;

const DROP_OUTBOX = `
redis.call('HDEL', KEYS[1], ARGV[1])
redis.call('ZREM', KEYS[2], ARGV[1])
return 1`;

/** Each script plain (for a single replica or a user's own request) and fenced (for a lease holder). */
const script = (lua: string) => ({ plain: new RedisScript(lua), fenced: new RedisScript(fencedLua(lua)) });
const SCRIPTS = {
  create: script(CREATE),
  setField: script(SET_FIELD),
  end: script(END),
  addOutbox: script(ADD_OUTBOX),
  markPosted: script(MARK_POSTED),
  dropOutbox: script(DROP_OUTBOX),
};

type StoredEntry = Pick<OutboxEntry, "kind" | "payload" | "stateAfter" | "createdAt">;

export interface RedisFollowStoreOptions {
  keys?: RedisKeys;
  endedRetentionMs?: number;
}

export class RedisFollowStore implements FollowStore {
  private readonly keys: RedisKeys;
  private readonly endedRetentionMs: number;

  /** The client is the caller's: `close()` leaves it open for the leases and limits sharing it. */
  constructor(
    private readonly client: Redis,
    private readonly options: RedisFollowStoreOptions = {},
    private readonly lease: Pick<Lease, "jobKey" | "token"> | null = null,
  ) {
    this.keys = options.keys ?? redisKeys();
    this.endedRetentionMs = options.endedRetentionMs ?? DEFAULT_ENDED_RETENTION_MS;
  }

  /** The same store, whose outbox and progress writes are refused (LeaseLostError) once `lease` is lost. */
  fencedBy(lease: Pick<Lease, "jobKey" | "token">): RedisFollowStore {
    return new RedisFollowStore(this.client, this.options, lease);
  }

  async create(follow: FollowRecord): Promise<boolean> {
    const { keys } = this;
    const active = follow.endedAt === null ? "1" : "0";
    const fields = Object.entries(toHash(follow)).flat();
    const created = await SCRIPTS.create.plain.run(
      this.client,
      [keys.follow(follow.id), keys.jobFollows(follow.ref), keys.activeFollows],
      [follow.id, follow.channelId, follow.createdAt, active, ...fields],
    );
    return created === 1;
  }

  async get(id: string): Promise<FollowRecord | null> {
    return fromHash(await this.client.hgetall(this.keys.follow(id)));
  }

  async findActive(ref: JobRef, channelId: string): Promise<FollowRecord | null> {
    const id = await this.client.hget(this.keys.jobFollows(ref), channelId);
    const follow = id === null ? null : await this.get(id);
    return follow && follow.endedAt === null ? follow : null;
  }

  async listActive(): Promise<FollowRecord[]> {
    return readActive(this.client, this.keys.activeFollows, (id) => this.keys.follow(id), fromHash);
  }


  async setParent(id: string, ts: string): Promise<void> {
    await this.run("setField", [this.keys.follow(id)], ["parentTs", ts]);
  }

  async setFailuresOnly(id: string, failuresOnly: boolean): Promise<void> {
    // A person's choice, made on any replica: not fenced.
    await SCRIPTS.setField.plain.run(this.client, [this.keys.follow(id)], ["failuresOnly", failuresOnly ? "1" : "0"]);
  }

  async end(id: string, reason: EndReason, at: number): Promise<void> {
    const [bizId, jobInstanceId, channelId] = await this.client.hmget(this.keys.follow(id), "bizId", "jobInstanceId", "channelId");
    if (bizId == null || jobInstanceId == null || channelId == null) return;
    const { keys } = this;
    const ref = { bizId: Number(bizId), jobInstanceId: Number(jobInstanceId) };
    await this.run(
      "end",
      [keys.follow(id), keys.jobFollows(ref), keys.activeFollows, keys.outbox(id), keys.outboxPending(id)],
      [id, channelId, at, reason, this.endedRetentionMs],
    );
  }

  async addOutbox(entry: OutboxEntry): Promise<boolean> {
    const { keys } = this;
    const stored: StoredEntry = { kind: entry.kind, payload: entry.payload, stateAfter: entry.stateAfter, createdAt: entry.createdAt };
    const value = entry.postedTs === null ? stored : { postedTs: entry.postedTs };
    const added = await this.run(
      "addOutbox",
      [keys.outbox(entry.followId), keys.outboxPending(entry.followId), keys.outboxSequence],
      [entry.key, JSON.stringify(value), entry.postedTs === null ? "1" : "0"],
    );
    return added === 1;
  }

  async pendingOutbox(followId: string): Promise<OutboxEntry[]> {
    const replies = await this.client.multi().zrange(this.keys.outboxPending(followId), 0, -1).hgetall(this.keys.outbox(followId)).exec();
    const [[orderError, order], [entriesError, entries]] = replies as [[Error | null, string[]], [Error | null, Record<string, string>]];
    if (orderError) throw orderError;
    if (entriesError) throw entriesError;
    return order.flatMap((key) => {
      const text = entries[key];
      if (text === undefined) return [];
      const stored = JSON.parse(text) as StoredEntry;
      return [{ followId, key, kind: stored.kind, payload: stored.payload, stateAfter: stored.stateAfter, createdAt: stored.createdAt, postedTs: null }];
    });
  }

  async markPosted(followId: string, key: string, ts: string, stateAfter: PostedState): Promise<void> {
    const { keys } = this;
    await this.run(
      "markPosted",
      [keys.outbox(followId), keys.outboxPending(followId), keys.follow(followId)],
      [key, JSON.stringify({ postedTs: ts }), JSON.stringify(stateAfter)],
    );
  }

  async dropOutbox(followId: string, key: string): Promise<void> {
    await this.run("dropOutbox", [this.keys.outbox(followId), this.keys.outboxPending(followId)], [key]);
  }

  async close(): Promise<void> {}

  /** Runs a write script, fenced when this view was made under a lease. */
  private async run(name: keyof typeof SCRIPTS, keys: string[], args: (string | number)[]): Promise<unknown> {
    const { lease } = this;
    if (!lease) return SCRIPTS[name].plain.run(this.client, keys, args);
    try {
      return await SCRIPTS[name].fenced.run(this.client, [...keys, this.keys.lease(lease.jobKey)], [...args, String(lease.token)]);
    } catch (error) {
      if (isLeaseLostReply(error)) throw new LeaseLostError(lease.jobKey, lease.token);
      throw error;
    }
  }
}

/** A follow as hash fields; a null field is left out. */
function toHash(follow: FollowRecord): Record<string, string> {
  const hash: Record<string, string> = {
    id: follow.id,
    bizId: String(follow.ref.bizId),
    jobInstanceId: String(follow.ref.jobInstanceId),
    channelId: follow.channelId,
    startedBy: follow.startedBy,
    failuresOnly: follow.failuresOnly ? "1" : "0",
    createdAt: String(follow.createdAt),
    deadlineAt: String(follow.deadlineAt),
    posted: JSON.stringify(follow.posted),
  };
  if (follow.parentTs !== null) hash.parentTs = follow.parentTs;
  if (follow.endedAt !== null) hash.endedAt = String(follow.endedAt);
  if (follow.endReason !== null) hash.endReason = follow.endReason;
  return hash;
}

function fromHash(hash: Record<string, string>): FollowRecord | null {
  if (hash.id === undefined) return null;
  return {
    id: hash.id,
    ref: { bizId: Number(hash.bizId), jobInstanceId: Number(hash.jobInstanceId) },
    channelId: hash.channelId ?? "",
    startedBy: hash.startedBy ?? "",
    failuresOnly: hash.failuresOnly === "1",
    createdAt: Number(hash.createdAt),
    deadlineAt: Number(hash.deadlineAt),
    parentTs: hash.parentTs ?? null,
    posted: JSON.parse(hash.posted ?? "null") as PostedState,
    endedAt: hash.endedAt === undefined ? null : Number(hash.endedAt),
    endReason: (hash.endReason ?? null) as EndReason | null,
  };
}
