// Per-user and per-channel request limits: a token bucket per key, refilled continuously, so a
// burst is allowed up to the bucket's size and the long-run rate is the configured one.
import type { Clock } from "../ports/clock.js";
import type { RateLimitBuckets } from "../ports/shared-state.js";

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/** Buckets kept at most; full buckets are dropped first (they hold nothing worth remembering). */
const MAX_BUCKETS = 10_000;

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  /** `perMinute` requests a minute, in bursts of up to `perMinute`. */
  constructor(
    private readonly perMinute: number,
    private readonly clock: Clock,
  ) {}

  /** Takes one token; returns 0 when allowed, else the seconds until one is available. */
  take(key: string): number {
    const now = this.clock.now();
    const bucket = this.refilled(key, now);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil(((1 - bucket.tokens) * 60_000) / this.perMinute / 1000));
  }

  /** Gives back a token taken for a request that was refused for another reason. */
  refund(key: string): void {
    const bucket = this.buckets.get(key);
    if (bucket) bucket.tokens = Math.min(this.perMinute, bucket.tokens + 1);
  }

  private refilled(key: string, now: number): Bucket {
    let bucket = this.buckets.get(key);
    if (!bucket) {
      if (this.buckets.size >= MAX_BUCKETS) this.prune(now);
      bucket = { tokens: this.perMinute, updatedAt: now };
      this.buckets.set(key, bucket);
      return bucket;
    }
    const elapsed = Math.max(0, now - bucket.updatedAt);
    bucket.tokens = Math.min(this.perMinute, bucket.tokens + (elapsed * this.perMinute) / 60_000);
    bucket.updatedAt = now;
    return bucket;
  }

  private prune(now: number): void {
    for (const [key, bucket] of this.buckets) {
      const tokens = bucket.tokens + ((now - bucket.updatedAt) * this.perMinute) / 60_000;
      if (tokens >= this.perMinute) this.buckets.delete(key);
    }
    // Still full of busy buckets: forget the oldest rather than grow without bound.
    for (const key of this.buckets.keys()) {
      if (this.buckets.size < MAX_BUCKETS) break;
      this.buckets.delete(key);
    }
  }
}

/** The buckets of one process behind the shared port (src/store/redis-rate-limiter.ts shares them between replicas). */
export class MemoryRateLimitBuckets implements RateLimitBuckets {
  private readonly limiter: RateLimiter;

  constructor(perMinute: number, clock: Clock) {
    this.limiter = new RateLimiter(perMinute, clock);
  }

  async take(key: string): Promise<number> {
    return this.limiter.take(key);
  }

  async refund(key: string): Promise<void> {
    this.limiter.refund(key);
  }
}
