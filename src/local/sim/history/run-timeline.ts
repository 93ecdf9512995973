// A history run as a job that BK-JOB's status and log APIs can report: its plan's steps laid
// end to end over the run's duration, hosts finishing one after another, and the run's ending
// in its ending step (failing hosts with the plan's failure line, force-terminated hosts, or a
// refused confirmation). Timed like the running scenarios, so a run that is still going when
// someone looks reports its progress (timed-job.ts).
import { HOST_STATUS, RUN_STATUS, STEP_TYPE } from "../model.js";
import type { TimedHost, TimedJob, TimedStep } from "../timed-job.js";
import type { HistoryRun } from "./job-history.js";
import type { PlanStep } from "./run-plans.js";

const SECOND = 1000;

const success: TimedHost["outcome"] = { ipStatus: HOST_STATUS.success, exitCode: 0, errorCode: 0, tag: "" };

export function runTimeline(run: HistoryRun): TimedJob {
  const stepCount = run.plan.steps.length;
  const stepMs = Math.max(SECOND, Math.floor(run.durationMs / stepCount));
  const window = (index: number): [number, number] => [index * stepMs, index === stepCount - 1 ? Math.max(run.durationMs, index * stepMs + SECOND) : (index + 1) * stepMs];
  const steps = run.plan.steps.map((step, index): TimedStep => {
    const [from, until] = window(index);
    const ran = index <= run.endingStep;
    return {
      stepInstanceId: run.jobInstanceId * 10 + index + 1,
      stepId: index + 1,
      name: step.name,
      type: step.type,
      startsAtMs: ran ? from : null,
      endsAtMs: ran ? until : null,
      finalStatus: ran ? stepEnding(run, index) : RUN_STATUS.pending,
      hosts: ran && step.type !== STEP_TYPE.manualConfirm ? hostsOf(run, step, index, from, until) : [],
    };
  });
  return {
    bizId: run.bizId,
    jobInstanceId: run.jobInstanceId,
    bkJobId: run.plan.planId,
    name: run.plan.name,
    operator: run.operator,
    startWay: run.launchMode,
    endsAtMs: window(run.endingStep)[1],
    finalStatus: run.ending,
    steps,
  };
}

function stepEnding(run: HistoryRun, index: number): number {
  if (index < run.endingStep) return RUN_STATUS.success;
  return run.ending === RUN_STATUS.success ? RUN_STATUS.success : run.ending;
}

function hostsOf(run: HistoryRun, step: PlanStep, index: number, from: number, until: number): TimedHost[] {
  const ending = index === run.endingStep ? run.ending : RUN_STATUS.success;
  return run.ips.map((ip, hostIndex): TimedHost => {
    // Hosts finish one after another; the last one at the step's end.
    const finishes = from + Math.round(((until - from) * (hostIndex + 1)) / run.ips.length);
    const fails = ending === RUN_STATUS.failed && hostIndex < run.failingHosts;
    const stopped = ending === RUN_STATUS.stopSuccess;
    const ends = stopped ? until : finishes;
    const lines = [
      { atMs: from, text: "job_start" },
      { atMs: Math.min(from + SECOND, ends), text: step.line },
      ...(stopped ? [] : [{ atMs: ends, text: fails ? run.plan.failLine : "job_success" }]),
    ];
    const outcome = fails
      ? { ipStatus: HOST_STATUS.nonZeroExitCode, exitCode: 1, errorCode: 0, tag: "" }
      : stopped
        ? { ipStatus: HOST_STATUS.forceTerminated, exitCode: 0, errorCode: 0, tag: "" }
        : success;
    return { ip, bkCloudId: 0, pid: 20_000 + (run.jobInstanceId % 1000) * 10 + hostIndex, runsFromMs: from, runsUntilMs: ends, outcome, lines };
  });
}
