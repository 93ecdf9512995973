// The follow store port: follows and their outbox survive a restart. Every implementation
// (src/store/: memory for tests, SQLite by default) passes test/store/follow-store.contract.ts.
// Methods are async so a networked store fits the same interface.
import type { EndReason, FollowRecord, OutboxEntry, PostedState } from "../core/follow-model.js";
import type { JobRef } from "../core/job-ref.js";

export interface FollowStore {
  /** Adds a follow; false when an active follow of that job in that channel exists already. */
  create(follow: FollowRecord): Promise<boolean>;
  get(id: string): Promise<FollowRecord | null>;
  findActive(ref: JobRef, channelId: string): Promise<FollowRecord | null>;
  listActive(): Promise<FollowRecord[]>;
  setParent(id: string, ts: string): Promise<void>;
  /** Switches a follow between all updates and failures only. */
  setFailuresOnly(id: string, failuresOnly: boolean): Promise<void>;
  end(id: string, reason: EndReason, at: number): Promise<void>;
  /** Records a post about to be made; false if that key was recorded before (posted or not). */
  addOutbox(entry: OutboxEntry): Promise<boolean>;
  /** Recorded posts not known to have reached Slack, oldest first. */
  pendingOutbox(followId: string): Promise<OutboxEntry[]>;
  /** One step: the post reached Slack as `ts`, and the follow's posted state is now `stateAfter`. */
  markPosted(followId: string, key: string, ts: string, stateAfter: PostedState): Promise<void>;
  /** Drops a recorded post that will not be made (its follow ended first). */
  dropOutbox(followId: string, key: string): Promise<void>;
  close(): Promise<void>;
}
