// One running follow as the follow service holds it in memory: the stored record, and where its
// processing of polls and its posts stand.
import type { JobProgress } from "../core/follow-progress.js";
import type { FollowRecord } from "../core/follow-model.js";
import type { JobReport } from "../core/report-model.js";
import type { Result } from "../core/upstream-error.js";
import type { FollowStore } from "../ports/follow-store.js";
import type { Lease } from "../ports/shared-state.js";

/** A followed job this process polls under a lease (job-leasing.ts, several replicas only). */
export interface HeldJob {
  readonly jobKey: string;
  readonly lease: Lease;
  /** The store to write this job's follows in: fenced by the lease. */
  readonly store: FollowStore;
  /** By this process's clock: until when the lease is surely still held (renewed, less a margin). */
  validUntil: number;
  lost: boolean;
}

export interface ActiveFollow {
  record: FollowRecord;
  /** The newest poll this follow has not processed yet. */
  next: { progress: JobProgress; getReport: () => Promise<Result<JobReport>> } | null;
  /** Processing in progress; a follow handles one poll at a time, in order. */
  running: Promise<void> | null;
  /** The progress fingerprint the parent message last showed. */
  parentFingerprint: string | null;
  /** Pending outbox entries may have reached Slack (after a restart or a failed call). */
  needsReconcile: boolean;
  /** The latest poll's progress, to redraw the parent when the follow itself changes; null until one. */
  lastProgress: JobProgress | null;
  /** With several replicas: the lease this process polls and posts under (absent with one process). */
  held?: HeldJob;
}
