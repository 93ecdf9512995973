// Where a follower reads the job from, over the JobApi port: its progress (one status call a
// poll) and, only when a reply needs hosts' details or the job ended, the full report.
import { buildProgress } from "../core/follow-progress.js";
import type { FollowSource } from "../follow/follow-source.js";
import { fetchJobReport, type JobReportDeps } from "./job-report.js";
import { DEFAULT_CAUSE_DIGEST_LIMITS, type CauseDigestLimits } from "./read-cause-digest.js";

/** `causeLimits`: the digest's caps; the failure replies and the final report say why first. */
export function createFollowSource(deps: JobReportDeps & { causeLimits?: CauseDigestLimits }): FollowSource {
  return {
    async progress(ref, options = {}) {
      const status = await deps.jobApi.read(ref, options.mayProceed ? { mayProceed: options.mayProceed } : {}).getJobStatus({ withHosts: true });
      if (!status.ok) return status;
      return { ok: true, value: buildProgress(ref, status.value, new Date(deps.clock.now())) };
    },
    report: (ref) => fetchJobReport(deps, ref, { causes: deps.causeLimits ?? DEFAULT_CAUSE_DIGEST_LIMITS }),
  };
}
