// What a person may do about a job from a message (retry, ignore, skip, confirm, reject,
// terminate), and where: joblog's own reading of bk-job's rules, written from
// https://github.com/TencentBlueKing/bk-job/blob/master/src/backend/job-execute/service-job-execute/src/main/java/com/tencent/bk/job/execute/service/impl/TaskExecuteServiceImpl.java
// (doStepOperation and the checks it calls, doTaskOperation) with the codes of
// StepOperationEnum and TaskOperationEnum. bk-job decides by the step's status (and, for a
// confirmation, its type); an action offered anywhere else would only earn 1241003
// "unsupported operation". Pure.
import type { JobRef } from "./job-ref.js";
import type { StepSummary } from "./report-model.js";

export const STEP_ACTIONS = ["retry_failed", "retry_all", "ignore_error", "skip", "confirm", "reject", "terminate"] as const;
export type StepAction = (typeof STEP_ACTIONS)[number];

/** operate_step_instance's operation_code (StepOperationEnum); terminate is operate_job_instance's 1 (TaskOperationEnum). */
export const OPERATION_CODE: Readonly<Record<StepAction, number>> = {
  retry_failed: 2,
  retry_all: 8,
  ignore_error: 3,
  skip: 12,
  confirm: 6,
  reject: 9,
  terminate: 1,
};

export const isStepAction = (value: unknown): value is StepAction => (STEP_ACTIONS as readonly unknown[]).includes(value);

/** RunStatusEnum values the rules name. */
const FAILED = 4;
const WAITING_USER = 7;
const ABNORMAL = 9;
const STOPPING = 10;
const STOP_SUCCESS = 11;
const RUNNING = 2;

/** isStepRetryable: failed, abnormal and terminate-succeeded steps may be run again (whole, or just their failed hosts). */
const RETRYABLE: ReadonlySet<number> = new Set([FAILED, ABNORMAL, STOP_SUCCESS]);
/** ignoreError: a failed step (bk-job lets an abnormal one through too). */
const IGNORABLE: ReadonlySet<number> = new Set([FAILED, ABNORMAL]);
/** terminateJob: a running job, or one waiting for a confirmation. */
const TERMINABLE: ReadonlySet<number> = new Set([RUNNING, WAITING_USER]);

/** The step as the rules see it. */
export type ActionStep = Pick<StepSummary, "stepInstanceId" | "index" | "name" | "status" | "manualConfirm" | "hosts">;

/** Whether bk-job accepts `action` now: on `step` for a step action, on the job's `jobStatus` for terminate. */
export function actionAllowed(action: StepAction, jobStatus: number, step: Pick<ActionStep, "status" | "manualConfirm"> | null): boolean {
  if (action === "terminate") return TERMINABLE.has(jobStatus);
  if (step === null) return false;
  switch (action) {
    case "retry_failed":
    case "retry_all":
      return RETRYABLE.has(step.status);
    case "ignore_error":
      return IGNORABLE.has(step.status);
    case "skip": // skipStep: only a step being stopped (10); a failed one answers 1241003
      return step.status === STOPPING;
    case "confirm":
    case "reject": // confirmContinue / confirmTerminate: a manual confirmation that waits
      return step.manualConfirm && step.status === WAITING_USER;
  }
}

/** A manual confirmation's text and who it is addressed to, where BK-JOB tells (get_step_instance_detail). */
export interface Confirmation {
  message: string;
  users: string[];
}

/** One action offered on a message, with what its confirmation dialog names. */
export interface OfferedAction {
  action: StepAction;
  code: number;
  ref: JobRef;
  /** null for terminate (the whole job). */
  step: { stepInstanceId: number; index: number; name: string; failedHosts: number; totalHosts: number } | null;
}

const STEP_ACTION_ORDER: readonly StepAction[] = ["retry_failed", "retry_all", "ignore_error", "skip", "confirm", "reject"];

/**
 * The actions bk-job would accept on this job now, in the order they are offered: those of the
 * first step that has any (a job stops at its first failed or waiting step), then terminate.
 */
export function offeredActions(job: { ref: JobRef; status: number; steps: readonly ActionStep[] }): OfferedAction[] {
  const offered: OfferedAction[] = [];
  for (const step of job.steps) {
    const allowed = STEP_ACTION_ORDER.filter((action) => actionAllowed(action, job.status, step));
    if (allowed.length === 0) continue;
    const target = { stepInstanceId: step.stepInstanceId, index: step.index, name: step.name, failedHosts: step.hosts.failed, totalHosts: step.hosts.total };
    offered.push(...allowed.map((action) => ({ action, code: OPERATION_CODE[action], ref: job.ref, step: target })));
    break;
  }
  if (actionAllowed("terminate", job.status, null)) offered.push({ action: "terminate", code: OPERATION_CODE.terminate, ref: job.ref, step: null });
  return offered;
}

/** What an action button carries: the job, the step (0 for terminate), the action, and where it was pressed. */
export interface PressedAction {
  ref: JobRef;
  stepInstanceId: number;
  action: StepAction;
  /** "report": the pressed message is a report (replaced by a fresh one); "follow": a follow's live message. */
  on: "report" | "follow";
}

/** Where one operation on one job's step runs: a second press of anything there waits for it. */
export const actionKey = (pressed: Pick<PressedAction, "ref" | "stepInstanceId">): string =>
  `${pressed.ref.bizId}/${pressed.ref.jobInstanceId}/${pressed.stepInstanceId}`;

/** A button's value: short keys, as Slack sends it back (read, validated, by the listener). */
export function encodePressedAction(pressed: PressedAction): string {
  return JSON.stringify({ b: pressed.ref.bizId, j: pressed.ref.jobInstanceId, s: pressed.stepInstanceId, a: pressed.action, m: pressed.on === "report" ? "r" : "f" });
}
