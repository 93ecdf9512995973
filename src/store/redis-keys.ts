// Every key joblog keeps in Redis, in one place, under one prefix (default `joblog:`), so the
// store, the leases, the rate limits and the de-duplication agree on names, and an operator can
// find (or delete) all of joblog's data with one pattern.
import type { JobRef } from "../core/job-ref.js";

export const DEFAULT_REDIS_PREFIX = "joblog:";

/** A followed job's name in lease keys: "bizId:jobInstanceId". */
export const jobKeyOf = (ref: JobRef): string => `${ref.bizId}:${ref.jobInstanceId}`;

export interface RedisKeys {
  /** Hash: one follow's fields. */
  follow(followId: string): string;
  /** Sorted set: active follow ids, scored by creation time (oldest first). */
  readonly activeFollows: string;
  /** Hash: channel id → the active follow of this job in that channel (one per job and channel). */
  jobFollows(ref: JobRef): string;
  /** Hash: outbox key → entry (JSON); a posted entry keeps only its ts, so the key stays known. */
  outbox(followId: string): string;
  /** Sorted set: the outbox keys not yet posted, in the order they were recorded. */
  outboxPending(followId: string): string;
  /** Counter: gives outbox entries their order across replicas. */
  readonly outboxSequence: string;
  /** String "token:owner" with an expiry: who polls this job now. */
  lease(jobKey: string): string;
  /** Counter: the last fencing token handed out for this job (kept: tokens only grow). */
  leaseToken(jobKey: string): string;
  /** Hash: one watch's fields. */
  watch(watchId: string): string;
  /** Sorted set: active watch ids, scored by creation time (oldest first). */
  readonly activeWatches: string;
  /** Hash: `[bizId, name]` (JSON) → the channel's active watch of that business and name (one each). */
  channelWatches(channelId: string): string;
  /** String with an expiry: one run's post to one watch, "" while pending, then the post's ts. */
  watchDelivery(watchId: string, jobInstanceId: number): string;
  /** Hash: one rate-limit bucket (tokens, updated at). */
  rateBucket(scope: string, key: string): string;
  /** String with an expiry: an event or envelope already taken by a replica. */
  claim(key: string): string;
  /** String: written once; missing later means Redis lost joblog's data. */
  readonly marker: string;
}

export function redisKeys(prefix: string = DEFAULT_REDIS_PREFIX): RedisKeys {
  return {
    follow: (followId) => `${prefix}follow:${followId}`,
    activeFollows: `${prefix}follows:active`,
    jobFollows: (ref) => `${prefix}job:${jobKeyOf(ref)}:follows`,
    outbox: (followId) => `${prefix}outbox:${followId}`,
    outboxPending: (followId) => `${prefix}outbox:${followId}:pending`,
    outboxSequence: `${prefix}outbox-sequence`,
    lease: (jobKey) => `${prefix}lease:${jobKey}`,
    leaseToken: (jobKey) => `${prefix}lease:${jobKey}:token`,
    watch: (watchId) => `${prefix}watch:${watchId}`,
    activeWatches: `${prefix}watches:active`,
    channelWatches: (channelId) => `${prefix}channel:${channelId}:watches`,
    watchDelivery: (watchId, jobInstanceId) => `${prefix}watch:${watchId}:run:${jobInstanceId}`,
    rateBucket: (scope, key) => `${prefix}rate:${scope}:${key}`,
    claim: (key) => `${prefix}claim:${key}`,
    marker: `${prefix}marker`,
  };
}
