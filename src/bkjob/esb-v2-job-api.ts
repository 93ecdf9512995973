// The JobApi port over ESB v2. v2 has one way to learn about hosts and logs: the whole-job
// `get_job_instance_log`. Each read fetches it at most once and answers every question from it,
// so a report still costs two calls (status + log, in parallel), as it always did.
import type { JobApi, JobRead, JobRef, Logger, ReadOptions } from "../ports.js";
import type { EsbV2Client } from "./esb-v2-client.js";
import type { JobInstanceLog, JobInstanceStatus } from "./job-model.js";
import { ok, type Result } from "./upstream-error.js";
import { groupsOfLogStep, hostLogInLog, logsOfLogStep, statusWithLog } from "./whole-log.js";

export function createEsbV2JobApi(client: EsbV2Client, logger?: Logger): JobApi {
  return {
    read(ref: JobRef, options: ReadOptions = {}): JobRead {
      const callOptions = options.signal ? { signal: options.signal } : undefined;
      let log: Promise<Result<JobInstanceLog>> | null = null;
      let status: Promise<Result<JobInstanceStatus>> | null = null;
      const getLog = () => (log ??= client.getJobInstanceLog(ref, callOptions));
      const getStatus = () => (status ??= client.getJobInstanceStatus(ref, callOptions));
      // A report will want both: ask at once, side by side, as joblog always has.
      if (options.wholeReport) {
        void getLog();
        void getStatus();
      }

      return {
        async getJobStatus() {
          // A poll that wants only the status does not pay for every host's log.
          if (!options.wholeReport) return getStatus();
          const [logResult, statusResult] = await Promise.all([getLog(), getStatus()]);
          if (!logResult.ok) return logResult;
          if (!statusResult.ok) {
            // The log alone still makes a report (state derived from the steps); only names and times are missing.
            const { error } = statusResult;
            logger?.warn(
              { ref, kind: error.kind, code: error.code, requestId: error.requestId },
              "job status unavailable, reporting from the log alone",
            );
          }
          return ok(statusWithLog(ref, statusResult.ok ? statusResult.value : null, logResult.value));
        },
        async getStepHostGroups(step, query) {
          const result = await getLog();
          if (!result.ok) return result;
          const logStep = result.value.steps.find((candidate) => candidate.stepInstanceId === step.stepInstanceId);
          return ok(logStep ? groupsOfLogStep(logStep, query) : { stepInstanceId: step.stepInstanceId, groups: [] });
        },
        async getHostLogs(step, hosts) {
          const result = await getLog();
          if (!result.ok) return result;
          const logStep = result.value.steps.find((candidate) => candidate.stepInstanceId === step.stepInstanceId);
          return ok(logStep ? logsOfLogStep(logStep, hosts) : []);
        },
        async getHostLog(stepInstanceId, host) {
          const result = await getLog();
          if (!result.ok) return result;
          return ok(hostLogInLog(result.value, stepInstanceId, host));
        },
      };
    },
  };
}
