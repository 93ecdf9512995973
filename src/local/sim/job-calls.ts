// BK-JOB's side of every simulated call, whatever the protocol in front: the job reference,
// the business, the job instance, then the scenario's behaviour. Each API only says how it
// answers about a job (`JobAnswerer`); ESB v2, ESB jobv3 and the gateway share the rest.
import { BKJOB_CODE, bkJobMessage, viewHistoryPermission, type Language } from "./bkjob-errors.js";
import { bkJobFailure, jsonResponse, rawResponse, type RequestIds, type SimResponse } from "./envelopes.js";
import { gatewayFailure } from "./gateway-errors.js";
import type { JobHistory } from "./history/history-index.js";
import type { SimJob } from "./model.js";
import type { LiveJobs } from "./operations/live-jobs.js";
import { businessAccessRefusal } from "./permissions.js";
import { bizIdParam, idParam, type Params } from "./request-params.js";
import { findScenario, SIM_BUSINESSES, type RawHttpAnswer, type Scenario } from "./scenarios.js";
import { snapshotTimedJob } from "./timed-job.js";

/** What one simulator instance remembers between calls. */
export interface ScenarioState {
  now(): number;
  /** When the timed job's current run started (epoch ms). */
  runStartedAt(jobInstanceId: number): number;
  /** True for the first request about this job since start (or restartJob), then false. */
  isFirstRequest(jobInstanceId: number): boolean;
  /** Jobs someone operated: they answer as operated, not as their scenario (operations/). */
  liveJobs: LiveJobs;
  /** The businesses' run history (history/). */
  history: JobHistory;
  /** Jobs beyond the scenario registry: the history's runs, by id. */
  extraScenario(jobInstanceId: number): Pick<Scenario, "bizId" | "behaviour"> | undefined;
}

export type SimAnswer = { kind: "respond"; response: SimResponse } | { kind: "hang" };

export const respond = (response: SimResponse): SimAnswer => ({ kind: "respond", response });

export interface JobCall {
  params: Params;
  language: Language;
  /** Who the call acts as, once authenticated (named in permission refusals). */
  username: string;
  state: ScenarioState;
  ids: RequestIds;
  /** An operation: bk-job checks no view permission for it (permissions.ts). */
  operation?: boolean;
}

/**
 * How one API answers about one job. `cacheable` is true for jobs that never change, so big
 * serialisations can be kept. May answer a refusal of its own (a missing step, a bad parameter).
 */
export type JobAnswerer = (job: SimJob, cacheable: boolean) => SimResponse;

export function bkJobError(code: number, call: Pick<JobCall, "language" | "ids">, parameter = ""): SimResponse {
  return bkJobFailure(code, bkJobMessage(code, call.language, parameter), call.ids);
}

export function answerAboutJob(call: JobCall, answer: JobAnswerer): SimAnswer {
  // A body-less parameter error: bk-job answers these as HTTP 200 + 1241007 (the params arrive
  // in a forwarded JSON body or a query, so Spring's HTTP 400 for missing parameters never applies).
  const bizId = bizIdParam(call.params);
  if (bizId === null) return respond(bkJobError(BKJOB_CODE.missingOrInvalidParam, call, "bk_biz_id"));
  const jobInstanceId = idParam(call.params, "job_instance_id");
  if (jobInstanceId === null) return respond(bkJobError(BKJOB_CODE.missingOrInvalidParam, call, "job_instance_id"));

  const bizName = SIM_BUSINESSES.get(bizId);
  if (bizName === undefined) return respond(bkJobError(BKJOB_CODE.businessNotFound, call));
  const noAccess = businessAccessRefusal(call, bizId, bizName);
  if (noAccess) return respond(noAccess);

  // A job in another business is "not found", not "forbidden" (TaskInstanceServiceImpl).
  const scenario = findScenario(jobInstanceId) ?? call.state.extraScenario(jobInstanceId);
  if (!scenario || scenario.bizId !== bizId) return respond(bkJobError(BKJOB_CODE.jobInstanceNotFound, call));

  const live = call.state.liveJobs.snapshot(jobInstanceId, call.state.now());
  const behaviour = scenario.behaviour;
  switch (behaviour.kind) {
    case "job":
      return respond(live ? answer(live, false) : answer(behaviour.job(call.state.runStartedAt(jobInstanceId)), true));
    case "timed": {
      const snapshot = live ?? snapshotTimedJob(behaviour.timeline, call.state.runStartedAt(jobInstanceId), call.state.now());
      return respond(answer(snapshot, false));
    }
    case "bkjob-error":
      if (behaviour.code === BKJOB_CODE.permissionDenied) {
        const message = bkJobMessage(behaviour.code, call.language, call.username);
        return respond(bkJobFailure(behaviour.code, message, call.ids, viewHistoryPermission(bizId, bizName)));
      }
      return respond(bkJobError(behaviour.code, call));
    case "http-error":
      return respond(raw(behaviour.answer));
    case "gateway-error":
      return respond(gatewayFailure(behaviour.error, behaviour.message, behaviour.headers));
    case "truncated": {
      const text = answer(behaviour.job(), true).body.toString("utf8");
      // A prefix of a real answer, sent as a complete HTTP message: the transport is fine,
      // only JSON.parse fails.
      return respond(jsonResponse(200, text.slice(0, Math.floor(text.length * 0.6))));
    }
    case "hang":
      return { kind: "hang" };
    case "operator-only": {
      const job = behaviour.job();
      if (call.operation || call.username === job.operator) return respond(live ? answer(live, false) : answer(job, true));
      const message = bkJobMessage(BKJOB_CODE.permissionDenied, call.language, call.username);
      return respond(bkJobFailure(BKJOB_CODE.permissionDenied, message, call.ids, viewHistoryPermission(bizId, bizName)));
    }
    case "fail-once":
      return respond(call.state.isFirstRequest(jobInstanceId) ? raw(behaviour.answer) : answer(behaviour.job(), true));
  }
}

function raw(answer: RawHttpAnswer): SimResponse {
  return rawResponse(answer.status, answer.contentType, answer.body);
}
