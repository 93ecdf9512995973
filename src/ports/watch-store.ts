// The watch store port: watches and which runs each has posted survive a restart. Every
// implementation (src/store/: memory for tests, SQLite by default, Redis with replicas) passes
// test/store/watch-store.contract.ts. Async so a networked store fits the same interface.
import type { DeliveryState, WatchRecord } from "../core/watch-model.js";

export interface WatchStore {
  /** Adds a watch; false when the channel already watches that business with that name. */
  create(watch: WatchRecord): Promise<boolean>;
  get(id: string): Promise<WatchRecord | null>;
  findActive(channelId: string, bizId: number, name: string | null): Promise<WatchRecord | null>;
  listActive(): Promise<WatchRecord[]>;
  /** Ends a watch; false when it had ended already (or never was). */
  end(id: string, at: number): Promise<boolean>;
  /** Claims the post of a run: "new" the first time (it is pending from then on), else where it stands. */
  claimDelivery(watchId: string, jobInstanceId: number, at: number): Promise<DeliveryState>;
  /** The post reached Slack as `ts`. */
  markDelivered(watchId: string, jobInstanceId: number, ts: string): Promise<void>;
  close(): Promise<void>;
}
