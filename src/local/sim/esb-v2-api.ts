// The two ESB v2 job APIs, transport aside: given a call's parameters and credentials, decide
// the answer. Checks run in the order the real chain runs them: ESB (app, then user), then
// BK-JOB (parameters, business, job instance, permission; job-calls.ts), then the scenario.
import type { Language } from "./bkjob-errors.js";
import { authenticate, type AppCredentials } from "./esb-auth.js";
import { ESB_CODE } from "./esb-errors.js";
import { esbFailure, jsonResponse, randomRequestId, successText, type RequestIds, type SimResponse } from "./envelopes.js";
import { answerAboutJob, respond, type ScenarioState, type SimAnswer } from "./job-calls.js";
import type { SimJob } from "./model.js";
import type { Params } from "./request-params.js";
import { SIM_DEFAULTS } from "./scenarios.js";
import { serialiseJobLog } from "./serialise-job-log.js";
import { serialiseJobStatus } from "./serialise-job-status.js";

export type { ScenarioState } from "./job-calls.js";
export type V2Answer = SimAnswer;

export type V2Api = "get_job_instance_log" | "get_job_instance_status";

const PREFIX = "/api/c/compapi/v2/job/";

/** The API a path names; the path may or may not end in "/" (ESB accepts both). */
export function v2ApiForPath(pathname: string): V2Api | null {
  const path = pathname.endsWith("/") ? pathname.slice(0, -1) : pathname;
  if (path === `${PREFIX}get_job_instance_log`) return "get_job_instance_log";
  if (path === `${PREFIX}get_job_instance_status`) return "get_job_instance_status";
  return null;
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

export function answerV2Call(call: V2Call): V2Answer {
  const requestId = randomRequestId();
  const ids: RequestIds = { requestId, jobRequestId: randomRequestId() };
  const auth = authenticate(call.authorization, call.credentials, SIM_DEFAULTS.username);
  if (!auth.ok) return respond(esbFailure(ESB_CODE.commonError, auth.message, requestId));
  return answerAboutJob(
    { params: call.params, language: call.language, username: auth.username, state: call.state, ids },
    (job, cacheable) => jobResponse(job, call.api, ids, cacheable),
  );
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
