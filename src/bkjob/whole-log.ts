// ESB v2's whole-job log (`get_job_instance_log`: every step, every host, every log) read as the
// protocol-independent answers of the JobApi port: a step's groups with exact counts and capped
// lists, just some hosts' logs, and the job's status. Pure; shared by the ESB v2 adapter and the
// report builder's v2-shaped entry point.
import { deriveJobStatus, isRunFinished } from "../core/status.js";
import type { HostGroupQuery, JobRef } from "../ports.js";
import type {
  HostGroup,
  HostIdentity,
  HostLog,
  HostLogText,
  JobInstanceLog,
  JobInstanceStatus,
  StepHost,
  StepHostGroups,
  StepLog,
  StepStatus,
} from "./job-model.js";

export function stepHostOf(group: HostGroup, host: HostLog): StepHost {
  return {
    // v2 knows neither the host id nor an IPv6 address (bkjob-api.md §5).
    bkHostId: null,
    bkCloudId: host.bkCloudId,
    ip: host.ip,
    ipv6: null,
    status: group.ipStatus,
    tag: group.tag,
    exitCode: host.exitCode,
    errorCode: host.errorCode,
    startTime: host.startTime,
    endTime: host.endTime,
    totalTimeMs: host.totalTimeMs,
  };
}

/** A step's groups as the gateway would give them: exact counts, at most maxHostsPerGroup listed. */
export function groupsOfLogStep(step: StepLog, query: HostGroupQuery): StepHostGroups {
  const keyword = query.keyword ?? null;
  const groups = step.groups.flatMap((group) => {
    // Literal and case-sensitive, like the rest of joblog's log search.
    const hosts = keyword === null ? group.hosts : group.hosts.filter((host) => host.logContent.includes(keyword));
    if (keyword !== null && hosts.length === 0) return [];
    return [
      {
        status: group.ipStatus,
        tag: group.tag,
        hostCount: hosts.length,
        hosts: hosts.slice(0, Math.max(0, query.maxHostsPerGroup)).map((host) => stepHostOf(group, host)),
      },
    ];
  });
  return { stepInstanceId: step.stepInstanceId, groups };
}

/** The host's entry in a v2 step, by BK-Net + IP (the only identity v2 has). */
function findHost(step: StepLog, host: Pick<HostIdentity, "bkCloudId" | "ip">): HostLog | null {
  for (const group of step.groups) {
    const found = group.hosts.find((candidate) => candidate.ip === host.ip && candidate.bkCloudId === host.bkCloudId);
    if (found) return found;
  }
  return null;
}

export function hostLogOf(step: StepLog, host: HostLog): HostLogText {
  return {
    bkHostId: null,
    bkCloudId: host.bkCloudId,
    ip: host.ip,
    ipv6: null,
    // For a file step v2 has only the per-file lines joined: no structure to show.
    text: host.logContent,
    files: null,
    step: { name: step.name, status: step.status },
  };
}

/** The logs of just these hosts; hosts not in the step are left out. */
export function logsOfLogStep(step: StepLog, hosts: readonly HostIdentity[]): HostLogText[] {
  return hosts.flatMap((host) => {
    const found = findHost(step, host);
    return found ? [hostLogOf(step, found)] : [];
  });
}

export function hostLogInLog(log: JobInstanceLog, stepInstanceId: number, host: HostIdentity): HostLogText | null {
  const step = log.steps.find((candidate) => candidate.stepInstanceId === stepInstanceId);
  const found = step ? findHost(step, host) : null;
  return step && found ? hostLogOf(step, found) : null;
}

/**
 * The status a report reads, from both v2 answers: the steps are the log's (its order, names
 * and statuses), with type and times from the status call when it answered. Without it, the
 * job's state is derived from its steps and names and times stay unknown, as joblog always did.
 */
export function statusWithLog(ref: JobRef, status: JobInstanceStatus | null, log: JobInstanceLog): JobInstanceStatus {
  const statusSteps = new Map((status?.steps ?? []).map((step) => [step.stepInstanceId, step]));
  const steps = log.steps.map((logStep, position): StepStatus => {
    const fromStatus = statusSteps.get(logStep.stepInstanceId);
    return {
      stepInstanceId: logStep.stepInstanceId,
      name: logStep.name || fromStatus?.name || `#${position + 1}`,
      status: logStep.status,
      type: fromStatus?.type ?? null,
      executeCount: fromStatus?.executeCount ?? 0,
      startTime: fromStatus?.startTime ?? null,
      endTime: fromStatus?.endTime ?? null,
      totalTimeMs: fromStatus?.totalTimeMs ?? null,
      hosts:
        fromStatus?.hosts ??
        logStep.groups.flatMap((group) => group.hosts.map((host) => ({ ip: host.ip, bkCloudId: host.bkCloudId, status: group.ipStatus }))),
    };
  });
  if (status) return { ...status, steps };
  const jobStatus = deriveJobStatus(log.steps.map((step) => step.status));
  return {
    finished: isRunFinished(jobStatus),
    job: {
      jobInstanceId: ref.jobInstanceId,
      bizId: ref.bizId,
      name: log.steps[0]?.name ?? "",
      status: jobStatus,
      operator: null,
      startWay: null,
      createTime: null,
      startTime: null,
      endTime: null,
      totalTimeMs: null,
    },
    steps,
    requestId: log.requestId,
  };
}
