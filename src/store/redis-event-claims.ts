// Slack deliveries already taken, in Redis: an event delivered to two replicas (a retry that
// reached another one, or a Socket Mode re-delivery) is answered by whichever claims it first.
// One SET NX with an expiry: atomic, and nothing to clean up.
import type { Redis } from "ioredis";
import { redisKeys, type RedisKeys } from "./redis-keys.js";
import type { EventClaims } from "../ports/shared-state.js";

export class RedisEventClaims implements EventClaims {
  private readonly keys: RedisKeys;

  constructor(
    private readonly client: Redis,
    options: { keys?: RedisKeys } = {},
  ) {
    this.keys = options.keys ?? redisKeys();
  }

  async claimOnce(key: string, ttlMs: number): Promise<boolean> {
    return (await this.client.set(this.keys.claim(key), "1", "PX", Math.max(1, Math.ceil(ttlMs)), "NX")) === "OK";
  }
}
