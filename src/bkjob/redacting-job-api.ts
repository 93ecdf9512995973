// Wraps any JobApi so every log text it hands out has its secrets masked: the one door log text
// comes in through, so messages, modals, thread files, grep lines and the terminal all get the
// masked text (issue: "before any log text leaves the bot").
import type { Redactor } from "../core/redact-secrets.js";
import type { JobApi, JobRead } from "../ports.js";
import type { HostLogText } from "./job-model.js";

function redactLog(log: HostLogText, redactor: Redactor): HostLogText {
  return {
    ...log,
    text: redactor.redact(log.text),
    files: log.files === null ? null : log.files.map((file) => ({ ...file, logContent: redactor.redact(file.logContent) })),
  };
}

export function withRedaction(jobApi: JobApi, redactor: Redactor): JobApi {
  return {
    read(ref, options): JobRead {
      const read = jobApi.read(ref, options);
      return {
        getJobStatus: (statusOptions) => read.getJobStatus(statusOptions),
        getStepHostGroups: (step, query) => read.getStepHostGroups(step, query),
        async getHostLogs(step, hosts) {
          const result = await read.getHostLogs(step, hosts);
          return result.ok ? { ok: true, value: result.value.map((log) => redactLog(log, redactor)) } : result;
        },
        async getHostLog(stepInstanceId, host) {
          const result = await read.getHostLog(stepInstanceId, host);
          return result.ok && result.value !== null ? { ok: true, value: redactLog(result.value, redactor) } : result;
        },
      };
    },
  };
}
