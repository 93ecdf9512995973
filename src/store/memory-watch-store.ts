// The watch store in memory: for tests and local mode's demo; nothing survives the process.
import type { DeliveryState, WatchRecord } from "../core/watch-model.js";
import type { WatchStore } from "../ports/watch-store.js";

export class MemoryWatchStore implements WatchStore {
  private readonly watches = new Map<string, WatchRecord>();
  private readonly deliveries = new Map<string, { ts: string | null }>();

  async create(watch: WatchRecord): Promise<boolean> {
    if (this.watches.has(watch.id) || (await this.findActive(watch.channelId, watch.bizId, watch.name))) return false;
    this.watches.set(watch.id, { ...watch });
    return true;
  }

  async get(id: string): Promise<WatchRecord | null> {
    const watch = this.watches.get(id);
    return watch ? { ...watch } : null;
  }

  async findActive(channelId: string, bizId: number, name: string | null): Promise<WatchRecord | null> {
    for (const watch of this.watches.values()) {
      if (watch.endedAt === null && watch.channelId === channelId && watch.bizId === bizId && watch.name === name) return { ...watch };
    }
    return null;
  }

  async listActive(): Promise<WatchRecord[]> {
    return [...this.watches.values()].filter((watch) => watch.endedAt === null).map((watch) => ({ ...watch }));
  }

  async end(id: string, at: number): Promise<boolean> {
    const watch = this.watches.get(id);
    if (!watch || watch.endedAt !== null) return false;
    watch.endedAt = at;
    return true;
  }

  async claimDelivery(watchId: string, jobInstanceId: number): Promise<DeliveryState> {
    const key = `${watchId}:${jobInstanceId}`;
    const known = this.deliveries.get(key);
    if (known) return known.ts === null ? "pending" : "posted";
    this.deliveries.set(key, { ts: null });
    return "new";
  }

  async markDelivered(watchId: string, jobInstanceId: number, ts: string): Promise<void> {
    this.deliveries.set(`${watchId}:${jobInstanceId}`, { ts });
  }

  async close(): Promise<void> {}
}
