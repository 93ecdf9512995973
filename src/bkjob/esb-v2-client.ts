// ESB v2 (`/api/c/compapi/v2/job/...`): the two calls, typed through openapi-fetch and parsed
// by the tolerant zod schemas. The transport policy (deadline, retry, error values) is
// bk-call.ts's; esb-v2-job-api.ts turns these answers into the JobApi port.
//
// POST with a JSON body, so the app secret never lands in a URL or an access log.
import createClient from "openapi-fetch";
import type { JobRef } from "../core/job-ref.js";
import type { CallOptions } from "../ports/job-api.js";
import type { Logger } from "../ports/logger.js";
import type { BkJobCallRecord } from "../ports/metrics.js";
import { createBkCaller, received, type Send } from "./bk-call.js";
import type { JobInstanceStatus } from "../core/job-model.js";
import type { components, paths } from "./openapi-types.js";
import { esbV2ReceivedLogDataSchema, parseLogBody } from "./received-log.js";
import { createRedactor } from "./redact.js";
import { esbV2JobInstanceStatusDataSchema } from "./esb-v2-schemas.js";
import type { Result } from "../core/upstream-error.js";
import type { JobLogView } from "./whole-log.js";

export const ESB_V2_LOG_PATH = "/api/c/compapi/v2/job/get_job_instance_log/";
export const ESB_V2_STATUS_PATH = "/api/c/compapi/v2/job/get_job_instance_status/";

/** What every BK-JOB client is configured with. */
export interface BkClientOptions {
  /** BK_JOB_API_URL: the PaaS/ESB host, or the gateway stage URL; trailing slashes are tolerated. */
  baseUrl: string;
  appCode: string;
  appSecret: string;
  /** The acting user; on ESB the app must be on the login-exempt whitelist. */
  username: string;
  /** Deadline per attempt. */
  timeoutMs: number;
  /** Injected: openapi-fetch would otherwise capture globalThis.fetch at creation. */
  fetch: typeof fetch;
  logger?: Logger;
  /** Source of retry jitter, in [0, 1). */
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Told how each call ended (src/ports/metrics.ts). */
  observe?: (call: BkJobCallRecord) => void;
  /** Sent as `Blueking-Language` (e.g. "en", "zh-cn") to localise BK-JOB's messages. */
  language?: string;
}

export type EsbV2ClientOptions = BkClientOptions;

export interface EsbV2Credentials {
  appCode: string;
  appSecret: string;
  username: string;
}

/** ESB v2's two calls, as values. */
export interface EsbV2Client {
  /** Steps and groups validated; each host when read, which may throw LogShapeError (received-log.ts). */
  getJobInstanceLog(ref: JobRef, options?: CallOptions): Promise<Result<JobLogView>>;
  getJobInstanceStatus(ref: JobRef, options?: CallOptions): Promise<Result<JobInstanceStatus>>;
}

/** The JSON body both endpoints take. Its type is checked against the OpenAPI spec. */
export function buildEsbV2RequestBody(credentials: EsbV2Credentials, ref: JobRef) {
  return {
    bk_app_code: credentials.appCode,
    bk_app_secret: credentials.appSecret,
    bk_username: credentials.username,
    bk_biz_id: ref.bizId,
    job_instance_id: ref.jobInstanceId,
  };
}

type RequestBody = components["schemas"]["EsbV2JobInstanceRequest"];

/** Headers every client sends: JSON, and the language BK-JOB should answer in. */
export function commonHeaders(language: string | undefined): Record<string, string> {
  const headers: Record<string, string> = { "Content-Type": "application/json" };
  if (language) headers["Blueking-Language"] = language;
  return headers;
}

export function createEsbV2Client(options: EsbV2ClientOptions): EsbV2Client {
  // openapi-fetch strips only one trailing slash.
  const baseUrl = options.baseUrl.replace(/\/+$/, "");
  const client = createClient<paths>({ baseUrl, fetch: options.fetch });
  const call = createBkCaller({ ...options, redact: createRedactor([options.appSecret]) });
  const headers = commonHeaders(options.language);
  const bodyFor = (ref: JobRef): RequestBody => buildEsbV2RequestBody(options, ref);

  // parseAs "stream": bk-call reads the body (fast for ASCII) and parses it, where openapi-fetch's
  // default JSON.parse would throw on HTML or truncated bodies.
  const post =
    (path: typeof ESB_V2_LOG_PATH | typeof ESB_V2_STATUS_PATH, ref: JobRef): Send =>
    async (signal, fetch) =>
      received(await client.POST(path, { body: bodyFor(ref), parseAs: "stream", signal, fetch, headers }));

  return {
    getJobInstanceLog(ref, callOptions) {
      return call("get_job_instance_log", post(ESB_V2_LOG_PATH, ref), callOptions, esbV2ReceivedLogDataSchema, parseLogBody);
    },
    getJobInstanceStatus(ref, callOptions) {
      const schema = esbV2JobInstanceStatusDataSchema;
      return call("get_job_instance_status", post(ESB_V2_STATUS_PATH, ref), callOptions, schema);
    },
  };
}
