// The jobs get_job_instance_list can return for a business, as rows: the history's runs (as of
// now, or as operated) and the scenarios people open from the list (running, waiting, failed,
// operable). The other scenarios (error answers, the big jobs, the follow benchmark's fleet)
// are found by job_instance_id only, so they neither slow the list nor drown the history.
import type { ScenarioState } from "../job-calls.js";
import { isFinishedRunStatus, RUN_STATUS, type SimJob } from "../model.js";
import { findScenario, SCENARIOS, type Scenario, type ScenarioName } from "../scenarios.js";
import { snapshotTimedJob } from "../timed-job.js";
import type { HistoryRun } from "./job-history.js";
import { TASK_TYPE } from "./run-plans.js";

export interface ListRow {
  jobInstanceId: number;
  bizId: number;
  name: string;
  operator: string;
  launchMode: number;
  status: number;
  type: number;
  planId: number;
  templateId: number;
  cronId: number;
  createTime: number;
  startTime: number | null;
  endTime: number | null;
  totalTime: number | null;
  /** The hosts the job targets (for the `ip` filter), worked out only when asked. */
  ips(): string[];
}

const LISTED: readonly ScenarioName[] = [
  "seed", "otherBusiness", "multiStepFailure", "fileTransfer", "ipv6Hosts", "running", "runningSuccess", "manualConfirm",
  "retryable", "awaitingConfirmation", "longRunning", "stuckStopping",
];

/** Rows of business `bizId`, newest first; with a job id, at most that job's row. */
export function listRows(state: ScenarioState, bizId: number, jobInstanceId: number | null): ListRow[] {
  const now = state.now();
  if (jobInstanceId !== null && jobInstanceId > 0) {
    const run = state.history.find(jobInstanceId, now);
    const row = run ? runRow(state, run, now) : scenarioRow(state, findScenario(jobInstanceId), now);
    return row && row.bizId === bizId ? [row] : [];
  }
  const runs = state.history.runs(now).filter((run) => run.bizId === bizId).map((run) => runRow(state, run, now));
  const scenarios = LISTED.flatMap((name) => {
    const row = SCENARIOS[name].bizId === bizId ? scenarioRow(state, findScenario(SCENARIOS[name].jobInstanceId), now) : null;
    return row ? [row] : [];
  });
  return [...runs, ...scenarios].sort((a, b) => b.createTime - a.createTime || a.jobInstanceId - b.jobInstanceId);
}

function runRow(state: ScenarioState, run: HistoryRun, now: number): ListRow {
  const plan = { type: run.plan.type, planId: run.plan.planId, templateId: run.plan.templateId, cronId: run.cronId };
  const live = state.liveJobs.snapshot(run.jobInstanceId, now);
  if (live) return jobRow(live, now, plan);
  const timeline = state.history.timeline(run);
  const ended = now >= run.createTime + timeline.endsAtMs;
  const endTime = ended ? run.createTime + timeline.endsAtMs : null;
  return {
    jobInstanceId: run.jobInstanceId,
    bizId: run.bizId,
    name: run.plan.name,
    operator: run.operator,
    launchMode: run.launchMode,
    status: ended ? run.ending : RUN_STATUS.running,
    ...plan,
    createTime: run.createTime,
    startTime: run.createTime,
    endTime,
    totalTime: (endTime ?? now) - run.createTime,
    ips: () => run.ips,
  };
}

function scenarioRow(state: ScenarioState, scenario: Scenario | undefined, now: number): ListRow | null {
  if (!scenario) return null;
  const job = state.liveJobs.snapshot(scenario.jobInstanceId, now) ?? scenarioJob(state, scenario, now);
  return job ? jobRow(job, now, { type: TASK_TYPE.plan, planId: job.bkJobId, templateId: job.bkJobId, cronId: 0 }) : null;
}

/** The job a scenario answers with now; null for scenarios that answer with an error. */
function scenarioJob(state: ScenarioState, scenario: Scenario, now: number): SimJob | null {
  const behaviour = scenario.behaviour;
  switch (behaviour.kind) {
    case "job":
      return behaviour.job(state.runStartedAt(scenario.jobInstanceId));
    case "timed":
      return snapshotTimedJob(behaviour.timeline, state.runStartedAt(scenario.jobInstanceId), now);
    case "operator-only":
    case "fail-once":
    case "truncated":
      return behaviour.job();
    default:
      return null;
  }
}

function jobRow(job: SimJob, now: number, plan: Pick<ListRow, "type" | "planId" | "templateId" | "cronId">): ListRow {
  // TaskResultServiceImpl.computeTotalTime: a job still going counts up to now.
  const going = !isFinishedRunStatus(job.status) && job.startTime !== null;
  const totalTime = job.startTime === null ? null : job.endTime !== null ? job.endTime - job.startTime : going ? now - job.startTime : null;
  return {
    jobInstanceId: job.jobInstanceId,
    bizId: job.bizId,
    name: job.name,
    operator: job.operator,
    launchMode: job.startWay,
    status: job.status,
    ...plan,
    createTime: job.createTime,
    startTime: job.startTime,
    endTime: job.endTime,
    totalTime,
    ips: () => [...new Set(job.steps.flatMap((step) => step.hosts.map((host) => host.ip)))],
  };
}
