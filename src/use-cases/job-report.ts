// Fetches what BK-JOB knows about one execution and turns it into a report.
import { buildReport } from "../core/report.js";
import type { JobReport } from "../core/report-model.js";
import { ok, type Result } from "../bkjob/upstream-error.js";
import type { Clock, JobApi, JobRef, Logger } from "../ports.js";

export interface JobReportDeps {
  jobApi: JobApi;
  clock: Clock;
  logger: Logger;
  webUrl: string | null;
}

export async function fetchJobReport(deps: JobReportDeps, ref: JobRef): Promise<Result<JobReport>> {
  const [log, status] = await Promise.all([deps.jobApi.getJobInstanceLog(ref), deps.jobApi.getJobInstanceStatus(ref)]);
  if (!log.ok) return log;
  if (!status.ok) {
    // The log alone still makes a report (state derived from the steps); only names and times are missing.
    deps.logger.warn({ ref, kind: status.error.kind, code: status.error.code, requestId: status.error.requestId }, "job status unavailable, reporting from the log alone");
  }
  return ok(
    buildReport({
      ref,
      log: log.value,
      status: status.ok ? status.value : null,
      webUrl: deps.webUrl,
      now: new Date(deps.clock.now()),
    }),
  );
}
