// BK-JOB's v3 APIs, spoken two ways (openapi/bk-job.openapi.yaml, tags esb-v3 and apigw-v3):
// - ESB jobv3: POST `{paas}/api/c/compapi/v2/jobv3/<api>/`, the ESB credentials in the JSON body;
// - the API gateway: `{stage URL}/api/v3/<api>` (or `/api/v3/system/<api>`, naming the user in
//   X-Bk-Username), credentials only in the X-Bkapi-Authorization header; GET with a query for
//   reads, POST for the batch log.
// Typed through openapi-fetch, parsed by v3-schemas.ts, failures as values through bk-call.ts.
// v3-job-api.ts turns these calls into the JobApi port.
import createClient from "openapi-fetch";
import type { JobRef } from "../core/job-ref.js";
import type { CallOptions } from "../ports/job-api.js";
import { createBkCaller, received, type Send } from "./bk-call.js";
import { commonHeaders, type BkClientOptions } from "./esb-v2-client.js";
import type { HostIdentity, HostLogText, JobInstanceStatus, StepHostGroups } from "../core/job-model.js";
import type { components, paths } from "./openapi-types.js";
import { createRedactor } from "./redact.js";
import { fail, ok, type Result } from "../core/upstream-error.js";
import {
  v3BatchIpLogDataSchema,
  v3IpLogDataSchema,
  v3JobInstanceListDataSchema,
  v3JobInstanceStatusDataSchema,
  v3RunPageSchema,
  v3StepInstanceStatusDataSchema,
  type JobInstanceListItem,
} from "./v3-schemas.js";
import type { RunPage, RunQuery } from "../core/run-list.js";

/** bk-job refuses more hosts than this in one batch_get_job_instance_ip_log (1241007). */
export const MAX_HOSTS_PER_LOG_BATCH = 500;

export type V3Transport = { kind: "esb" } | { kind: "gateway"; system: boolean };

export interface V3ClientOptions extends BkClientOptions {
  transport: V3Transport;
}

/** bk-job's built-in business-set ids (JobConstants.JOB_BUILD_IN_BIZ_SET_ID_MIN/MAX). */
const BIZ_SET_MIN = 8_000_000;
const BIZ_SET_MAX = 9_999_999;

export type Scope = components["schemas"]["V3Scope"];

/** `bk_scope_type` + `bk_scope_id` for a business id; ids in [8000000, 9999999] are business sets. */
export function scopeOf(bizId: number): { bk_scope_type: "biz" | "biz_set"; bk_scope_id: string } {
  const setId = bizId >= BIZ_SET_MIN && bizId <= BIZ_SET_MAX;
  return { bk_scope_type: setId ? "biz_set" : "biz", bk_scope_id: String(bizId) };
}

/** The X-Bkapi-Authorization value: a JSON object string (never a URL parameter). */
export function gatewayAuthorization(credentials: { appCode: string; appSecret: string; username: string }): string {
  return JSON.stringify({
    bk_app_code: credentials.appCode,
    bk_app_secret: credentials.appSecret,
    bk_username: credentials.username,
  });
}

/** The ESB jobv3 body: credentials, scope (and the deprecated bk_biz_id older servers want). */
export function buildEsbV3Body<T extends object>(
  credentials: { appCode: string; appSecret: string; username: string },
  bizId: number,
  fields: T,
) {
  return {
    bk_app_code: credentials.appCode,
    bk_app_secret: credentials.appSecret,
    bk_username: credentials.username,
    ...scopeOf(bizId),
    bk_biz_id: bizId,
    ...fields,
  };
}

export interface V3Client {
  readonly transport: V3Transport;
  getJobInstanceStatus(ref: JobRef, query: { returnIpResult: boolean }, options?: CallOptions): Promise<Result<JobInstanceStatus>>;
  /** The job's row in get_job_instance_list (for its operator and launch mode), or null. */
  getJobInstanceListItem(
    ref: JobRef,
    window: { createTimeStart: number; createTimeEnd: number },
    options?: CallOptions,
  ): Promise<Result<JobInstanceListItem | null>>;
  /** A page of the business's executions, newest first (recent, last, watches). */
  listJobInstances(query: RunQuery, options?: CallOptions): Promise<Result<RunPage>>;
  /** Gateway only: ESB jobv3 has no get_step_instance_status (answered as a 404, without a call). */
  getStepInstanceStatus(
    ref: JobRef,
    stepInstanceId: number,
    query: { maxHostNumPerGroup: number; keyword: string | null },
    options?: CallOptions,
  ): Promise<Result<StepHostGroups>>;
  /** At most MAX_HOSTS_PER_LOG_BATCH hosts, all with bk_host_id or all without. */
  batchGetJobInstanceIpLog(
    ref: JobRef,
    stepInstanceId: number,
    hosts: readonly HostIdentity[],
    options?: CallOptions,
  ): Promise<Result<HostLogText[]>>;
  getJobInstanceIpLog(
    ref: JobRef,
    stepInstanceId: number,
    host: HostIdentity,
    options?: CallOptions,
  ): Promise<Result<HostLogText | null>>;
}

const ESB_V3 = "/api/c/compapi/v2/jobv3";

export function createV3Client(options: V3ClientOptions): V3Client {
  const baseUrl = options.baseUrl.replace(/\/+$/, "");
  const client = createClient<paths>({ baseUrl, fetch: options.fetch });
  const call = createBkCaller({ ...options, redact: createRedactor([options.appSecret]) });
  const { transport } = options;
  const system = transport.kind === "gateway" && transport.system;
  const headers: Record<string, string> = { ...commonHeaders(options.language), Accept: "application/json" };
  if (transport.kind === "gateway") {
    headers["X-Bkapi-Authorization"] = gatewayAuthorization(options);
    // App-type resources take the acting user from this header (job-gateway).
    if (system) headers["X-Bk-Username"] = options.username;
  }
  const esbBody = <T extends object>(ref: JobRef, fields: T) => buildEsbV3Body(options, ref.bizId, fields);
  const scope = (ref: JobRef) => scopeOf(ref.bizId);
  // parseAs "stream": bk-call reads the body (fast for ASCII) and parses it, where openapi-fetch's
  // default JSON.parse would throw on HTML or truncated bodies.
  const init = { parseAs: "stream" as const, headers };

  const statusSend = (ref: JobRef, returnIpResult: boolean): Send => {
    const fields = { job_instance_id: ref.jobInstanceId, return_ip_result: returnIpResult };
    if (transport.kind === "esb") {
      return async (signal, fetch) =>
        received(await client.POST(`${ESB_V3}/get_job_instance_status/`, { ...init, body: esbBody(ref, fields), signal, fetch }));
    }
    const query = { ...scope(ref), ...fields };
    return async (signal, fetch) =>
      received(
        system
          ? await client.GET("/api/v3/system/get_job_instance_status", { ...init, params: { query }, signal, fetch })
          : await client.GET("/api/v3/get_job_instance_status", { ...init, params: { query }, signal, fetch }),
      );
  };

  const listSend = (ref: JobRef, window: { createTimeStart: number; createTimeEnd: number }): Send => {
    const fields = {
      create_time_start: window.createTimeStart,
      create_time_end: window.createTimeEnd,
      job_instance_id: ref.jobInstanceId,
      length: 1,
    };
    if (transport.kind === "esb") {
      return async (signal, fetch) =>
        received(await client.POST(`${ESB_V3}/get_job_instance_list/`, { ...init, body: esbBody(ref, fields), signal, fetch }));
    }
    const query = { ...scope(ref), ...fields };
    return async (signal, fetch) =>
      received(
        system
          ? await client.GET("/api/v3/system/get_job_instance_list", { ...init, params: { query }, signal, fetch })
          : await client.GET("/api/v3/get_job_instance_list", { ...init, params: { query }, signal, fetch }),
      );
  };

  const runListSend = (query: RunQuery): Send => {
    const fields = {
      create_time_start: query.createTimeStart,
      create_time_end: query.createTimeEnd,
      start: query.start,
      length: query.length,
      ...(query.name ? { name: query.name } : {}),
      ...(query.operator ? { operator: query.operator } : {}),
      ...(query.status !== undefined && query.status !== null ? { status: query.status } : {}),
    };
    const ref = { bizId: query.bizId, jobInstanceId: 0 };
    if (transport.kind === "esb") {
      return async (signal, fetch) =>
        received(await client.POST(`${ESB_V3}/get_job_instance_list/`, { ...init, body: esbBody(ref, fields), signal, fetch }));
    }
    const params = { query: { ...scope(ref), ...fields } };
    return async (signal, fetch) =>
      received(
        system
          ? await client.GET("/api/v3/system/get_job_instance_list", { ...init, params, signal, fetch })
          : await client.GET("/api/v3/get_job_instance_list", { ...init, params, signal, fetch }),
      );
  };

  const stepStatusSend = (
    ref: JobRef,
    stepInstanceId: number,
    query: { maxHostNumPerGroup: number; keyword: string | null },
  ): Send => {
    const params = {
      query: {
        ...scope(ref),
        job_instance_id: ref.jobInstanceId,
        step_instance_id: stepInstanceId,
        max_host_num_per_group: query.maxHostNumPerGroup,
        ...(query.keyword ? { keyword: query.keyword } : {}),
      },
    };
    return async (signal, fetch) =>
      received(
        system
          ? await client.GET("/api/v3/system/get_step_instance_status", { ...init, params, signal, fetch })
          : await client.GET("/api/v3/get_step_instance_status", { ...init, params, signal, fetch }),
      );
  };

  const batchSend = (ref: JobRef, stepInstanceId: number, hosts: readonly HostIdentity[]): Send => {
    const byId = hosts.every((host) => host.bkHostId !== null);
    const fields = {
      job_instance_id: ref.jobInstanceId,
      step_instance_id: stepInstanceId,
      ...(byId
        ? { host_id_list: hosts.map((host) => host.bkHostId as number) }
        : { ip_list: hosts.map((host) => ({ bk_cloud_id: host.bkCloudId, ip: host.ip })) }),
    };
    if (transport.kind === "esb") {
      return async (signal, fetch) =>
        received(
          await client.POST(`${ESB_V3}/batch_get_job_instance_ip_log/`, { ...init, body: esbBody(ref, fields), signal, fetch }),
        );
    }
    const body = { ...scope(ref), ...fields };
    return async (signal, fetch) =>
      received(
        system
          ? await client.POST("/api/v3/system/batch_get_job_instance_ip_log", { ...init, body, signal, fetch })
          : await client.POST("/api/v3/batch_get_job_instance_ip_log", { ...init, body, signal, fetch }),
      );
  };

  const ipLogSend = (ref: JobRef, stepInstanceId: number, host: HostIdentity): Send => {
    const fields = {
      job_instance_id: ref.jobInstanceId,
      step_instance_id: stepInstanceId,
      ...(host.bkHostId !== null ? { bk_host_id: host.bkHostId } : { bk_cloud_id: host.bkCloudId, ip: host.ip }),
    };
    if (transport.kind === "esb") {
      return async (signal, fetch) =>
        received(await client.POST(`${ESB_V3}/get_job_instance_ip_log/`, { ...init, body: esbBody(ref, fields), signal, fetch }));
    }
    const query = { ...scope(ref), ...fields };
    return async (signal, fetch) =>
      received(
        system
          ? await client.GET("/api/v3/system/get_job_instance_ip_log", { ...init, params: { query }, signal, fetch })
          : await client.GET("/api/v3/get_job_instance_ip_log", { ...init, params: { query }, signal, fetch }),
      );
  };

  return {
    transport,
    async getJobInstanceStatus(ref, query, callOptions) {
      const result = await call("get_job_instance_status", statusSend(ref, query.returnIpResult), callOptions, v3JobInstanceStatusDataSchema);
      if (!result.ok) return result;
      return { ok: true, value: { ...result.value, hostsIncluded: query.returnIpResult } };
    },
    async getJobInstanceListItem(ref, window, callOptions) {
      const result = await call("get_job_instance_list", listSend(ref, window), callOptions, v3JobInstanceListDataSchema);
      return mapOk(result, (value) => value.jobs.find((job) => job.jobInstanceId === ref.jobInstanceId) ?? null);
    },
    async listJobInstances(query, callOptions) {
      const result = await call("get_job_instance_list", runListSend(query), callOptions, v3RunPageSchema);
      return mapOk(result, (value) => ({ total: value.total, runs: value.rows.map((row) => ({ bizId: query.bizId, ...row })) }));
    },
    async getStepInstanceStatus(ref, stepInstanceId, query, callOptions) {
      if (transport.kind === "esb") {
        return fail({
          kind: "gateway",
          api: "get_step_instance_status",
          code: null,
          message: "ESB jobv3 has no get_step_instance_status",
          requestId: null,
          httpStatus: 404,
          permission: null,
        });
      }
      const result = await call("get_step_instance_status", stepStatusSend(ref, stepInstanceId, query), callOptions, v3StepInstanceStatusDataSchema);
      return mapOk(result, (value) => ({ stepInstanceId: value.stepInstanceId, groups: value.groups }));
    },
    async batchGetJobInstanceIpLog(ref, stepInstanceId, hosts, callOptions) {
      const result = await call("batch_get_job_instance_ip_log", batchSend(ref, stepInstanceId, hosts), callOptions, v3BatchIpLogDataSchema);
      return mapOk(result, (value) => value.logs);
    },
    async getJobInstanceIpLog(ref, stepInstanceId, host, callOptions) {
      const result = await call("get_job_instance_ip_log", ipLogSend(ref, stepInstanceId, host), callOptions, v3IpLogDataSchema);
      return mapOk(result, (value) => value.log);
    },
  };
}

/** The value of a success, reshaped; a failure passes through. */
function mapOk<T, U>(result: Result<T>, pick: (value: T) => U): Result<U> {
  return result.ok ? ok(pick(result.value)) : result;
}
