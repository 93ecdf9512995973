// operate_step_instance and operate_job_instance, on every door that has them: ESB v2
// (/api/c/compapi/v2/job/…, TencentBlueKing/legacy-bk-paas paas2/esb/components/confapis/job/
// job.yaml), ESB jobv3 (bk-job docs/apidoc/esb/jobv3-confapis/job.yaml) and the gateway
// (support-files/bk-api-gateway/v3/resources.yaml, POST, user and system resources). All of
// them end in the same service (Esb{Operate…}ResourceImpl in api/esb/v2 and api/esb/v3 call
// TaskExecuteService.doStepOperation / doTaskOperation), so one answer serves them; only the
// `data` differs: v2's job answer leaves out step_instance_id (EsbJobExecuteDTO NON_NULL).
import { BKJOB_CODE } from "../bkjob-errors.js";
import { jsonResponse, successText, type SimResponse } from "../envelopes.js";
import { answerAboutJob, bkJobError, respond, type JobCall, type SimAnswer } from "../job-calls.js";
import type { SimJob } from "../model.js";
import { businessAccessRefusal } from "../permissions.js";
import { bizIdParam, idParam } from "../request-params.js";
import { SIM_BUSINESSES } from "../scenarios.js";
import { liveScriptFor } from "../scenarios/operable.js";
import { isJobOperationCode, isStepOperationCode, jobOperationVerdict, stepOperationVerdict } from "./operation-rules.js";

export const OPERATION_APIS = ["operate_step_instance", "operate_job_instance"] as const;
export type OperationApi = (typeof OPERATION_APIS)[number];

export const isOperationApi = (name: string): name is OperationApi => (OPERATION_APIS as readonly string[]).includes(name);

const ESB_V2_PATH = /^\/api\/c\/compapi\/v2\/job\/(operate_step_instance|operate_job_instance)\/?$/;

/** ESB v2 has both operations (and no job list, no step detail). */
export function esbV2OperationForPath(pathname: string): OperationApi | null {
  const api = ESB_V2_PATH.exec(pathname)?.[1];
  return api !== undefined && isOperationApi(api) ? api : null;
}

export interface OperationCall extends JobCall {
  api: OperationApi;
  /** ESB v2's answer shape. */
  v2: boolean;
}

export function answerOperation(call: OperationCall): SimAnswer {
  if (!wellFormed(call) && reachesController(call)) return respond(bkJobError(BKJOB_CODE.invalidParams, call));
  // Operations need no view permission (permissions.ts): only the existence checks run.
  return answerAboutJob({ ...call, operation: true }, (job) => operate(call, job));
}

/** Esb{OperateStepInstance,OperateJobInstance}{,V3}ResourceImpl.checkRequest: all 1241002 ILLEGAL_PARAM. */
function wellFormed({ api, params }: OperationCall): boolean {
  const code = idParam(params, "operation_code");
  if (idParam(params, "job_instance_id") === null || code === null) return false;
  if (api === "operate_job_instance") return isJobOperationCode(code);
  return idParam(params, "step_instance_id") !== null && isStepOperationCode(code);
}

/** The interceptors (scope, access_business) run before the controller's own checks. */
function reachesController(call: OperationCall): boolean {
  const bizId = bizIdParam(call.params);
  const bizName = bizId === null ? undefined : SIM_BUSINESSES.get(bizId);
  return bizId !== null && bizName !== undefined && businessAccessRefusal(call, bizId, bizName) === null;
}

function operate(call: OperationCall, job: SimJob): SimResponse {
  const code = idParam(call.params, "operation_code") ?? 0;
  const now = call.state.now();
  const script = liveScriptFor(job.jobInstanceId);
  if (call.api === "operate_job_instance") {
    const verdict = jobOperationVerdict(code, job);
    if (!verdict.accepted) return bkJobError(verdict.code, call, String(job.jobInstanceId));
    call.state.liveJobs.obtain(job, script).operateJob(code, now);
    return success(call, { job_instance_id: job.jobInstanceId, job_instance_name: null, ...(call.v2 ? {} : { step_instance_id: null }) });
  }
  const stepInstanceId = idParam(call.params, "step_instance_id") ?? 0;
  const step = job.steps.find((candidate) => candidate.stepInstanceId === stepInstanceId);
  if (!step) return bkJobError(BKJOB_CODE.stepInstanceNotFound, call);
  const verdict = stepOperationVerdict(code, step, job, call.username);
  if (!verdict.accepted) return bkJobError(verdict.code, call);
  call.state.liveJobs.obtain(job, script).operateStep(code, stepInstanceId, call.username, now);
  return success(call, { job_instance_id: job.jobInstanceId, job_instance_name: null, step_instance_id: stepInstanceId });
}

function success(call: OperationCall, data: object): SimResponse {
  return jsonResponse(200, successText(JSON.stringify(data), "3.x", call.ids));
}
