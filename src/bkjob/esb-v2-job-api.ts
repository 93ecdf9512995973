// The JobApi port over ESB v2. v2 has one way to learn about hosts and logs: the whole-job
// `get_job_instance_log`. Each read fetches it at most once and answers every question from it,
// so a report costs two calls (status + log, in parallel). The log's
// hosts are validated as they are read (received-log.ts): a malformed one read here comes back
// as bad_response, like any other answer of the wrong shape.
import type { JobRef } from "../core/job-ref.js";
import type { JobApi, JobRead, ReadOptions } from "../ports/job-api.js";
import type { Logger } from "../ports/logger.js";
import type { EsbV2Client } from "./esb-v2-client.js";
import type { JobInstanceStatus } from "../core/job-model.js";
import { LogShapeError } from "./received-log.js";
import { callOptionsOf } from "./call-options.js";
import { fail, ok, type Result } from "../core/upstream-error.js";
import { groupsOfLogStep, hostLogInLog, logsOfLogStep, statusWithLog, type JobLogView } from "./whole-log.js";

/** Answers from the received log, or the bad_response of a host that turned out malformed. */
function fromLog<T>(log: JobLogView, answer: (log: JobLogView) => T): Result<T> {
  try {
    return ok(answer(log));
  } catch (error) {
    if (!(error instanceof LogShapeError)) throw error;
    return fail({
      kind: "bad_response",
      api: "get_job_instance_log",
      code: null,
      message: `response does not have the expected shape: ${error.message}`,
      requestId: log.requestId,
      // The answer was a 2xx; which one is bk-call's to know.
      httpStatus: null,
      permission: null,
    });
  }
}

export function createEsbV2JobApi(client: EsbV2Client, logger?: Logger): JobApi {
  return {
    read(ref: JobRef, options: ReadOptions = {}): JobRead {
      const callOptions = callOptionsOf(options);
      let log: Promise<Result<JobLogView>> | null = null;
      let status: Promise<Result<JobInstanceStatus>> | null = null;
      const getLog = () => (log ??= client.getJobInstanceLog(ref, callOptions));
      const getStatus = () => (status ??= client.getJobInstanceStatus(ref, callOptions));
      // A report will want both: ask at once, side by side, so neither waits for the other.
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
          return fromLog(logResult.value, (value) => statusWithLog(ref, statusResult.ok ? statusResult.value : null, value));
        },
        async getStepHostGroups(step, query) {
          const result = await getLog();
          if (!result.ok) return result;
          return fromLog(result.value, (value) => {
            const logStep = value.steps.find((candidate) => candidate.stepInstanceId === step.stepInstanceId);
            return logStep ? groupsOfLogStep(logStep, query) : { stepInstanceId: step.stepInstanceId, groups: [] };
          });
        },
        async getHostLogs(step, hosts) {
          const result = await getLog();
          if (!result.ok) return result;
          return fromLog(result.value, (value) => {
            const logStep = value.steps.find((candidate) => candidate.stepInstanceId === step.stepInstanceId);
            return logStep ? logsOfLogStep(logStep, hosts) : [];
          });
        },
        async getHostLog(stepInstanceId, host) {
          const result = await getLog();
          if (!result.ok) return result;
          return fromLog(result.value, (value) => hostLogInLog(value, stepInstanceId, host));
        },
      };
    },
  };
}
