// Where a follower reads the job from: its progress (one cheap call a poll) and the full report
// (for failures and the end). The implementation over the JobApi port is
// src/use-cases/follow-source.ts, handed in by the composition root.
import type { JobProgress } from "../core/follow-progress.js";
import type { JobRef } from "../core/job-ref.js";
import type { JobReport } from "../core/report-model.js";
import type { Result } from "../core/upstream-error.js";

export interface FollowSource {
  /** `mayProceed`: asked before each BK-JOB call this makes (ports/job-api.ts CallOptions). */
  progress(ref: JobRef, options?: { mayProceed?: () => boolean }): Promise<Result<JobProgress>>;
  report(ref: JobRef): Promise<Result<JobReport>>;
}
