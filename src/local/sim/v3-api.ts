// BK-JOB's v3 APIs, as ESB jobv3 (`/api/c/compapi/v2/jobv3/<api>/`) and the API gateway
// (`[/api/<gateway>/<stage>]/api/v3/<api>` and `/api/v3/system/<api>`) serve them: which path
// names which API, and, once the caller is authenticated, BK-JOB's answer from the same
// scenario data the ESB v2 APIs use (job-calls.ts).
import { BKJOB_CODE } from "./bkjob-errors.js";
import { jsonResponse, successText, type SimResponse } from "./envelopes.js";
import { answerJobList } from "./history/job-list-api.js";
import { answerAboutJob, bkJobError, type JobCall, type SimAnswer } from "./job-calls.js";
import { simHostId, type SimHost, type SimJob, type SimStep } from "./model.js";
import { idParam, textParam, type Params } from "./request-params.js";
import { serialiseV3BatchLogs, serialiseV3IpLog, serialiseV3StepStatus } from "./serialise-v3-hosts.js";
import { serialiseV3JobStatus } from "./serialise-v3-status.js";
import { answerOperation, isOperationApi } from "./operations/operate-api.js";
import { answerStepDetail } from "./operations/step-detail.js";

export const V3_APIS = [
  "get_job_instance_status",
  "get_job_instance_list",
  "get_step_instance_status",
  "get_job_instance_ip_log",
  "batch_get_job_instance_ip_log",
  "operate_step_instance",
  "operate_job_instance",
  "get_step_instance_detail",
] as const;

export type V3Api = (typeof V3_APIS)[number];

const isV3Api = (name: string): name is V3Api => (V3_APIS as readonly string[]).includes(name);

/** bk-job refuses a bigger host list in one batch log call (EsbBatchGetJobInstanceIpLogV3ResourceImpl). */
export const MAX_BATCH_LOG_HOSTS = 500;

const ESB_V3_PATH = /^\/api\/c\/compapi\/v2\/jobv3\/([a-z_]+)\/?$/;
// The stage prefix is optional, so both the bare and the real-looking base URL work.
const GATEWAY_PATH = /^(?:\/api\/[^/]+\/[^/]+)?\/api\/v3\/(system\/)?([a-z_]+)\/?$/;

/** The gateway-only APIs: ESB jobv3 has the others (https://github.com/TencentBlueKing/bk-job/blob/HEAD/docs/apidoc/esb/jobv3-confapis/job.yaml). */
const GATEWAY_ONLY: ReadonlySet<string> = new Set(["get_step_instance_status", "get_step_instance_detail"]);

/** ESB jobv3 has every v3 API joblog uses except get_step_instance_status and get_step_instance_detail. */
export function esbV3ApiForPath(pathname: string): V3Api | null {
  const api = ESB_V3_PATH.exec(pathname)?.[1];
  return api !== undefined && isV3Api(api) && !GATEWAY_ONLY.has(api) ? api : null;
}

/** Resources the gateway registers as POST (resources.yaml); the rest are GET. */
const POST_RESOURCES: ReadonlySet<string> = new Set(["batch_get_job_instance_ip_log", "operate_step_instance", "operate_job_instance"]);

export interface GatewayRoute {
  /** null: a gateway path, but no such resource. */
  api: V3Api | null;
  system: boolean;
  /** The method the resource is registered for (resources.yaml). */
  method: "GET" | "POST";
}

export function gatewayRouteForPath(pathname: string): GatewayRoute | null {
  const match = GATEWAY_PATH.exec(pathname);
  if (!match) return null;
  const name = match[2] ?? "";
  const api = isV3Api(name) ? name : null;
  return { api, system: match[1] !== undefined, method: api !== null && POST_RESOURCES.has(api) ? "POST" : "GET" };
}

export interface V3Call extends JobCall {
  api: V3Api;
  /** Which door: the gateway passes GET resources on as GETs, ESB jobv3 forwards every call as a POST. */
  via: "esb-v3" | "apigw-v3";
}

export function answerV3Call(call: V3Call): SimAnswer {
  const { api } = call;
  if (api === "get_job_instance_list") return answerJobList({ ...call, method: call.via === "apigw-v3" ? "GET" : "POST" });
  if (api === "get_step_instance_detail") return answerStepDetail(call);
  if (isOperationApi(api)) return answerOperation({ ...call, api, v2: false });
  return answerAboutJob(call, (job, cacheable) => answerFor(call, job, cacheable));
}

function answerFor(call: V3Call, job: SimJob, cacheable: boolean): SimResponse {
  const ok = (dataJson: string): SimResponse => jsonResponse(200, successText(dataJson, "3.x", call.ids));
  const { params } = call;
  switch (call.api) {
    case "get_job_instance_status": {
      const withHosts = params["return_ip_result"] === true || params["return_ip_result"] === "true";
      return ok(cached(job, cacheable, `status:${withHosts}`, () => serialiseV3JobStatus(job, withHosts)));
    }
    default:
      return answerAboutStep(call, job, cacheable, ok);
  }
}

function answerAboutStep(call: V3Call, job: SimJob, cacheable: boolean, ok: (dataJson: string) => SimResponse): SimResponse {
  const { params } = call;
  const stepInstanceId = idParam(params, "step_instance_id");
  if (stepInstanceId === null) return bkJobError(BKJOB_CODE.missingOrInvalidParam, call, "step_instance_id");
  const step = job.steps.find((candidate) => candidate.stepInstanceId === stepInstanceId);
  if (!step) return bkJobError(BKJOB_CODE.stepInstanceNotFound, call);
  switch (call.api) {
    case "get_step_instance_status": {
      const maxHostNumPerGroup = idParam(params, "max_host_num_per_group");
      const keyword = textParam(params, "keyword");
      const key = `step:${stepInstanceId}:${maxHostNumPerGroup}:${keyword}:${call.language}`;
      return ok(cached(job, cacheable && keyword === null, key, () => serialiseV3StepStatus(step, { maxHostNumPerGroup, keyword }, call.language)));
    }
    case "get_job_instance_ip_log": {
      const hostId = idParam(params, "bk_host_id");
      const ip = textParam(params, "ip");
      if (hostId === null && ip === null) return bkJobError(BKJOB_CODE.missingOrInvalidParam, call, "host_id/(bk_cloud_id+ip)");
      const host = hostId !== null ? hostIndex(step).byId.get(hostId) : hostIndex(step).byIp.get(`${cloudParam(params["bk_cloud_id"])}:${ip}`);
      return ok(host ? JSON.stringify(serialiseV3IpLog(step, host)) : "null");
    }
    case "batch_get_job_instance_ip_log": {
      const hosts = batchHosts(params, step);
      if (hosts === null) return bkJobError(BKJOB_CODE.missingOrInvalidParam, call, "host_id_list/ip_list");
      return ok(JSON.stringify(serialiseV3BatchLogs(job.jobInstanceId, step, hosts)));
    }
    default:
      return bkJobError(BKJOB_CODE.missingOrInvalidParam, call, "api");
  }
}

/** The hosts a batch asks for (unknown ones left out), or null for a missing or oversized list. */
function batchHosts(params: Params, step: SimStep): SimHost[] | null {
  const index = hostIndex(step);
  const ids = params["host_id_list"];
  if (Array.isArray(ids) && ids.length > 0) {
    if (ids.length > MAX_BATCH_LOG_HOSTS) return null;
    return ids.flatMap((id) => (typeof id === "number" ? (index.byId.get(id) ?? []) : []));
  }
  const ips = params["ip_list"];
  if (Array.isArray(ips) && ips.length > 0) {
    if (ips.length > MAX_BATCH_LOG_HOSTS) return null;
    return ips.flatMap((entry: unknown) => {
      const { bk_cloud_id: cloud, ip } = (entry ?? {}) as { bk_cloud_id?: unknown; ip?: unknown };
      return typeof ip === "string" ? (index.byIp.get(`${cloudParam(cloud)}:${ip}`) ?? []) : [];
    });
  }
  return null;
}

function cloudParam(value: unknown): number {
  const cloud = Number(value ?? 0);
  return Number.isInteger(cloud) ? cloud : -1;
}

const hostIndexes = new WeakMap<SimStep, { byId: Map<number, SimHost>; byIp: Map<string, SimHost> }>();

function hostIndex(step: SimStep) {
  let index = hostIndexes.get(step);
  if (!index) {
    index = { byId: new Map(), byIp: new Map() };
    for (const host of step.hosts) {
      index.byId.set(simHostId(host), host);
      if (host.ip !== "") index.byIp.set(`${host.bkCloudId}:${host.ip}`, host);
    }
    hostIndexes.set(step, index);
  }
  return index;
}

// Static jobs never change: their big serialisations (10,000 hosts) are made once per shape.
const dataJsonCache = new WeakMap<SimJob, Map<string, string>>();

function cached(job: SimJob, cacheable: boolean, key: string, build: () => unknown): string {
  const hit = cacheable ? dataJsonCache.get(job)?.get(key) : undefined;
  if (hit !== undefined) return hit;
  const text = JSON.stringify(build());
  if (cacheable) {
    const perJob = dataJsonCache.get(job) ?? new Map<string, string>();
    perJob.set(key, text);
    dataJsonCache.set(job, perJob);
  }
  return text;
}
