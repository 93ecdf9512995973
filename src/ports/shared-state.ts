// Ports for what several replicas must share besides follows (issue 14): who polls each job
// (leases with fencing tokens), the request rate-limit buckets, and which Slack deliveries were
// already taken. Redis implements them all; a single process keeps the memory variants.

/** The right to poll one job and post about it, until `ttlMs` runs out without a renewal. */
export interface Lease {
  jobKey: string;
  owner: string;
  /** Grows with every acquisition of this job's lease: a later holder always has a larger one. */
  token: number;
}

export interface JobLeases {
  /** Takes the job's lease if nobody holds it (the holder asking again gets its own back); else null. */
  acquire(jobKey: string, owner: string, ttlMs: number): Promise<Lease | null>;
  /** Extends the lease; false when it ran out or another replica holds it now (stop polling). */
  renew(lease: Lease, ttlMs: number): Promise<boolean>;
  /** Gives the lease up at once (SIGTERM), so another replica takes the job over; false if not held. */
  release(lease: Lease): Promise<boolean>;
  /** Whether `token` is the job's current lease token: outbox writes run this check atomically. */
  checkFence(jobKey: string, token: number): Promise<boolean>;
}

/** A write refused because the lease it was made under has gone to another replica (or ran out). */
export class LeaseLostError extends Error {
  readonly code = "lease_lost";

  constructor(
    readonly jobKey: string,
    readonly token: number,
  ) {
    super(`the lease on job ${jobKey} with token ${token} is no longer held: the write was refused`);
    this.name = "LeaseLostError";
  }
}

/**
 * Token buckets per key (src/access/rate-limiter.ts's methods, asynchronous so a shared store
 * fits): `take` answers 0 when allowed, else the seconds until a token is available.
 */
export interface RateLimitBuckets {
  take(key: string): Promise<number>;
  /** Gives back a token taken for a request refused for another reason. */
  refund(key: string): Promise<void>;
}

/** Slack deliveries taken already: a re-delivery, or the same request reaching two replicas. */
export interface EventClaims {
  /** True for the first claim of `key` within `ttlMs`; false for every later one. */
  claimOnce(key: string, ttlMs: number): Promise<boolean>;
}
