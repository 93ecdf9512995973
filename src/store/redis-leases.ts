// Job leases in Redis with fencing tokens: one replica polls a job at a time. The lease is a key
// "token:owner" set only if absent and expiring by itself (PX), so a replica that dies loses
// its leases; the token comes from a counter that is never reset, so each acquisition gets a
// larger one. Every outbox write is checked against the current token in the same Lua script
// (`fencedLua`), so a replica paused past its lease cannot record a post after a takeover.
// See https://martin.kleppmann.com/2016/02/08/how-to-do-distributed-locking.html (fencing).
import type { Redis } from "ioredis";
import { redisKeys, type RedisKeys } from "./redis-keys.js";
import { RedisScript } from "./redis-script.js";
import type { JobLeases, Lease } from "../ports/shared-state.js";

const ACQUIRE = new RedisScript(`
local current = redis.call('GET', KEYS[1])
if current then
  local token, owner = string.match(current, '^(%d+):(.*)$')
  if owner ~= ARGV[1] then return false end
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return tonumber(token)
end
local token = redis.call('INCR', KEYS[2])
redis.call('SET', KEYS[1], token .. ':' .. ARGV[1], 'PX', ARGV[2])
return token
`);

const RENEW = new RedisScript(`
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1
`);

const RELEASE = new RedisScript(`
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('DEL', KEYS[1])
return 1
`);

/** The error reply a fenced script gives when the token is not the lease's current one. */
const LEASE_LOST_REPLY = "JOBLOG_LEASE_LOST";

const FENCE_CHECK = `
local lease = redis.call('GET', KEYS[#KEYS])
if not lease or string.match(lease, '^(%d+):') ~= ARGV[#ARGV] then
  return redis.error_reply('${LEASE_LOST_REPLY} the lease token is not the current one')
end
`;

/**
 * `body` run only while the lease still carries the token: the caller passes the lease key as
 * the last key and the token as the last argument. Refused writes fail with a reply that
 * `isLeaseLostReply` recognises.
 */
export const fencedLua = (body: string): string => `${FENCE_CHECK}\n${body}`;

export const isLeaseLostReply = (error: unknown): boolean => error instanceof Error && error.message.startsWith(LEASE_LOST_REPLY);

const CHECK = new RedisScript(fencedLua("return 1"));

export class RedisJobLeases implements JobLeases {
  private readonly keys: RedisKeys;

  constructor(
    private readonly client: Redis,
    options: { keys?: RedisKeys } = {},
  ) {
    this.keys = options.keys ?? redisKeys();
  }

  async acquire(jobKey: string, owner: string, ttlMs: number): Promise<Lease | null> {
    if (owner.includes("\n")) throw new Error("a lease owner is one line of text");
    const token = await ACQUIRE.run(this.client, [this.keys.lease(jobKey), this.keys.leaseToken(jobKey)], [owner, ttlInt(ttlMs)]);
    return typeof token === "number" ? { jobKey, owner, token } : null;
  }

  async renew(lease: Lease, ttlMs: number): Promise<boolean> {
    return (await RENEW.run(this.client, [this.keys.lease(lease.jobKey)], [holder(lease), ttlInt(ttlMs)])) === 1;
  }

  async release(lease: Lease): Promise<boolean> {
    return (await RELEASE.run(this.client, [this.keys.lease(lease.jobKey)], [holder(lease)])) === 1;
  }

  async checkFence(jobKey: string, token: number): Promise<boolean> {
    try {
      return (await CHECK.run(this.client, [this.keys.lease(jobKey)], [String(token)])) === 1;
    } catch (error) {
      if (isLeaseLostReply(error)) return false;
      throw error;
    }
  }
}

const holder = (lease: Lease): string => `${lease.token}:${lease.owner}`;

function ttlInt(ttlMs: number): number {
  if (!Number.isFinite(ttlMs) || ttlMs < 1) throw new Error(`a lease lasts at least 1 ms (got ${ttlMs})`);
  return Math.ceil(ttlMs);
}
