// Where a follower reads the job from: its progress (one status call a poll) and, only when a
// reply needs hosts' details or the job ended, the full report.
import type { Result } from "../core/upstream-error.js";
import type { JobReport } from "../core/report-model.js";
import type { JobRef } from "../core/job-ref.js";
import { fetchJobReport, type JobReportDeps } from "../use-cases/job-report.js";
import { buildProgress, type JobProgress } from "./progress.js";

export interface FollowSource {
  progress(ref: JobRef): Promise<Result<JobProgress>>;
  report(ref: JobRef): Promise<Result<JobReport>>;
}

export function createFollowSource(deps: JobReportDeps): FollowSource {
  return {
    async progress(ref) {
      const status = await deps.jobApi.read(ref).getJobStatus({ withHosts: true });
      if (!status.ok) return status;
      return { ok: true, value: buildProgress(ref, status.value, new Date(deps.clock.now())) };
    },
    report: (ref) => fetchJobReport(deps, ref),
  };
}
