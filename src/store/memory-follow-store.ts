// The follow store in memory: for tests and for runs that need not survive a restart.
import type { EndReason, FollowRecord, OutboxEntry, PostedState } from "../core/follow-model.js";
import type { JobRef } from "../core/job-ref.js";
import type { FollowStore } from "../ports/follow-store.js";

const copy = <T>(value: T): T => structuredClone(value);

export class MemoryFollowStore implements FollowStore {
  private readonly follows = new Map<string, FollowRecord>();
  private readonly outbox = new Map<string, OutboxEntry>();

  async create(follow: FollowRecord): Promise<boolean> {
    if (this.follows.has(follow.id) || (await this.findActive(follow.ref, follow.channelId))) return false;
    this.follows.set(follow.id, copy(follow));
    return true;
  }

  async get(id: string): Promise<FollowRecord | null> {
    const follow = this.follows.get(id);
    return follow ? copy(follow) : null;
  }

  async findActive(ref: JobRef, channelId: string): Promise<FollowRecord | null> {
    for (const follow of this.follows.values()) {
      if (follow.endedAt === null && follow.channelId === channelId && follow.ref.bizId === ref.bizId && follow.ref.jobInstanceId === ref.jobInstanceId) {
        return copy(follow);
      }
    }
    return null;
  }

  async listActive(): Promise<FollowRecord[]> {
    return [...this.follows.values()].filter((follow) => follow.endedAt === null).sort((a, b) => a.createdAt - b.createdAt).map(copy);
  }

  async setParent(id: string, ts: string): Promise<void> {
    const follow = this.follows.get(id);
    if (follow) follow.parentTs = ts;
  }

  async setFailuresOnly(id: string, failuresOnly: boolean): Promise<void> {
    const follow = this.follows.get(id);
    if (follow) follow.failuresOnly = failuresOnly;
  }

  async end(id: string, reason: EndReason, at: number): Promise<void> {
    const follow = this.follows.get(id);
    if (follow && follow.endedAt === null) {
      follow.endedAt = at;
      follow.endReason = reason;
    }
  }

  async addOutbox(entry: OutboxEntry): Promise<boolean> {
    const key = `${entry.followId}\u0000${entry.key}`;
    if (this.outbox.has(key)) return false;
    this.outbox.set(key, copy(entry));
    return true;
  }

  async pendingOutbox(followId: string): Promise<OutboxEntry[]> {
    return [...this.outbox.values()]
      .filter((entry) => entry.followId === followId && entry.postedTs === null)
      .sort((a, b) => a.createdAt - b.createdAt)
      .map(copy);
  }

  async markPosted(followId: string, key: string, ts: string, stateAfter: PostedState): Promise<void> {
    const entry = this.outbox.get(`${followId}\u0000${key}`);
    if (entry) entry.postedTs = ts;
    const follow = this.follows.get(followId);
    if (follow) follow.posted = copy(stateAfter);
  }

  async dropOutbox(followId: string, key: string): Promise<void> {
    this.outbox.delete(`${followId}\u0000${key}`);
  }

  async close(): Promise<void> {}
}
