// One simulator's history: the generated past (made on first use, so starting a simulator
// stays cheap) plus the runs that rules add after the start, found by id and listed as of an
// instant. New runs are numbered after the past, in the order they are created.
import { RUN_STATUS, STEP_TYPE } from "../model.js";
import type { TimedJob } from "../timed-job.js";
import { generateHistory, planIps, type HistoryOptions, type HistoryRun } from "./job-history.js";
import { CRON_PLANS, LAUNCH, MANUAL_PLANS, TASK_TYPE, type RunPlan } from "./run-plans.js";
import { runTimeline } from "./run-timeline.js";

/** "A failed run of deploy-web every 10 minutes": new runs for watch scenarios. */
export interface NewRunsRule {
  bizId: number;
  /** A plan of run-plans.ts (its steps and hosts), or any name (one script step on 2 hosts). */
  name: string;
  /** A new run every this many ms of the simulator's clock, the first one after `firstAfterMs` (default: everyMs). */
  everyMs: number;
  firstAfterMs?: number;
  /** Each run runs this long (default 60 s), then ends with `ending` (default 4, failed). */
  runsForMs?: number;
  ending?: number;
  operator?: string;
  launchMode?: number;
}

/** The watch demo: deploy-web in business 1 fails every 10 minutes. */
export const WATCH_DEMO_RULES: readonly NewRunsRule[] = [{ bizId: 1, name: "deploy-web", everyMs: 10 * 60_000 }];

export interface JobHistory {
  /** Every run created by `now`, newest first (create_time desc, then id, as bk-job sorts). */
  runs(now: number): HistoryRun[];
  find(jobInstanceId: number, now: number): HistoryRun | undefined;
  timeline(run: HistoryRun): TimedJob;
}

export function createJobHistory(options: HistoryOptions & { newRuns?: readonly NewRunsRule[] }): JobHistory {
  let past: { runs: HistoryRun[]; byId: Map<number, HistoryRun> } | null = null;
  const timelines = new WeakMap<HistoryRun, TimedJob>();
  const generated = new Map<string, HistoryRun>();
  const rules = options.newRuns ?? [];

  const thePast = () => {
    if (!past) {
      const runs = generateHistory(options);
      past = { runs, byId: new Map(runs.map((run) => [run.jobInstanceId, run])) };
    }
    return past;
  };

  /** The rules' runs created by `now`, numbered after the past in creation order. */
  function newRuns(now: number): HistoryRun[] {
    const slots = rules.flatMap((rule, ruleIndex) => {
      const first = options.anchor + (rule.firstAfterMs ?? rule.everyMs);
      const count = rule.everyMs > 0 && now >= first ? Math.floor((now - first) / rule.everyMs) + 1 : 0;
      return Array.from({ length: count }, (_, index) => ({ rule, ruleIndex, index, createTime: first + index * rule.everyMs }));
    });
    slots.sort((a, b) => a.createTime - b.createTime || a.ruleIndex - b.ruleIndex);
    const firstId = (thePast().runs.at(-1)?.jobInstanceId ?? 0) + 1;
    return slots.map((slot, order) => {
      const key = `${slot.ruleIndex}:${slot.index}`;
      let run = generated.get(key);
      if (!run) {
        run = newRun(slot.rule, slot.createTime, firstId + order);
        generated.set(key, run);
      }
      return run;
    });
  }

  return {
    runs(now) {
      const all = [...thePast().runs.filter((run) => run.createTime <= now), ...newRuns(now)];
      return all.sort((a, b) => b.createTime - a.createTime || a.jobInstanceId - b.jobInstanceId);
    },
    find(jobInstanceId, now) {
      return thePast().byId.get(jobInstanceId) ?? newRuns(now).find((run) => run.jobInstanceId === jobInstanceId);
    },
    timeline(run) {
      let timeline = timelines.get(run);
      if (!timeline) {
        timeline = runTimeline(run);
        timelines.set(run, timeline);
      }
      return timeline;
    },
  };
}

const KNOWN_PLANS: readonly RunPlan[] = [...MANUAL_PLANS, ...CRON_PLANS];

function newRun(rule: NewRunsRule, createTime: number, jobInstanceId: number): HistoryRun {
  const plan: RunPlan = KNOWN_PLANS.find((known) => known.name === rule.name) ?? {
    name: rule.name, type: TASK_TYPE.plan, planId: 1999, templateId: 199,
    steps: [{ name: rule.name, type: STEP_TYPE.script, line: `${rule.name}: in progress` }],
    hostCount: 2, duration: [60, 60], failRate: 0, stopRate: 0, failLine: `job_fail: ${rule.name} failed`, operators: ["zhangsan"], apiShare: 0,
  };
  const ending = rule.ending ?? RUN_STATUS.failed;
  // The run ends in its last script step (a refusal: at its confirmation), on its first two hosts.
  const scriptSteps = plan.steps.flatMap((step, index) => (step.type === STEP_TYPE.manualConfirm ? [] : [index]));
  const manualStep = plan.steps.findIndex((step) => step.type === STEP_TYPE.manualConfirm);
  const endingStep =
    ending === RUN_STATUS.success ? plan.steps.length - 1 : ending === RUN_STATUS.confirmTerminated && manualStep >= 0 ? manualStep : (scriptSteps.at(-1) ?? 0);
  const cron = CRON_PLANS.find((known) => known.name === plan.name);
  return {
    jobInstanceId,
    bizId: rule.bizId,
    plan,
    cronId: rule.launchMode === LAUNCH.cron ? (cron?.cronId ?? 0) : 0,
    launchMode: rule.launchMode ?? LAUNCH.web,
    operator: rule.operator ?? plan.operators[0] ?? "zhangsan",
    createTime,
    durationMs: rule.runsForMs ?? 60_000,
    ending,
    endingStep,
    failingHosts: ending === RUN_STATUS.failed ? Math.min(2, plan.hostCount) : 0,
    ips: planIps(rule.bizId, plan),
  };
}
