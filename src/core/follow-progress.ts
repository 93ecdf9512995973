// A running job as a follower sees it, from BK-JOB's status answer alone (one cheap call a poll):
// each step's state and host counts, and which hosts have failed. Pure.
import { hostIdentityKey } from "./host-identity.js";
import type { JobInstanceStatus } from "./job-model.js";
import type { HostCounts, StepSummary } from "./report-model.js";
import { summariseStep } from "./step-summary.js";
import { hostPhase, isRunFinished, runPhase, type RunPhase } from "./status.js";
import type { JobRef } from "./job-ref.js";

/** A step as the report shows it (core/step-summary.ts), with what following needs besides. */
export interface StepProgress extends StepSummary {
  finished: boolean;
  failedHostKeys: string[];
}

export interface JobProgress {
  ref: JobRef;
  name: string;
  status: number;
  phase: RunPhase;
  finished: boolean;
  startTime: Date | null;
  durationMs: number | null;
  steps: StepProgress[];
  /** Equal fingerprints mean nothing a follower sees has changed. */
  fingerprint: string;
}

export function buildProgress(ref: JobRef, status: JobInstanceStatus, now: Date): JobProgress {
  const steps = status.steps.map((step, position): StepProgress => {
    const hosts: HostCounts = { total: 0, success: 0, failed: 0, running: 0, waiting: 0 };
    const failedHostKeys: string[] = [];
    for (const [index, host] of step.hosts.entries()) {
      const phase = hostPhase(host.status);
      hosts[phase] += 1;
      hosts.total += 1;
      // An IPv6-only host on ESB v2 has no id and no IPv4: its place in the step keeps it apart.
      if (phase === "failed") failedHostKeys.push(hostIdentityKey(host) ?? `${host.bkCloudId}:#${index}`);
    }
    return {
      ...summariseStep(step, position, hosts, step.hosts.length > 0, now),
      finished: isRunFinished(step.status),
      failedHostKeys: failedHostKeys.sort(),
    };
  });
  const jobStatus = status.job.status;
  const finished = status.finished || isRunFinished(jobStatus);
  const start = status.job.startTime;
  const durationMs = start === null ? null : finished ? (status.job.totalTimeMs ?? (status.job.endTime ?? now).getTime() - start.getTime()) : now.getTime() - start.getTime();
  return {
    ref,
    name: status.job.name || `#${ref.jobInstanceId}`,
    status: jobStatus,
    phase: runPhase(jobStatus),
    finished,
    startTime: start,
    durationMs,
    steps,
    fingerprint: JSON.stringify([jobStatus, finished, steps.map((step) => [step.status, step.hosts, step.failedHostKeys])]),
  };
}
