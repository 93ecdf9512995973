// Which host's log "📄 Show log" on a followed job opens: the failing hosts when there are any,
// else the hosts of the latest started step that have printed something, most recent first.
// The first is shown; the rest are offered in the modal's host picker.
import type { StepHost, StepStatus } from "../core/job-model.js";
import { ok, type Result } from "../core/upstream-error.js";
import { hostRefOf, logKey } from "../core/report.js";
import type { HostRef } from "../core/report-model.js";
import { hostsToLog, isFailureGroup, stepRef, stepsWithHosts } from "../core/report-plan.js";
import { hostPhase } from "../core/status.js";
import type { JobRef } from "../core/job-ref.js";
import type { JobApi } from "../ports/job-api.js";
import { readGroups } from "./job-report.js";

/** Hosts offered at most: a picker longer than this is not a choice a person makes in an incident. */
export const MAX_LOG_HOSTS = 10;

export interface LogHost {
  ref: HostRef;
  stepIndex: number; // 1-based
  stepName: string;
  /** The host's status in that step (§7.2). */
  status: number;
}

export type LogHosts = { kind: "failing" | "recent"; hosts: LogHost[] } | { kind: "none"; hosts: [] };

/** A host's place in time: running now first, then the latest to finish or start. */
function recency(host: StepHost): number {
  if (hostPhase(host.status) === "running") return Number.POSITIVE_INFINITY;
  return (host.endTime ?? host.startTime)?.getTime() ?? 0;
}

export async function findLogHosts(deps: { jobApi: JobApi }, ref: JobRef): Promise<Result<LogHosts>> {
  const read = deps.jobApi.read(ref, { wholeReport: true });
  const status = await read.getJobStatus();
  if (!status.ok) return status;
  const steps = stepsWithHosts(status.value);
  const groups = await readGroups(read, steps, { maxHostsPerGroup: MAX_LOG_HOSTS });
  if (!groups.ok) return groups;
  const stepOf = new Map(status.value.steps.map((step, index) => [step.stepInstanceId, { step, index: index + 1 }]));
  const toLogHost = (step: StepStatus, host: StepHost): LogHost => ({
    ref: hostRefOf(ref, step.stepInstanceId, host, host.ipv6),
    stepIndex: stepOf.get(step.stepInstanceId)?.index ?? 0,
    stepName: step.name,
    status: host.status,
  });

  const failing = hostsToLog(status.value, groups.value, MAX_LOG_HOSTS, isFailureGroup).flatMap((request) => {
    const step = stepOf.get(request.step.stepInstanceId)!.step;
    return request.hosts.map((host) => toLogHost(step, host));
  });
  if (failing.length > 0) return ok({ kind: "failing", hosts: failing });

  // Latest step first; the first step whose hosts printed anything is the one to show.
  for (const step of [...steps].reverse()) {
    const hosts = (groups.value.get(step.stepInstanceId)?.groups ?? []).flatMap((group) => group.hosts).slice(0, MAX_LOG_HOSTS);
    if (hosts.length === 0) continue;
    const logs = await read.getHostLogs(stepRef(step), hosts);
    if (!logs.ok) return logs;
    const printed = new Set(
      logs.value.filter((log) => log.text.trim().length > 0 || (log.files?.length ?? 0) > 0).map((log) => logKey(step.stepInstanceId, log)),
    );
    const withOutput = hosts
      .filter((host) => printed.has(logKey(step.stepInstanceId, host)))
      .sort((a, b) => recency(b) - recency(a));
    if (withOutput.length > 0) return ok({ kind: "recent", hosts: withOutput.map((host) => toLogHost(step, host)) });
  }
  return ok({ kind: "none", hosts: [] });
}
