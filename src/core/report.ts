// BK-JOB's answers → the report. Pure: no I/O, the time of the report is an argument.
import type { HostGroup, HostLog, JobInstanceLog, JobInstanceStatus, StepLog } from "../bkjob/job-model.js";
import type { JobRef } from "../ports.js";
import { cleanLogText, tailLines } from "./log-text.js";
import type { FailedHost, FailureGroup, HostCounts, JobReport, StepSummary } from "./report-model.js";
import { deriveJobStatus, hostPhase, isRunFinished, runPhase } from "./status.js";

/** Lines of each failing host's log kept in the report; renderers show fewer when space is short. */
export const LOG_TAIL_LINES = 30;

export interface ReportInput {
  ref: JobRef;
  log: JobInstanceLog;
  status: JobInstanceStatus | null;
  webUrl: string | null; // BK_JOB_WEB_URL, when configured
  now: Date;
}

const emptyCounts = (): HostCounts => ({ total: 0, success: 0, failed: 0, running: 0, waiting: 0 });

function countHosts(groups: HostGroup[]): HostCounts {
  const counts = emptyCounts();
  for (const group of groups) {
    const phase = hostPhase(group.ipStatus);
    counts[phase] += group.hosts.length;
    counts.total += group.hosts.length;
  }
  return counts;
}

function elapsed(start: Date | null, end: Date | null, now: Date): number | null {
  if (start === null) return null;
  return Math.max(0, (end ?? now).getTime() - start.getTime());
}

function hostDuration(host: HostLog): number | null {
  if (host.totalTimeMs !== null) return host.totalTimeMs;
  if (host.startTime && host.endTime) return host.endTime.getTime() - host.startTime.getTime();
  return null;
}

function failedHost(ref: JobRef, step: StepLog, group: HostGroup, host: HostLog): FailedHost {
  const logIsEmpty = host.logContent.trim().length === 0;
  return {
    ref: { ...ref, stepInstanceId: step.stepInstanceId, bkCloudId: host.bkCloudId, ip: host.ip },
    ip: host.ip,
    bkCloudId: host.bkCloudId,
    phase: hostPhase(group.ipStatus),
    exitCode: host.exitCode,
    errorCode: host.errorCode,
    durationMs: hostDuration(host),
    // Only the tail is cleaned and copied: the rest of a multi-megabyte log is never touched.
    logTail: logIsEmpty ? [] : tailLines(host.logContent, LOG_TAIL_LINES).map(cleanLogText),
    logIsEmpty,
  };
}

export function buildReport(input: ReportInput): JobReport {
  const { ref, log, status, now } = input;
  const statusSteps = new Map((status?.steps ?? []).map((step) => [step.stepInstanceId, step]));

  const steps: StepSummary[] = log.steps.map((step, position) => {
    const fromStatus = statusSteps.get(step.stepInstanceId);
    const durationMs =
      fromStatus?.totalTimeMs ?? elapsed(fromStatus?.startTime ?? null, fromStatus?.endTime ?? null, now);
    return {
      stepInstanceId: step.stepInstanceId,
      index: position + 1,
      name: step.name || fromStatus?.name || `#${position + 1}`,
      status: step.status,
      phase: runPhase(step.status),
      durationMs: runPhase(step.status) === "pending" ? null : durationMs,
      hosts: countHosts(step.groups),
      manualConfirm: fromStatus?.type === 3 || (step.groups.length === 0 && step.status === 7),
    };
  });

  const failureGroups: FailureGroup[] = [];
  const hostStates = new Map<string, keyof Omit<HostCounts, "total">>();
  log.steps.forEach((step, position) => {
    for (const group of step.groups) {
      const phase = hostPhase(group.ipStatus);
      for (const host of group.hosts) {
        const key = `${host.bkCloudId}:${host.ip}`;
        const previous = hostStates.get(key);
        // Worst state wins: failed > running > waiting > success.
        const rank = { failed: 3, running: 2, waiting: 1, success: 0 } as const;
        if (previous === undefined || rank[phase] > rank[previous]) hostStates.set(key, phase);
      }
      if (phase !== "failed" || group.hosts.length === 0) continue;
      failureGroups.push({
        stepInstanceId: step.stepInstanceId,
        stepIndex: position + 1,
        stepName: steps[position]!.name,
        ipStatus: group.ipStatus,
        tag: group.tag,
        hosts: group.hosts.map((host) => failedHost(ref, step, group, host)),
      });
    }
  });

  const hosts = emptyCounts();
  for (const state of hostStates.values()) {
    hosts[state] += 1;
    hosts.total += 1;
  }

  const jobStatus = status?.job.status ?? deriveJobStatus(log.steps.map((step) => step.status));
  const finished = status ? status.finished || isRunFinished(jobStatus) : isRunFinished(jobStatus);
  const startTime = status?.job.startTime ?? null;
  const endTime = finished ? (status?.job.endTime ?? null) : null;
  const durationMs = finished
    ? (status?.job.totalTimeMs ?? elapsed(startTime, endTime, now))
    : elapsed(startTime, null, now);

  return {
    ref,
    name: status?.job.name || log.steps[0]?.name || `#${ref.jobInstanceId}`,
    status: jobStatus,
    phase: runPhase(jobStatus),
    finished,
    operator: status?.job.operator ?? null,
    startTime,
    endTime,
    durationMs,
    steps,
    hosts,
    failureGroups,
    failedHostCount: hosts.failed,
    webUrl: input.webUrl ? `${input.webUrl.replace(/\/+$/, "")}/api_execute/${ref.jobInstanceId}` : null,
    generatedAt: now,
  };
}
