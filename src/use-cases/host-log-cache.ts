// Recently read host logs, so paging through a 5 MB log in a modal does not fetch the whole job
// from BK-JOB on every click. Bounded by total size and by age.
import type { LogPageIndex } from "../core/log-pages.js";
import type { Clock } from "../ports/clock.js";

export interface CachedHostLog {
  text: string;
  index: LogPageIndex;
  stepName: string;
  finished: boolean;
}

interface Entry {
  value: CachedHostLog;
  storedAt: number;
}

export class HostLogCache {
  private readonly entries = new Map<string, Entry>();
  private size = 0;

  constructor(
    private readonly clock: Clock,
    private readonly maxChars = 64 * 1024 * 1024,
    private readonly finishedTtlMs = 10 * 60_000,
    private readonly runningTtlMs = 5_000, // a running job's log grows: keep it only briefly
  ) {}

  get(key: string): CachedHostLog | null {
    const entry = this.entries.get(key);
    if (!entry) return null;
    const ttl = entry.value.finished ? this.finishedTtlMs : this.runningTtlMs;
    if (this.clock.now() - entry.storedAt > ttl) {
      this.delete(key);
      return null;
    }
    // Map order is insertion order: re-inserting marks it most recently used.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  set(key: string, value: CachedHostLog): void {
    this.delete(key);
    if (value.text.length > this.maxChars) return;
    this.entries.set(key, { value, storedAt: this.clock.now() });
    this.size += value.text.length;
    for (const [oldest] of this.entries) {
      if (this.size <= this.maxChars) break;
      this.delete(oldest);
    }
  }

  private delete(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.size -= entry.value.text.length;
    this.entries.delete(key);
  }
}
