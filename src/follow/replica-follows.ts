// The follow service's side of sharing follows between replicas (job-leasing.ts decides which
// jobs this process polls): running a follow found in the store, dropping one another replica
// now polls or a person ended elsewhere, and the person's controls (Stop, Switch to all updates)
// when the press reached a replica that does not poll the follow.
import type { FollowRecord } from "../core/follow-model.js";
import type { JobProgress } from "../core/follow-progress.js";
import type { ActiveFollow } from "./active-follow.js";
import type { FollowInternals } from "./follow-internals.js";
import type { HeldJob, LeasedFollows } from "./job-leasing.js";
import type { FollowStart } from "./follow-start.js";

/** Posts a new follow's live message and polls its job: here, or where another replica holds the job. */
export async function startFollow(internals: FollowInternals, record: FollowRecord, progress: JobProgress): Promise<FollowStart> {
  const held = await internals.hold(record.ref);
  const active: ActiveFollow = {
    record,
    parentFingerprint: progress.fingerprint,
    needsReconcile: false,
    next: null,
    running: null,
    lastProgress: progress,
    ...(held ? { held } : {}),
  };
  const posted = await internals.outbox.postParent(active, internals.parentPayload(active, progress, null));
  if (!posted.ok) {
    await internals.store.end(record.id, "slack_error", internals.clock.now());
    return { kind: "slack_error", error: posted.error };
  }
  const where = { followId: record.id, ref: record.ref, channel: record.channelId, user: record.startedBy };
  if (held === null) {
    internals.logger.info(where, "started following; another replica polls this job");
    return { kind: "started", follow: record };
  }
  internals.active.set(record.id, active);
  internals.poller.watch(record.ref, record.id, internals.fastMs, progress.fingerprint);
  internals.logger.info(where, "started following");
  return { kind: "started", follow: record };
}

/** A follow read back from the store, run here: what may have reached Slack is checked first. */
export function runStored(internals: FollowInternals, record: FollowRecord, firstPollInMs: number, held?: HeldJob): void {
  internals.active.set(record.id, { record, parentFingerprint: null, needsReconcile: true, next: null, running: null, lastProgress: null, ...(held ? { held } : {}) });
  internals.poller.watch(record.ref, record.id, firstPollInMs);
}

/** Redraws the live message from the latest poll, or at the next one when there was none yet. */
export function redraw(internals: FollowInternals, active: ActiveFollow): void {
  if (active.lastProgress) internals.outbox.updateParent(active, internals.parentPayload(active, active.lastProgress, null));
  else active.parentFingerprint = null;
}

export function leasedFollows(internals: FollowInternals): LeasedFollows {
  return {
    local: () => internals.active,
    starting: () => internals.starting,
    adopt: (record, held, pollNow) => runStored(internals, record, pollNow ? 0 : internals.fastMs, held),
    forget: (followId) => {
      const active = internals.active.get(followId);
      if (!active) return;
      internals.active.delete(followId);
      internals.poller.unwatch(active.record.ref, followId);
      if (active.record.parentTs) internals.lanes.cancelUpdates(active.record.channelId, active.record.parentTs);
    },
    modeChanged: (followId, failuresOnly) => {
      const active = internals.active.get(followId);
      if (!active) return;
      active.record.failuresOnly = failuresOnly;
      internals.logger.info({ followId, failuresOnly }, "follow mode changed on another replica");
      redraw(internals, active);
    },
  };
}

/**
 * A person stopped a follow another replica polls: it ends in the store, and its live message
 * says so once that replica has surely dropped it (at its next sweep, `afterMs`), so none of
 * that replica's edits can land after this one.
 */
export async function stopElsewhere(internals: FollowInternals, record: FollowRecord, by: string, afterMs: number): Promise<void> {
  await internals.store.end(record.id, "stopped", internals.clock.now());
  internals.logger.info({ followId: record.id, ref: record.ref, reason: "stopped" }, "stopped following (polled by another replica)");
  const active: ActiveFollow = { record, parentFingerprint: null, needsReconcile: false, next: null, running: null, lastProgress: null };
  internals.timers.setTimeout(() => {
    void internals.track(async () => {
      const progress = await internals.call(() => internals.source.progress(record.ref));
      if (progress.ok) internals.outbox.updateParent(active, internals.parentPayload(active, progress.value, { reason: "stopped", by }), false);
    });
  }, afterMs);
}

/** A person switched the mode of a follow another replica polls: it applies the switch at its next sweep. */
export async function switchElsewhere(internals: FollowInternals, followId: string, failuresOnly: boolean): Promise<void> {
  await internals.store.setFailuresOnly(followId, failuresOnly);
  internals.logger.info({ followId, failuresOnly }, "follow mode changed");
}
