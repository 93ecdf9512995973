// Slack deliveries already taken, in Redis: an event delivered to two replicas (a retry that
// reached another one, or a Socket Mode re-delivery) is answered by whichever claims it first.
// One SET NX with an expiry: atomic, and nothing to clean up.
import type { Redis } from "ioredis";
import { isRedisReady } from "./redis-connection.js";
import { redisKeys, type RedisKeys } from "./redis-keys.js";
import type { EventClaims } from "../ports/shared-state.js";

export class RedisEventClaims implements EventClaims {
  private readonly keys: RedisKeys;

  constructor(
    private readonly client: Redis,
    /**
     * `fallback`: this replica's own claims, used while Redis is unavailable, so a delivery is
     * still answered (at worst once per replica) and never waits on a Redis that is not there.
     */
    private readonly options: { keys?: RedisKeys; fallback?: EventClaims } = {},
  ) {
    this.keys = options.keys ?? redisKeys();
  }

  async claimOnce(key: string, ttlMs: number): Promise<boolean> {
    const { fallback } = this.options;
    if (fallback && !isRedisReady(this.client)) return fallback.claimOnce(key, ttlMs);
    try {
      return (await this.client.set(this.keys.claim(key), "1", "PX", Math.max(1, Math.ceil(ttlMs)), "NX")) === "OK";
    } catch (error) {
      if (!fallback) throw error;
      return fallback.claimOnce(key, ttlMs);
    }
  }
}
