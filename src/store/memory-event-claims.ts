// Slack deliveries already taken, in this process's memory: enough for one replica (what
// the Slack listeners need with one process), behind the shared port.
import type { Clock } from "../ports/clock.js";
import type { EventClaims } from "../ports/shared-state.js";

export class MemoryEventClaims implements EventClaims {
  /** Key → when its claim runs out, in insertion order. */
  private readonly claims = new Map<string, number>();

  constructor(private readonly clock: Clock) {}

  async claimOnce(key: string, ttlMs: number): Promise<boolean> {
    const now = this.clock.now();
    for (const [claimed, until] of this.claims) {
      if (until > now) break; // insertion order: the rest are newer (near enough, for one TTL)
      this.claims.delete(claimed);
    }
    const until = this.claims.get(key);
    if (until !== undefined && until > now) return false;
    this.claims.delete(key);
    this.claims.set(key, now + ttlMs);
    return true;
  }
}
