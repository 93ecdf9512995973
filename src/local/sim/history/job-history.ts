// Each simulated business's execution history: hundreds of runs over the days before the
// simulator started (cron launches at their hour, people's deploys in office hours, API
// launches by CI, quick scripts), drawn from run-plans.ts by a seeded generator, so the same
// seed and start give the same history. Runs keep coming after the start when rules ask for
// them (new-runs.ts). Ids continue bk-job's own numbering: job_execute's task_instance table
// starts at AUTO_INCREMENT=20000000000 (support-files/sql/job-execute/0001_…_V3.0.0_mysql.sql).
import { SIM_BUSINESSES } from "../scenarios.js";
import { ENDINGS, MANUAL_PLANS, CRON_PLANS, API_CALLER, LAUNCH, type RunPlan } from "./run-plans.js";
import { STEP_TYPE } from "../model.js";

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const UTC_PLUS_8_MS = 8 * 60 * MINUTE;

export const HISTORY_FIRST_ID = 20_000_000_001;

export interface HistoryRun {
  jobInstanceId: number;
  bizId: number;
  plan: RunPlan;
  /** job_cron_id: the cron that launched it, else 0. */
  cronId: number;
  launchMode: number;
  operator: string;
  createTime: number;
  durationMs: number;
  /** The job's status once it has ended: 3, 4 (a step failed), 11 (terminated), 13 (confirmation refused). */
  ending: number;
  /** The step the run ends in when it does not succeed (its index). */
  endingStep: number;
  /** How many hosts fail in that step. */
  failingHosts: number;
  /** The hosts every step of the run targets. */
  ips: string[];
}

export interface HistoryOptions {
  /** The simulator's start: history ends here. */
  anchor: number;
  seed: number;
  /** How far back history goes; more than the list's 30-day window, so a window can slide. */
  days?: number;
}

/** mulberry32: a small, well-known seeded generator; good enough to pick plausible runs. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Draft = Omit<HistoryRun, "jobInstanceId">;

const ALL_PLANS: readonly RunPlan[] = [...MANUAL_PLANS, ...CRON_PLANS];

/** The plan's hosts in a business: one /24 per plan, so an `ip` filter picks a plan's runs. */
export function planIps(bizId: number, plan: RunPlan): string[] {
  const planIndex = Math.max(0, ALL_PLANS.findIndex((known) => known.name === plan.name)) + 1;
  return Array.from({ length: plan.hostCount }, (_, index) => `10.${10 + bizId}.${planIndex}.${index + 1}`);
}

/** How a run of `plan` ends: drawn from its rates, in the step that makes sense for the ending. */
export function drawEnding(plan: RunPlan, random: () => number): Pick<HistoryRun, "ending" | "endingStep" | "failingHosts"> {
  const roll = random();
  const scriptSteps = plan.steps.flatMap((step, index) => (step.type === STEP_TYPE.manualConfirm ? [] : [index]));
  const manualStep = plan.steps.findIndex((step) => step.type === STEP_TYPE.manualConfirm);
  const pick = (): number => scriptSteps[Math.floor(random() * scriptSteps.length)] ?? 0;
  const failingHosts = 1 + Math.floor(random() * Math.max(1, Math.floor(plan.hostCount / 2)));
  if (roll < plan.failRate) {
    if (manualStep >= 0 && random() < 0.5) return { ending: ENDINGS.rejected, endingStep: manualStep, failingHosts: 0 };
    return { ending: ENDINGS.failed, endingStep: pick(), failingHosts };
  }
  if (roll < plan.failRate + plan.stopRate) return { ending: ENDINGS.stopped, endingStep: pick(), failingHosts: 0 };
  return { ending: ENDINGS.success, endingStep: plan.steps.length - 1, failingHosts: 0 };
}

function draftRun(bizId: number, plan: RunPlan, createTime: number, random: () => number, cron?: { cronId: number; owner: string }): Draft {
  const api = !cron && random() < plan.apiShare;
  const operator = cron ? cron.owner : api ? API_CALLER : (plan.operators[Math.floor(random() * plan.operators.length)] ?? "admin");
  const [min, max] = plan.duration;
  return {
    bizId,
    plan,
    cronId: cron?.cronId ?? 0,
    launchMode: cron ? LAUNCH.cron : api ? LAUNCH.api : LAUNCH.web,
    operator,
    createTime,
    durationMs: Math.round((min + random() * (max - min)) * 1000),
    ...drawEnding(plan, random),
    ips: planIps(bizId, plan),
  };
}

function businessDrafts(bizId: number, { anchor, seed, days = 35 }: HistoryOptions): Draft[] {
  const random = seededRandom(seed ^ Math.imul(bizId, 7919));
  const firstAllowed = anchor - days * DAY;
  const todayStart = Math.floor((anchor + UTC_PLUS_8_MS) / DAY) * DAY - UTC_PLUS_8_MS; // Beijing midnight
  const drafts: Draft[] = [];
  const keep = (createTime: number): boolean => createTime >= firstAllowed && createTime < anchor;
  for (let day = days; day >= 0; day -= 1) {
    const dayStart = todayStart - day * DAY;
    for (const cron of CRON_PLANS) {
      for (const minute of cron.launchesAt) {
        const createTime = dayStart + minute * MINUTE;
        const draft = draftRun(bizId, cron, createTime, random, cron);
        if (keep(createTime)) drafts.push(draft);
      }
    }
    for (const plan of MANUAL_PLANS) {
      const [min, max] = plan.perDay;
      const count = Math.floor(min + random() * (max - min + 1));
      for (let index = 0; index < count; index += 1) {
        // Office hours in Beijing, to the second.
        const createTime = dayStart + 9 * 60 * MINUTE + Math.floor(random() * 12 * 60 * 60) * 1000;
        const draft = draftRun(bizId, plan, createTime, random);
        if (keep(createTime)) drafts.push(draft);
      }
    }
  }
  return drafts;
}

/** Every business's history, oldest first, with ids in that order (bk-job numbers runs as they are created). */
export function generateHistory(options: HistoryOptions): HistoryRun[] {
  const drafts = [...SIM_BUSINESSES.keys()].flatMap((bizId) => businessDrafts(bizId, options));
  drafts.sort((a, b) => a.createTime - b.createTime || a.bizId - b.bizId);
  return drafts.map((draft, index) => ({ ...draft, jobInstanceId: HISTORY_FIRST_ID + index }));
}
