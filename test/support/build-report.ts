// Reports built straight from ESB v2-shaped answers, for tests of renderers and the core: the
// whole-job log (and the status, when given) read the way the ESB v2 adapter reads them, every
// host listed, every log at hand. Not used by joblog itself, which asks through the JobApi port.
import type { HostLogText, JobInstanceLog, JobInstanceStatus, StepHostGroups } from "../../src/core/job-model.js";
import type { JobRef } from "../../src/core/job-ref.js";
import { buildJobReport, logKey } from "../../src/core/report.js";
import type { JobReport } from "../../src/core/report-model.js";
import { groupsOfLogStep, hostLogOf, statusWithLog, stepHostOf, type JobLogView } from "../../src/bkjob/whole-log.js";

/** A log already built in full (a test fixture) seen through the ESB v2 adapter's view. */
export function viewOfJobLog(log: JobInstanceLog): JobLogView {
  return {
    requestId: log.requestId,
    steps: log.steps.map((step) => ({
      stepInstanceId: step.stepInstanceId,
      name: step.name,
      status: step.status,
      groups: step.groups.map((group) => ({
        ipStatus: group.ipStatus,
        tag: group.tag,
        hostCount: group.hosts.length,
        hostAt: (index) => group.hosts[index]!,
        indexesOf: (hosts) => hosts.map((host) => group.hosts.findIndex((candidate) => candidate.ip === host.ip && candidate.bkCloudId === host.bkCloudId)),
      })),
    })),
  };
}

/** ESB v2's two answers, as they come: the log as the client reads it, or built in full (tests). */
export interface ReportInput {
  ref: JobRef;
  log: JobLogView | JobInstanceLog;
  status: JobInstanceStatus | null;
  webUrl: string | null;
  now: Date;
}

// A log with no group at all reads the same either way.
const isBuilt = (log: JobLogView | JobInstanceLog): log is JobInstanceLog => log.steps.some((step) => step.groups.some((group) => "hosts" in group));

/**
 * The report from ESB v2's whole-job log (and its status, when it answered): every host listed,
 * every log at hand. What the JobApi's v2 adapter gives, minus the caps.
 */
export function buildReport(input: ReportInput): JobReport {
  const groups = new Map<number, StepHostGroups>();
  const logs = new Map<string, HostLogText>();
  const log = isBuilt(input.log) ? viewOfJobLog(input.log) : input.log;
  for (const step of log.steps) {
    groups.set(step.stepInstanceId, groupsOfLogStep(step, { maxHostsPerGroup: Number.POSITIVE_INFINITY }));
    for (const group of step.groups) {
      for (let index = 0; index < group.hostCount; index += 1) {
        const host = group.hostAt(index);
        logs.set(logKey(step.stepInstanceId, stepHostOf(group, host)), hostLogOf(step, host));
      }
    }
  }
  return buildJobReport({
    ref: input.ref,
    status: statusWithLog(input.ref, input.status, log),
    groups,
    logs,
    grep: null,
    webUrl: input.webUrl,
    now: input.now,
  });
}
