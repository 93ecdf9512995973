// ESB v2's whole-job log (`get_job_instance_log`: every step, every host, every log) read as the
// protocol-independent answers of the JobApi port: a step's groups with exact counts and capped
// lists, just some hosts' logs, and the job's status. Pure; read by the ESB v2 adapter over the
// answer as received, hosts validated as they are read (received-log.ts).
//
// Each reader touches only the hosts it answers about: a 10,000-host group costs its count and
// the few hosts listed, never a pass over every host's log.
import { deriveJobStatus, hostPhase, isRunFinished } from "../core/status.js";
import type { JobRef } from "../core/job-ref.js";
import type { HostGroupQuery } from "../ports/job-api.js";
import type {
  HostIdentity,
  HostLog,
  HostLogText,
  JobInstanceStatus,
  StepHost,
  StepHostGroups,
  StepStatus,
} from "../core/job-model.js";

/** One (ip_status, tag) group of a v2 step: its size, and its hosts read by position. */
export interface HostGroupView {
  ipStatus: number;
  tag: string;
  hostCount: number;
  /** The host at `index` (0 ≤ index < hostCount), validated. */
  hostAt(index: number): HostLog;
  /**
   * The first position of each host by BK-Net + IP (v2's only identity), -1 where absent: one
   * pass over the group however many are asked for, reading no log.
   */
  indexesOf(hosts: readonly Pick<HostLog, "ip" | "bkCloudId">[]): number[];
}

export interface StepLogView {
  stepInstanceId: number;
  name: string;
  status: number;
  groups: HostGroupView[];
}

export interface JobLogView {
  steps: StepLogView[];
  requestId: string | null;
}

export function stepHostOf(group: Pick<HostGroupView, "ipStatus" | "tag">, host: HostLog): StepHost {
  return {
    // v2 knows neither the host id nor an IPv6 address (openapi/bk-job.openapi.yaml, esb-v2).
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

/** Positions of a group's hosts whose log contains the keyword (literal, case-sensitive, like the rest of joblog's log search). */
function matchingPositions(group: HostGroupView, keyword: string): number[] {
  const positions: number[] = [];
  for (let index = 0; index < group.hostCount; index += 1) {
    if (group.hostAt(index).logContent.includes(keyword)) positions.push(index);
  }
  return positions;
}

/** A step's groups as the gateway would give them: exact counts, at most maxHostsPerGroup listed. */
export function groupsOfLogStep(step: StepLogView, query: HostGroupQuery): StepHostGroups {
  const keyword = query.keyword ?? null;
  const listedPerGroup = Math.max(0, query.maxHostsPerGroup);
  const groups = step.groups.flatMap((group) => {
    // Without a keyword, only the listed hosts are read.
    const matched = keyword === null ? null : matchingPositions(group, keyword);
    if (matched !== null && matched.length === 0) return [];
    const hostCount = matched?.length ?? group.hostCount;
    // The digest lists failing hosts only: a 8,000-host success group is counted, not read.
    const listed = query.failuresOnly && hostPhase(group.ipStatus) !== "failed" ? 0 : listedPerGroup;
    const positions = matched?.slice(0, listed) ?? Array.from({ length: Math.min(listed, hostCount) }, (_, index) => index);
    return [{ status: group.ipStatus, tag: group.tag, hostCount, hosts: positions.map((index) => stepHostOf(group, group.hostAt(index))) }];
  });
  return { stepInstanceId: step.stepInstanceId, groups };
}

export function hostLogOf(step: Pick<StepLogView, "name" | "status">, host: HostLog): HostLogText {
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

/**
 * The logs of just these hosts, in the order asked; hosts not in the step are left out. A host
 * has one status in a step, so it is in one group: the smaller groups are searched first, which
 * finds the failing hosts a report shows without scanning the thousands that succeeded.
 */
export function logsOfLogStep(step: StepLogView, hosts: readonly Pick<HostIdentity, "bkCloudId" | "ip">[]): HostLogText[] {
  const found = new Array<HostLogText | null>(hosts.length).fill(null);
  const smallestFirst = [...step.groups].sort((a, b) => a.hostCount - b.hostCount);
  for (const group of smallestFirst) {
    const missing = found.flatMap((log, position) => (log === null ? [position] : []));
    if (missing.length === 0) break;
    group.indexesOf(missing.map((position) => hosts[position]!)).forEach((index, k) => {
      if (index >= 0) found[missing[k]!] = hostLogOf(step, group.hostAt(index));
    });
  }
  return found.filter((log) => log !== null);
}

export function hostLogInLog(log: JobLogView, stepInstanceId: number, host: HostIdentity): HostLogText | null {
  const step = log.steps.find((candidate) => candidate.stepInstanceId === stepInstanceId);
  return (step && logsOfLogStep(step, [host])[0]) ?? null;
}

/**
 * The status a report reads, from both v2 answers: the steps are the log's (its order, names
 * and statuses), with type and times from the status call when it answered. Without it, the
 * job's state is derived from its steps, and names and times stay unknown.
 */
export function statusWithLog(ref: JobRef, status: JobInstanceStatus | null, log: JobLogView): JobInstanceStatus {
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
      hosts: fromStatus?.hosts ?? hostStatusesOf(logStep),
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

/** Every host's status in a step, from the log alone (when the status call did not answer). */
function hostStatusesOf(step: StepLogView): StepStatus["hosts"] {
  return step.groups.flatMap((group) =>
    Array.from({ length: group.hostCount }, (_, index) => {
      const { ip, bkCloudId } = group.hostAt(index);
      return { ip, bkCloudId, status: group.ipStatus };
    }),
  );
}
