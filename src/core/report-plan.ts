// What a report needs from BK-JOB, decided before asking: which steps' hosts, how many hosts
// listed per group, and which hosts' logs. Pure. The same plan for every protocol is what makes
// their reports equal; it is also what keeps a 10,000-host report as cheap as a 10-host one.
import type { JobInstanceStatus, StepHostGroup, StepHostGroups, StepRef, StepStatus } from "./job-model.js";
import { hostPhase, runPhase, STEP_TYPE_FILE, STEP_TYPE_MANUAL_CONFIRM } from "./status.js";

/** Failing hosts one message lists, each with a Show log button; their logs are fetched. */
export const REPORT_LISTED_HOSTS = 10;
/** Hosts listed per (status, tag) group: no group can need more than the message lists. */
export const REPORT_HOSTS_PER_GROUP = REPORT_LISTED_HOSTS;
/** Hosts a log search lists with their matching lines, and their cap per group. */
export const GREP_LISTED_HOSTS = 10;

/** Steps that can have hosts: started, and not a manual confirmation (which has none). */
export function stepsWithHosts(status: JobInstanceStatus): StepStatus[] {
  return status.steps.filter((step) => runPhase(step.status) !== "pending" && step.type !== STEP_TYPE_MANUAL_CONFIRM);
}

/** Steps a log search covers: BK-JOB searches script (and SQL) output, not file transfers. */
export function searchableSteps(status: JobInstanceStatus): StepStatus[] {
  return stepsWithHosts(status).filter((step) => step.type !== STEP_TYPE_FILE);
}

export function stepRef(step: StepStatus): StepRef {
  return { stepInstanceId: step.stepInstanceId, type: step.type };
}

export interface LogRequest {
  step: StepRef;
  hosts: StepHostGroup["hosts"];
}

/**
 * The first `limit` hosts over the steps' groups, in report order (step, then BK-JOB's group
 * order), that `include` accepts, batched per step.
 */
export function hostsToLog(
  status: JobInstanceStatus,
  groupsByStep: ReadonlyMap<number, StepHostGroups>,
  limit: number,
  include: (group: StepHostGroup) => boolean,
): LogRequest[] {
  const requests: LogRequest[] = [];
  let remaining = limit;
  for (const step of status.steps) {
    if (remaining <= 0) break;
    const hosts = (groupsByStep.get(step.stepInstanceId)?.groups ?? [])
      .filter(include)
      .flatMap((group) => group.hosts)
      .slice(0, remaining);
    if (hosts.length === 0) continue;
    requests.push({ step: stepRef(step), hosts });
    remaining -= hosts.length;
  }
  return requests;
}

export const isFailureGroup = (group: StepHostGroup): boolean => hostPhase(group.status) === "failed" && group.hostCount > 0;
