// Which operation bk-job accepts on which step or job, as pure functions: the checks of
// src/backend/job-execute/service-job-execute/src/main/java/com/tencent/bk/job/execute/
// service/impl/TaskExecuteServiceImpl.java (doStepOperation and the private methods it calls,
// doTaskOperation), with the codes of constants/StepOperationEnum.java and TaskOperationEnum.java.
// Only the step's status (and for confirmations its type) decides; the job's status is not
// looked at for step operations, and nothing checks a script/file type for retry, ignore,
// next-step or skip.
import { BKJOB_CODE } from "../bkjob-errors.js";
import { RUN_STATUS, STEP_TYPE, type SimJob, type SimStep } from "../model.js";
import { mayConfirm } from "../permissions.js";

/** StepOperationEnum. */
export const STEP_OPERATION = {
  retryFailed: 2,
  ignoreError: 3,
  confirmContinue: 6,
  retryAll: 8,
  confirmTerminate: 9,
  confirmRestart: 10,
  nextStep: 11,
  skip: 12,
  rollingContinue: 13,
} as const;

/** TaskOperationEnum. */
export const JOB_OPERATION = { terminate: 1, start: 2 } as const;

const STEP_CODES: ReadonlySet<number> = new Set(Object.values(STEP_OPERATION));
const JOB_CODES: ReadonlySet<number> = new Set(Object.values(JOB_OPERATION));

/** Anything else is refused up front with 1241002 (EsbOperateStepInstanceV3ResourceImpl.checkRequest). */
export const isStepOperationCode = (code: number): boolean => STEP_CODES.has(code);
/** Anything else is refused up front with 1241002 (EsbOperateJobInstanceV3ResourceImpl.checkRequest). */
export const isJobOperationCode = (code: number): boolean => JOB_CODES.has(code);

export type Verdict = { accepted: true } | { accepted: false; code: number };

const accepted: Verdict = { accepted: true };
const unsupported: Verdict = { accepted: false, code: BKJOB_CODE.unsupportedOperation };
const when = (ok: boolean): Verdict => (ok ? accepted : unsupported);

const { failed, abnormal, stopSuccess, stopping, waitingUser, confirmTerminated } = RUN_STATUS;

/** isStepRetryable: "only failed, abnormal and terminate-succeeded steps can be retried". */
const RETRYABLE: ReadonlySet<number> = new Set([failed, abnormal, stopSuccess]);

/**
 * bk-job's answer to `operation` on `step` of `job` by `user` (a known operation code, an
 * existing step). Confirmation checks run status, then type, then the confirmer, in bk-job's
 * order; every refusal but the confirmer's is 1241003 UNSUPPORTED_OPERATION.
 */
export function stepOperationVerdict(operation: number, step: SimStep, job: Pick<SimJob, "operator">, user: string): Verdict {
  const manual = step.type === STEP_TYPE.manualConfirm;
  switch (operation) {
    case STEP_OPERATION.retryFailed: // retryStepFail
    case STEP_OPERATION.retryAll: // retryStepAll
      return when(RETRYABLE.has(step.status));
    case STEP_OPERATION.ignoreError: // ignoreError: "only failed steps"; abnormal passes too
      return when(step.status === failed || step.status === abnormal);
    case STEP_OPERATION.nextStep: // nextStep: "only terminate-succeeded steps go straight to the next"
      return when(step.status === stopSuccess);
    case STEP_OPERATION.skip: // skipStep: "only steps being terminated can be skipped"
      return when(step.status === stopping);
    case STEP_OPERATION.confirmContinue: // confirmContinue: type, then status, then the confirmer
    case STEP_OPERATION.confirmTerminate: // confirmTerminate: status, then type, then the confirmer
      if (!manual || step.status !== waitingUser) return unsupported;
      return mayConfirm(step.confirmation, job.operator, user) ? accepted : { accepted: false, code: BKJOB_CODE.notConfirmUser };
    case STEP_OPERATION.confirmRestart: // confirmRestart: "only confirm-terminated steps", no confirmer check
      return when(manual && step.status === confirmTerminated);
    case STEP_OPERATION.rollingContinue: // continueRolling: a waiting rolling step; the simulator has none
      return unsupported;
    default:
      return { accepted: false, code: BKJOB_CODE.invalidParams };
  }
}

/** doTaskOperation: terminate only a running or waiting job; start only one that never started. */
export function jobOperationVerdict(operation: number, job: Pick<SimJob, "status">): Verdict {
  switch (operation) {
    case JOB_OPERATION.terminate: // terminateJob
      return when(job.status === RUN_STATUS.running || job.status === RUN_STATUS.waitingUser);
    case JOB_OPERATION.start: // startJob: 1241015 with the job id as its parameter
      return job.status === RUN_STATUS.pending ? accepted : { accepted: false, code: BKJOB_CODE.repeatStartJob };
    default:
      return { accepted: false, code: BKJOB_CODE.invalidParams };
  }
}
