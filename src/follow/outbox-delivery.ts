// A follow's posts, each made exactly once across crashes: written to the store's outbox first,
// sent through the per-channel lanes with a marker in its message metadata, and marked posted
// with the follow's new state once Slack confirms it. A post that may or may not have reached
// Slack (after a restart or an unconfirmed call) is looked for by its marker before it is sent
// again (reconcile). Parent-message edits need no outbox: the latest state simply wins.
import type { FollowPost, OutboxEntry, PostedState } from "../core/follow-model.js";
import type { Clock } from "../ports/clock.js";
import type { FollowStore } from "../ports/follow-store.js";
import type { Logger } from "../ports/logger.js";
import { FATAL_CHANNEL_ERRORS, type SlackMessaging } from "../ports/slack-messaging.js";
import type { ActiveFollow } from "./active-follow.js";
import { LEASE_LOST, type SendGuard, type SlackLanes } from "./slack-lanes.js";

export interface OutboxDeliveryDeps {
  /** The store a follow's posts are written down in: fenced by its lease when it has one. */
  storeFor(active: ActiveFollow): FollowStore;
  /** Asked just before each of the follow's Slack calls is sent: false while its lease is not surely held. */
  guardFor(active: ActiveFollow): SendGuard | undefined;
  lanes: SlackLanes;
  slack: SlackMessaging;
  clock: Clock;
  logger: Logger;
  /** Runs one call to Slack or BK-JOB outside the lanes (counted by the follow service). */
  call<T>(work: () => Promise<T>): Promise<T>;
  /** Runs work the follow service must wait for at shutdown. */
  track(work: () => Promise<void>): Promise<void>;
  /** Slack will not take this follow's posts any more: end it and say why. */
  slackFailed(active: ActiveFollow, error: string): Promise<void>;
  /** The parent message as it should read now (for one never written down before a crash); null when BK-JOB does not answer. */
  currentParent(active: ActiveFollow): Promise<FollowPost | null>;
}

export class OutboxDelivery {
  constructor(private readonly deps: OutboxDeliveryDeps) {}

  /** Posts the live parent message in the channel and remembers its ts. */
  async postParent(active: ActiveFollow, payload: FollowPost): Promise<{ ok: true } | { ok: false; error: string }> {
    const { lanes, clock } = this.deps;
    const store = this.deps.storeFor(active);
    const { record } = active;
    await store.addOutbox({ followId: record.id, key: "parent", kind: "parent", payload, stateAfter: record.posted, createdAt: clock.now(), postedTs: null });
    const result = await lanes.post({ channel: record.channelId, payload, marker: { followId: record.id, key: "parent" } }, this.deps.guardFor(active));
    if (!result.ok) {
      if (FATAL_CHANNEL_ERRORS.has(result.error)) await store.dropOutbox(record.id, "parent");
      return result;
    }
    record.parentTs = result.value.ts;
    await store.setParent(record.id, result.value.ts);
    await store.markPosted(record.id, "parent", result.value.ts, record.posted);
    return { ok: true };
  }

  /**
   * Posts one thread reply exactly once: written to the outbox first, marked posted with the
   * follow's new state in one store step after Slack confirms it. False stops this round.
   */
  async deliver(active: ActiveFollow, key: string, payload: FollowPost, stateAfter: PostedState): Promise<boolean> {
    const { lanes, clock } = this.deps;
    const store = this.deps.storeFor(active);
    const { record } = active;
    const added = await store.addOutbox({ followId: record.id, key, kind: "reply", payload, stateAfter, createdAt: clock.now(), postedTs: null });
    if (!added) {
      // Known key: posted before (state already moved on in the store), or pending from a failed try.
      const pending = (await store.pendingOutbox(record.id)).some((entry) => entry.key === key);
      if (pending) {
        active.needsReconcile = true;
        return this.reconcile(active);
      }
      record.posted = stateAfter;
      return true;
    }
    const result = await lanes.post(
      { channel: record.channelId, threadTs: record.parentTs ?? undefined, payload, marker: { followId: record.id, key } },
      this.deps.guardFor(active),
    );
    if (result.ok) {
      await store.markPosted(record.id, key, result.value.ts, stateAfter);
      record.posted = stateAfter;
      return true;
    }
    if (FATAL_CHANNEL_ERRORS.has(result.error)) {
      await this.deps.slackFailed(active, result.error);
      return false;
    }
    // Not sent: the lease was in doubt. Whoever holds the job posts it (the outbox has it).
    if (result.error === LEASE_LOST) {
      active.needsReconcile = true;
      return false;
    }
    // Sent or not? Only Slack knows: check by the marker before trying again.
    active.needsReconcile = true;
    this.deps.logger.warn({ followId: record.id, key, error: result.error }, "thread reply not confirmed; will check and retry");
    return false;
  }

  /**
   * After a restart or an unconfirmed call: for each post that may or may not have reached
   * Slack, look for its marker; mark it posted if found, post it if not. False: try later.
   */
  async reconcile(active: ActiveFollow): Promise<boolean> {
    const { slack, lanes } = this.deps;
    const store = this.deps.storeFor(active);
    const { record } = active;
    for (const entry of await store.pendingOutbox(record.id)) {
      const threadTs = entry.kind === "parent" ? null : record.parentTs;
      if (entry.kind === "reply" && threadTs === null) continue; // its parent is reconciled first (it is older)
      const found = await this.deps.call(() => slack.findMarked({ channel: record.channelId, threadTs, followId: record.id, key: entry.key }));
      if (!found.ok) {
        if (FATAL_CHANNEL_ERRORS.has(found.error)) await this.deps.slackFailed(active, found.error);
        return false;
      }
      let ts = found.value;
      if (ts === null) {
        const marker = { followId: record.id, key: entry.key };
        const result = await lanes.post({ channel: record.channelId, ...(threadTs ? { threadTs } : {}), payload: entry.payload, marker }, this.deps.guardFor(active));
        if (!result.ok) {
          if (FATAL_CHANNEL_ERRORS.has(result.error)) await this.deps.slackFailed(active, result.error);
          return false;
        }
        ts = result.value.ts;
      }
      await this.confirm(active, entry, ts);
    }
    if (record.parentTs === null) {
      // The process stopped before the parent was even written down: post it now.
      const parent = await this.deps.currentParent(active);
      if (parent === null) return false;
      const posted = await this.postParent(active, parent);
      if (!posted.ok) {
        if (FATAL_CHANNEL_ERRORS.has(posted.error)) await this.deps.slackFailed(active, posted.error);
        return false;
      }
    }
    active.needsReconcile = false;
    return true;
  }

  /**
   * Edits the live parent message (coalesced by the lanes: only the latest state is sent);
   * `guarded` false for a follow's last edit, made once it ended under its lease.
   */
  updateParent(active: ActiveFollow, payload: FollowPost, guarded = true): void {
    const { record } = active;
    if (!record.parentTs) return;
    const onError = (error: string) => {
      if (FATAL_CHANNEL_ERRORS.has(error)) void this.deps.track(() => this.deps.slackFailed(active, error));
      // Not sent while the lease was in doubt: the next poll redraws it, if this replica still polls.
      else if (error === LEASE_LOST) active.parentFingerprint = null;
      else this.deps.logger.warn({ followId: record.id, error }, "could not update the live message");
    };
    this.deps.lanes.update(record.channelId, record.parentTs, payload, onError, guarded ? this.deps.guardFor(active) : undefined);
  }

  private async confirm(active: ActiveFollow, entry: OutboxEntry, ts: string): Promise<void> {
    const store = this.deps.storeFor(active);
    if (entry.kind === "parent") {
      active.record.parentTs = ts;
      await store.setParent(active.record.id, ts);
    }
    await store.markPosted(active.record.id, entry.key, ts, entry.stateAfter);
    active.record.posted = entry.stateAfter;
  }
}
