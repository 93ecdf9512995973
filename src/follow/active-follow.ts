// One running follow as the follow service holds it in memory: the stored record, and where its
// processing of polls and its posts stand.
import type { JobProgress } from "../core/follow-progress.js";
import type { FollowRecord } from "../core/follow-model.js";
import type { JobReport } from "../core/report-model.js";
import type { Result } from "../core/upstream-error.js";

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
}
