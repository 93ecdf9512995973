// The two ESB v2 job APIs, transport aside: given a call's parameters and credentials, decide
// the answer. Checks run in the order the real chain runs them: ESB (app, then user), then
// BK-JOB (parameters, business, job instance, permission), then the scenario's behaviour.
import { BKJOB_CODE, bkJobMessage, viewHistoryPermission, type Language } from "./bkjob-errors.js";
import { authenticate, type AppCredentials } from "./esb-auth.js";
import { ESB_CODE } from "./esb-errors.js";
import {
  bkJobFailure,
  esbFailure,
  jsonResponse,
  randomRequestId,
  rawResponse,
  successText,
  type RequestIds,
  type SimResponse,
} from "./envelopes.js";
import type { SimJob } from "./model.js";
import { bizIdParam, idParam, type Params } from "./request-params.js";
import { findScenario, SIM_BUSINESSES, SIM_DEFAULTS, type RawHttpAnswer } from "./scenarios.js";
import { serialiseJobLog } from "./serialise-job-log.js";
import { serialiseJobStatus } from "./serialise-job-status.js";
import { snapshotTimedJob } from "./timed-job.js";

export type V2Api = "get_job_instance_log" | "get_job_instance_status";

const PREFIX = "/api/c/compapi/v2/job/";

/** The API a path names; the path may or may not end in "/" (ESB accepts both). */
export function v2ApiForPath(pathname: string): V2Api | null {
  const path = pathname.endsWith("/") ? pathname.slice(0, -1) : pathname;
  if (path === `${PREFIX}get_job_instance_log`) return "get_job_instance_log";
  if (path === `${PREFIX}get_job_instance_status`) return "get_job_instance_status";
  return null;
}

/** What one simulator instance remembers between calls. */
export interface ScenarioState {
  now(): number;
  /** When the timed job's current run started (epoch ms). */
  runStartedAt(jobInstanceId: number): number;
  /** True for the first request about this job since start (or restartJob), then false. */
  isFirstRequest(jobInstanceId: number): boolean;
}

export interface V2Call {
  api: V2Api;
  params: Params;
  /** X-Bkapi-Authorization's fields when sent, else `params`. */
  authorization: Params;
  language: Language;
  credentials: AppCredentials;
  state: ScenarioState;
}

export type V2Answer = { kind: "respond"; response: SimResponse } | { kind: "hang" };

const respond = (response: SimResponse): V2Answer => ({ kind: "respond", response });

export function answerV2Call(call: V2Call): V2Answer {
  const ids: RequestIds = { requestId: randomRequestId(), jobRequestId: randomRequestId() };

  const auth = authenticate(call.authorization, call.credentials, SIM_DEFAULTS.username);
  if (!auth.ok) return respond(esbFailure(ESB_CODE.commonError, auth.message, ids.requestId));

  // A body-less parameter error: bk-job's EsbGetJobInstanceLogResourceImpl.checkRequest
  // answers these as HTTP 200 + 1241007 (the params arrive in ESB's forwarded JSON body, so
  // Spring's HTTP 400 for missing query parameters never applies).
  const bizId = bizIdParam(call.params);
  if (bizId === null) return respond(bkJobError(BKJOB_CODE.missingOrInvalidParam, call, ids, "bk_biz_id"));
  const jobInstanceId = idParam(call.params, "job_instance_id");
  if (jobInstanceId === null) {
    return respond(bkJobError(BKJOB_CODE.missingOrInvalidParam, call, ids, "job_instance_id"));
  }

  const bizName = SIM_BUSINESSES.get(bizId);
  if (bizName === undefined) return respond(bkJobError(BKJOB_CODE.businessNotFound, call, ids));

  // A job in another business is "not found", not "forbidden" (TaskInstanceServiceImpl).
  const scenario = findScenario(jobInstanceId);
  if (!scenario || scenario.bizId !== bizId) return respond(bkJobError(BKJOB_CODE.jobInstanceNotFound, call, ids));

  const behaviour = scenario.behaviour;
  switch (behaviour.kind) {
    case "job":
      return respond(jobResponse(behaviour.job(), call.api, ids, true));
    case "timed": {
      const snapshot = snapshotTimedJob(behaviour.timeline, call.state.runStartedAt(jobInstanceId), call.state.now());
      return respond(jobResponse(snapshot, call.api, ids, false));
    }
    case "bkjob-error":
      if (behaviour.code === BKJOB_CODE.permissionDenied) {
        const message = bkJobMessage(behaviour.code, call.language, auth.username);
        return respond(bkJobFailure(behaviour.code, message, ids, viewHistoryPermission(bizId, bizName)));
      }
      return respond(bkJobError(behaviour.code, call, ids));
    case "http-error":
      return respond(raw(behaviour.answer));
    case "truncated": {
      const job = behaviour.job();
      const text = successText(dataJson(job, call.api, true), job.format, ids);
      // A prefix of a real answer, sent as a complete HTTP message: the transport is fine,
      // only JSON.parse fails.
      return respond(jsonResponse(200, text.slice(0, Math.floor(text.length * 0.6))));
    }
    case "hang":
      return { kind: "hang" };
    case "fail-once":
      return respond(
        call.state.isFirstRequest(jobInstanceId)
          ? raw(behaviour.answer)
          : jobResponse(behaviour.job(), call.api, ids, true),
      );
  }
}

function bkJobError(code: number, call: V2Call, ids: RequestIds, parameter = ""): SimResponse {
  return bkJobFailure(code, bkJobMessage(code, call.language, parameter), ids);
}

function raw(answer: RawHttpAnswer): SimResponse {
  return rawResponse(answer.status, answer.contentType, answer.body);
}

function jobResponse(job: SimJob, api: V2Api, ids: RequestIds, cacheable: boolean): SimResponse {
  return jsonResponse(200, successText(dataJson(job, api, cacheable), job.format, ids));
}

// Static jobs are immutable and memoised, so their serialised `data` can be kept for the life
// of the process: a 5 MB log is stringified once, not once per request.
const dataJsonCache = new WeakMap<SimJob, Map<V2Api, string>>();

function dataJson(job: SimJob, api: V2Api, cacheable: boolean): string {
  const cached = cacheable ? dataJsonCache.get(job)?.get(api) : undefined;
  if (cached !== undefined) return cached;
  const text = JSON.stringify(api === "get_job_instance_log" ? serialiseJobLog(job) : serialiseJobStatus(job));
  if (cacheable) {
    const perJob = dataJsonCache.get(job) ?? new Map<V2Api, string>();
    perJob.set(api, text);
    dataJsonCache.set(job, perJob);
  }
  return text;
}
