// BK-JOB's answers → the report. Pure: no I/O, the time of the report is an argument. The
// answers are protocol-independent (the JobApi port's): the job's status, each read step's host
// groups (exact counts, capped lists), and the logs of the hosts the message will show.
import type {
  FileLog,
  HostIdentity,
  HostLogText,
  JobInstanceStatus,
  StepHost,
  StepHostGroup,
  StepHostGroups,
  StepStatus,
} from "./job-model.js";
import type { JobRef } from "./job-ref.js";
import { findMatchingLines } from "./grep.js";
import { hostKey } from "./host-ref.js";
import { jobUrl } from "./job-url.js";
import { countGroups, distinctHostCounts } from "./job-host-counts.js";
import { cleanLogText, tailLines } from "./log-text.js";
import type {
  FailedHost,
  FailureGroup,
  FileLogSummary,
  GrepGroup,
  GrepHost,
  GrepReport,
  HostRef,
  JobReport,
  StepSummary,
} from "./report-model.js";
import { hostPhase, isRunFinished, runPhase } from "./status.js";
import { elapsedMs, summariseStep } from "./step-summary.js";

/** Lines of each failing host's log kept in the report; renderers show fewer when space is short. */
export const LOG_TAIL_LINES = 30;

/** The log search's answers: each searched step's matching hosts, grouped like the report's. */
export interface GrepSources {
  text: string;
  groups: ReadonlyMap<number, StepHostGroups>;
  /** Steps not searched (file steps). */
  skippedStepIds: readonly number[];
}

export interface ReportSources {
  ref: JobRef;
  status: JobInstanceStatus;
  /** Host groups of the steps that were read, by step instance id. */
  groups: ReadonlyMap<number, StepHostGroups>;
  /** Logs fetched, by `logKey(step, host)`. */
  logs: ReadonlyMap<string, HostLogText>;
  grep: GrepSources | null;
  webUrl: string | null; // BK_JOB_WEB_URL, when configured
  now: Date;
}

export function logKey(stepInstanceId: number, host: Pick<HostIdentity, "bkCloudId" | "ip" | "bkHostId" | "ipv6">): string {
  return `${stepInstanceId}/${hostKey(host)}`;
}

function hostDuration(host: StepHost): number | null {
  if (host.totalTimeMs !== null) return host.totalTimeMs;
  if (host.startTime && host.endTime) return host.endTime.getTime() - host.startTime.getTime();
  return null;
}

export function hostRefOf(ref: JobRef, stepInstanceId: number, host: StepHost, ipv6: string | null): HostRef {
  return {
    ...ref,
    stepInstanceId,
    bkCloudId: host.bkCloudId,
    ip: host.ip,
    ...(host.bkHostId !== null ? { bkHostId: host.bkHostId } : {}),
    ...(host.ip === "" && ipv6 ? { ipv6 } : {}),
  };
}

function endpoint(host: { bkHostId: number | null; ip: string }, path: string): string {
  const name = host.ip || (host.bkHostId !== null ? `#${host.bkHostId}` : "?");
  return `${name}:${path}`;
}

function lastLine(text: string): string | null {
  const [line] = tailLines(text.trimEnd(), 1);
  return line === undefined || line.trim() === "" ? null : cleanLogText(line);
}

export function summariseFileLog(file: FileLog): FileLogSummary {
  return {
    mode: file.mode,
    source: endpoint(file.source, file.source.path),
    destination: file.destination ? endpoint(file.destination, file.destination.path) : null,
    status: file.status,
    lastLine: lastLine(file.logContent),
  };
}

/** What the failing-host and log-search views share: who the host is, and its fetched log. */
function hostView(sources: ReportSources, step: StepStatus, group: StepHostGroup, host: StepHost) {
  const log = sources.logs.get(logKey(step.stepInstanceId, host));
  // get_job_instance_status (ESB jobv3) has no IPv6; a fetched log does.
  const ipv6 = host.ipv6 ?? log?.ipv6 ?? null;
  const view = {
    ref: hostRefOf(sources.ref, step.stepInstanceId, host, ipv6),
    ip: host.ip,
    bkCloudId: host.bkCloudId,
    bkHostId: host.bkHostId,
    ipv6,
    phase: hostPhase(group.status),
    exitCode: host.exitCode,
    logFetched: log !== undefined,
  };
  return { log, view };
}

function failedHost(sources: ReportSources, step: StepStatus, group: StepHostGroup, host: StepHost): FailedHost {
  const { log, view } = hostView(sources, step, group, host);
  const text = log?.text ?? "";
  const logIsEmpty = log !== undefined && text.trim().length === 0;
  return {
    ...view,
    errorCode: host.errorCode,
    durationMs: hostDuration(host),
    // Only the tail is cleaned and copied: the rest of a multi-megabyte log is never touched.
    logTail: log === undefined || logIsEmpty ? [] : tailLines(text, LOG_TAIL_LINES).map(cleanLogText),
    logIsEmpty,
    fileLogs: log?.files ? log.files.map(summariseFileLog) : null,
  };
}

function grepHost(sources: ReportSources, text: string, step: StepStatus, group: StepHostGroup, host: StepHost): GrepHost {
  const { log, view } = hostView(sources, step, group, host);
  const found = log ? findMatchingLines(log.text, text) : { matches: [], count: 0 };
  return { ...view, matches: found.matches, matchCount: found.count };
}

/** Which step and (status, tag) a group of the report is, and how many hosts it has. */
function groupHeading(step: StepStatus, position: number, steps: StepSummary[], group: StepHostGroup) {
  return {
    stepInstanceId: step.stepInstanceId,
    stepIndex: position + 1,
    stepName: steps[position]!.name,
    ipStatus: group.status,
    tag: group.tag,
    hostCount: group.hostCount,
  };
}

function grepReport(sources: ReportSources, steps: StepSummary[]): GrepReport | null {
  const grep = sources.grep;
  if (!grep) return null;
  const groups: GrepGroup[] = [];
  let matchedHostCount = 0;
  sources.status.steps.forEach((step, position) => {
    for (const group of grep.groups.get(step.stepInstanceId)?.groups ?? []) {
      if (group.hostCount === 0) continue;
      matchedHostCount += group.hostCount;
      groups.push({
        ...groupHeading(step, position, steps, group),
        hosts: group.hosts.map((host) => grepHost(sources, grep.text, step, group, host)),
      });
    }
  });
  const skipped = new Set(grep.skippedStepIds);
  return {
    text: grep.text,
    matchedHostCount,
    groups,
    skippedSteps: steps.filter((step) => skipped.has(step.stepInstanceId)).map((step) => ({ index: step.index, name: step.name })),
  };
}

export function buildJobReport(sources: ReportSources): JobReport {
  const { ref, status, now } = sources;
  const groupsOf = (step: StepStatus) => sources.groups.get(step.stepInstanceId)?.groups ?? [];

  const steps: StepSummary[] = status.steps.map((step, position) => {
    const groups = groupsOf(step);
    return summariseStep(step, position, countGroups(groups), groups.length > 0, now);
  });

  const failureGroups: FailureGroup[] = [];
  status.steps.forEach((step, position) => {
    for (const group of groupsOf(step)) {
      if (hostPhase(group.status) !== "failed" || group.hostCount === 0) continue;
      failureGroups.push({
        ...groupHeading(step, position, steps, group),
        hosts: group.hosts.map((host) => failedHost(sources, step, group, host)),
      });
    }
  });

  const { counts: hosts, estimated } = distinctHostCounts(status.steps.map(groupsOf));
  const jobStatus = status.job.status;
  const finished = status.finished || isRunFinished(jobStatus);
  const startTime = status.job.startTime;
  const endTime = finished ? status.job.endTime : null;
  const durationMs = finished ? (status.job.totalTimeMs ?? elapsedMs(startTime, endTime, now)) : elapsedMs(startTime, null, now);

  return {
    ref,
    name: status.job.name || status.steps[0]?.name || `#${ref.jobInstanceId}`,
    status: jobStatus,
    phase: runPhase(jobStatus),
    finished,
    operator: status.job.operator,
    startTime,
    endTime,
    durationMs,
    steps,
    hosts,
    failureGroups,
    failedHostCount: hosts.failed,
    hostCountsEstimated: estimated,
    grep: grepReport(sources, steps),
    webUrl: jobUrl(sources.webUrl, ref.jobInstanceId),
    generatedAt: now,
  };
}
