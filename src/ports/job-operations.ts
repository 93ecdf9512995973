// BK-JOB's operations on a running or failed job (operate_step_instance, operate_job_instance)
// and what a manual confirmation asks (get_step_instance_detail), as the person who pressed the
// button: BK-JOB's own permission checks decide. The adapter: src/bkjob/job-operations-client.ts.
import type { JobRef } from "../core/job-ref.js";
import type { Confirmation } from "../core/step-actions.js";
import type { Result } from "../core/upstream-error.js";
import type { CallOptions } from "./job-api.js";

export interface JobOperations {
  /** operate_step_instance with `operationCode` (StepOperationEnum). Never retried: it is a write. */
  operateStep(ref: JobRef, stepInstanceId: number, operationCode: number, options?: CallOptions): Promise<Result<void>>;
  /** operate_job_instance with `operationCode` (1: terminate). Never retried. */
  operateJob(ref: JobRef, operationCode: number, options?: CallOptions): Promise<Result<void>>;
  /** The confirmation's text and addressees; null where the protocol has no get_step_instance_detail (ESB). */
  stepConfirmation(ref: JobRef, stepInstanceId: number, options?: CallOptions): Promise<Result<Confirmation | null>>;
}

/** One JobOperations per BlueKing user. */
export interface JobOperationsPool {
  forUser(username: string): JobOperations;
}
