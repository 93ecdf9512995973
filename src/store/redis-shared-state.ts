// Everything joblog's replicas share in Redis, over one connection (README "Running several
// replicas"): the follow store with its outbox, the watch store, the per-job poll leases, the
// request rate-limit buckets and the claims on Slack deliveries. While Redis is unavailable,
// rate limits and claims fall back to this replica's own memory (requests keep being answered),
// follows pause, and the readiness check says not ready. At start it checks that Redis still
// holds joblog's data (redis-data-marker.ts) and warns when Redis keeps nothing on disk.
import type { Redis } from "ioredis";
import type { Clock } from "../ports/clock.js";
import type { Logger } from "../ports/logger.js";
import type { ReadinessCheck } from "../ports/readiness.js";
import type { EventClaims, JobLeases, RateLimitBuckets } from "../ports/shared-state.js";
import { createRedisClient, isRedisReady, parseRedisUrl, scrubRedisError } from "./redis-connection.js";
import { RedisDataMarker } from "./redis-data-marker.js";
import { RedisEventClaims } from "./redis-event-claims.js";
import { RedisFollowStore } from "./redis-follow-store.js";
import { RedisJobLeases } from "./redis-leases.js";
import { RedisRateLimiter } from "./redis-rate-limiter.js";
import { RedisWatchStore } from "./redis-watch-store.js";

export interface RedisSharedState {
  client: Redis;
  store: RedisFollowStore;
  /** Watches and the runs each has posted, seen alike by every replica. */
  watches: RedisWatchStore;
  leases: JobLeases;
  /** Buckets shared by every replica; `fallback` answers while Redis is away. */
  rateLimits(scope: "user" | "channel", perMinute: number, fallback: RateLimitBuckets): RateLimitBuckets;
  /** Claims shared by every replica; `fallback` answers while Redis is away. */
  eventClaims(fallback: EventClaims): EventClaims;
  readiness: ReadinessCheck;
  /** Closes the connection (after the follows have stopped and released their leases). */
  close(): Promise<void>;
}

/** /readyz's "redis" check: ready while commands can be sent; a PING must answer within a second. */
export function redisReadinessCheck(client: Redis): ReadinessCheck {
  return {
    name: "redis",
    async check() {
      if (!isRedisReady(client)) return { ok: false, detail: `not connected (${client.status})` };
      const answered = await Promise.race([
        client.ping().then(
          () => true,
          () => false,
        ),
        new Promise<false>((resolve) => setTimeout(() => resolve(false), 1_000).unref()),
      ]);
      return answered ? { ok: true } : { ok: false, detail: "no answer to PING within 1 s" };
    },
  };
}

export class RedisStartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RedisStartError";
  }
}

/**
 * Connects (REDIS_URL checked first, named in the error, its password never shown) and waits
 * until Redis answers: a replica that cannot reach Redis at start does not start.
 */
export async function openRedisSharedState(options: { url: string; logger: Logger; clock?: Clock; connectTimeoutMs?: number }): Promise<RedisSharedState> {
  const { logger } = options;
  const target = parseRedisUrl(options.url);
  if (!target.ok) throw new RedisStartError(target.error);
  const client = createRedisClient(target.value, { logger });
  try {
    await Promise.race([
      client.ping(),
      new Promise((_, reject) => setTimeout(() => reject(new Error("no answer")), options.connectTimeoutMs ?? 10_000).unref()),
    ]);
  } catch (error) {
    client.disconnect();
    throw new RedisStartError(`cannot reach Redis at ${target.value.display} (REDIS_URL): ${scrubRedisError(error, target.value)}`);
  }
  const store = new RedisFollowStore(client);
  const marker = new RedisDataMarker(client, logger);
  await marker.check(0);
  await marker.warnWithoutPersistence();
  let knownFollows = 0;
  // A Redis restarted empty while this replica ran is named loudly when it reconnects.
  marker.watchReconnects(() => knownFollows);
  const countFollows = () =>
    store.listActive().then(
      (follows) => void (knownFollows = follows.length),
      () => undefined,
    );
  await countFollows();
  const counting = setInterval(() => void countFollows(), 30_000).unref();
  logger.info({ redis: target.value.display }, "follows, watches and shared state are kept in Redis");
  return {
    client,
    store,
    watches: new RedisWatchStore(client),
    leases: new RedisJobLeases(client),
    rateLimits: (scope, perMinute, fallback) => new RedisRateLimiter(client, { scope, perMinute, fallback }),
    eventClaims: (fallback) => new RedisEventClaims(client, { fallback }),
    readiness: redisReadinessCheck(client),
    async close() {
      clearInterval(counting);
      await client.quit().catch(() => client.disconnect());
    },
  };
}
