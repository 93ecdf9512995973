// Job leases in this process's memory: one replica holds every lease it asks for, with the same
// rules as src/store/redis-leases.ts (expiry, tokens that only grow, fencing), so code written
// against the JobLeases port behaves the same on one process and on several.
import type { Clock } from "../ports/clock.js";
import type { JobLeases, Lease } from "../ports/shared-state.js";

interface Held {
  owner: string;
  token: number;
  until: number;
}

export class MemoryJobLeases implements JobLeases {
  private readonly held = new Map<string, Held>();
  /** Per job, never reset: a later acquisition always gets a larger token. */
  private readonly tokens = new Map<string, number>();

  constructor(private readonly clock: Clock) {}

  async acquire(jobKey: string, owner: string, ttlMs: number): Promise<Lease | null> {
    const now = this.clock.now();
    const current = this.live(jobKey, now);
    if (current) {
      if (current.owner !== owner) return null;
      current.until = now + ttl(ttlMs);
      return { jobKey, owner, token: current.token };
    }
    const token = (this.tokens.get(jobKey) ?? 0) + 1;
    this.tokens.set(jobKey, token);
    this.held.set(jobKey, { owner, token, until: now + ttl(ttlMs) });
    return { jobKey, owner, token };
  }

  async renew(lease: Lease, ttlMs: number): Promise<boolean> {
    const now = this.clock.now();
    const current = this.live(lease.jobKey, now);
    if (!current || current.owner !== lease.owner || current.token !== lease.token) return false;
    current.until = now + ttl(ttlMs);
    return true;
  }

  async release(lease: Lease): Promise<boolean> {
    const current = this.live(lease.jobKey, this.clock.now());
    if (!current || current.owner !== lease.owner || current.token !== lease.token) return false;
    this.held.delete(lease.jobKey);
    return true;
  }

  async checkFence(jobKey: string, token: number): Promise<boolean> {
    return this.live(jobKey, this.clock.now())?.token === token;
  }

  private live(jobKey: string, now: number): Held | undefined {
    const current = this.held.get(jobKey);
    if (current && current.until <= now) {
      this.held.delete(jobKey);
      return undefined;
    }
    return current;
  }
}

function ttl(ttlMs: number): number {
  if (!Number.isFinite(ttlMs) || ttlMs < 1) throw new Error(`a lease lasts at least 1 ms (got ${ttlMs})`);
  return Math.ceil(ttlMs);
}
