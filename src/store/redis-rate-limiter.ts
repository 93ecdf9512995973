// Per-user and per-channel request limits shared by every replica: the token bucket of
// src/access/rate-limiter.ts, kept in Redis and updated in one Lua script, so a flood spread
// over several replicas is limited as one. Time is Redis's own (TIME), so replicas whose clocks
// disagree still refill a bucket alike; tests may pass a clock instead.
import type { Redis } from "ioredis";
import type { Clock } from "../ports/clock.js";
import { isRedisReady } from "./redis-connection.js";
import { redisKeys, type RedisKeys } from "./redis-keys.js";
import { RedisScript } from "./redis-script.js";
import type { RateLimitBuckets } from "../ports/shared-state.js";

// KEYS[1] bucket; ARGV: per minute, now in ms ('' = Redis TIME), 'take' or 'refund'.
// Same arithmetic as RateLimiter; a bucket left alone expires once it would be full again.
const BUCKET = new RedisScript(`
local capacity = tonumber(ARGV[1])
local now
if ARGV[2] == '' then
  local time = redis.call('TIME')
  now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
else
  now = tonumber(ARGV[2])
end
local stored = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(stored[1])
if ARGV[3] == 'refund' then
  if tokens then redis.call('HSET', KEYS[1], 'tokens', tostring(math.min(capacity, tokens + 1))) end
  return 0
end
local at = tonumber(stored[2]) or now
if not tokens then tokens = capacity end
tokens = math.min(capacity, tokens + math.max(0, now - at) * capacity / 60000)
local wait = 0
if tokens >= 1 then
  tokens = tokens - 1
else
  wait = math.max(1, math.ceil((1 - tokens) * 60000 / capacity / 1000))
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', now)
redis.call('PEXPIRE', KEYS[1], math.ceil((capacity - tokens) * 60000 / capacity) + 1000)
return wait
`);

export interface RedisRateLimiterOptions {
  /** Requests a minute, in bursts of up to that many. */
  perMinute: number;
  /** Which buckets: "user" or "channel" (keys of one scope never meet another's). */
  scope: string;
  keys?: RedisKeys;
  /** Replaces Redis's clock (tests). */
  clock?: Clock;
  /**
   * Answers while Redis is unavailable (this replica's own buckets), so requests are still
   * limited, per replica, and never wait on a Redis that is not there. Without it, errors throw.
   */
  fallback?: RateLimitBuckets;
}

export class RedisRateLimiter implements RateLimitBuckets {
  private readonly keys: RedisKeys;

  constructor(
    private readonly client: Redis,
    private readonly options: RedisRateLimiterOptions,
  ) {
    if (!(options.perMinute > 0)) throw new Error(`a rate limit allows at least one request a minute (got ${options.perMinute})`);
    this.keys = options.keys ?? redisKeys();
  }

  async take(key: string): Promise<number> {
    const { fallback } = this.options;
    if (fallback && !isRedisReady(this.client)) return fallback.take(key);
    try {
      return Number(await this.run(key, "take"));
    } catch (error) {
      if (!fallback) throw error;
      return fallback.take(key);
    }
  }

  async refund(key: string): Promise<void> {
    const { fallback } = this.options;
    if (fallback && !isRedisReady(this.client)) return fallback.refund(key);
    try {
      await this.run(key, "refund");
    } catch (error) {
      if (!fallback) throw error;
      await fallback.refund(key);
    }
  }

  private run(key: string, operation: "take" | "refund"): Promise<unknown> {
    const now = this.options.clock ? String(this.options.clock.now()) : "";
    return BUCKET.run(this.client, [this.keys.rateBucket(this.options.scope, key)], [this.options.perMinute, now, operation]);
  }
}
