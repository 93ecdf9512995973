// The JobApi port over ESB v2 (`/api/c/compapi/v2/job/...`): typed requests through
// openapi-fetch, tolerant parsing through zod, and every failure returned as an
// UpstreamError value (never thrown).
//
// Behaviour worth knowing:
// - POST with a JSON body, so the app secret never lands in a URL or an access log.
// - Deadline per attempt (`timeoutMs`) through AbortSignal, combined with the caller's signal.
// - One retry after 200–600 ms on a network error or HTTP 5xx only; never on a timeout, a
//   4xx or `result:false` (those will not change in half a second, or cost the user twice the
//   wait). Both endpoints are read-only, so a retry cannot do anything twice.
// - A caller's abort is not a timeout: it comes back as kind "network" with the message
//   "aborted by the caller" and the abort reason as `cause`, and is never retried.
// - The body is read as text and parsed here, so HTML pages, empty and truncated bodies
//   become `bad_response` values instead of exceptions inside openapi-fetch.
// - The app secret is redacted from every message, cause and log line this module produces.
import createClient from "openapi-fetch";
import type { JobRef, CallOptions, JobApi, Logger } from "../ports.js";
import type { JobInstanceLog, JobInstanceStatus } from "./job-model.js";
import { classifyErrorCode, classifyHttpError } from "./classify-error.js";
import { createAttemptSignal, defaultSleep, withOneRetry } from "./http-fetch.js";
import { parseJsonBody, type JsonBody } from "./json-body.js";
import type { components, paths } from "./openapi-types.js";
import { createRedactor, safeCause, type Redact } from "./redact.js";
import {
  esbEnvelopeSchema,
  esbV2JobInstanceLogDataSchema,
  esbV2JobInstanceStatusDataSchema,
} from "./schemas.js";
import { fail, ok, type Result, type UpstreamError } from "./upstream-error.js";
import type { z } from "zod";

export const ESB_V2_LOG_PATH = "/api/c/compapi/v2/job/get_job_instance_log/";
export const ESB_V2_STATUS_PATH = "/api/c/compapi/v2/job/get_job_instance_status/";

export interface EsbV2JobApiOptions {
  /** BK_JOB_API_URL, e.g. http://paas.example.com; trailing slashes are tolerated. */
  baseUrl: string;
  appCode: string;
  appSecret: string;
  /** The acting user; the app must be on ESB's login-exempt whitelist. */
  username: string;
  /** Deadline per attempt. */
  timeoutMs: number;
  /** Injected: openapi-fetch would otherwise capture globalThis.fetch at creation. */
  fetch: typeof fetch;
  logger?: Logger;
  /** Source of retry jitter, in [0, 1). */
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Sent as `Blueking-Language` (e.g. "en", "zh-cn") to localise BK-JOB's messages. */
  language?: string;
}

export interface EsbV2Credentials {
  appCode: string;
  appSecret: string;
  username: string;
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

type Api = "get_job_instance_log" | "get_job_instance_status";
type RequestBody = components["schemas"]["EsbV2JobInstanceRequest"];

/** What openapi-fetch handed back, reduced to what we interpret. */
type Received = {
  response: Response;
  /** Raw text, or a value openapi-fetch already JSON-parsed (it does so for non-2xx). */
  body: { text: string } | { parsed: unknown };
};

type Outcome =
  | { type: "response"; received: Received }
  | { type: "timeout"; cause: unknown }
  | { type: "aborted"; cause: unknown }
  | { type: "network"; cause: unknown; duringBody: boolean };

/** Parses an endpoint's `data` into its model, minus the envelope's requestId. */
type DataSchema<T> = { safeParse(data: unknown): z.ZodSafeParseResult<T> };

const logDataSchema = esbV2JobInstanceLogDataSchema.transform((steps) => ({ steps }));

type Send = (signal: AbortSignal, fetch: typeof globalThis.fetch) => Promise<Received>;

export function createEsbV2JobApi(options: EsbV2JobApiOptions): JobApi {
  // openapi-fetch strips only one trailing slash.
  const baseUrl = options.baseUrl.replace(/\/+$/, "");
  const client = createClient<paths>({ baseUrl, fetch: options.fetch });
  const redact = createRedactor([options.appSecret]);
  const random = options.random ?? Math.random;
  const sleep = options.sleep ?? defaultSleep;
  const headers: Record<string, string> = { "Content-Type": "application/json" };
  if (options.language) headers["Blueking-Language"] = options.language;

  const bodyFor = (ref: JobRef): RequestBody => buildEsbV2RequestBody(options, ref);

  async function call<T>(
    api: Api,
    send: Send,
    callOptions: CallOptions | undefined,
    dataSchema: DataSchema<T>,
  ): Promise<Result<T & { requestId: string | null }>> {
    const callerSignal = callOptions?.signal;
    const started = performance.now();
    const errorOf = (fields: Partial<UpstreamError> & Pick<UpstreamError, "kind">) =>
      upstreamError(api, fields, redact);
    if (callerSignal?.aborted) {
      return fail(errorOf(abortedFields(callerSignal.reason)));
    }

    const { outcome, attempts, cancelled } = await withOneRetry(() => attemptOnce(send, callerSignal), {
      shouldRetry: isRetryable,
      random,
      sleep,
      cancelled: () => callerSignal?.aborted === true,
      onRetry: (failed, delayMs) =>
        options.logger?.warn(
          { api, delayMs, failure: describeOutcome(failed, redact) },
          "BK-JOB call failed; retrying once",
        ),
    });

    // A caller who gave up during the retry pause hears about the abort, not the first failure.
    const result = cancelled
      ? fail(errorOf(abortedFields(callerSignal?.reason)))
      : interpret(outcome, errorOf, dataSchema);
    const summary = result.ok
      ? { requestId: result.value.requestId }
      : {
          kind: result.error.kind,
          code: result.error.code,
          httpStatus: result.error.httpStatus,
          requestId: result.error.requestId,
        };
    options.logger?.debug(
      { api, attempts, elapsedMs: Math.round(performance.now() - started), ...summary },
      "BK-JOB call finished",
    );
    return result;
  }

  async function attemptOnce(send: Send, callerSignal: AbortSignal | undefined): Promise<Outcome> {
    const { signal, abortCause } = createAttemptSignal(options.timeoutMs, callerSignal);
    let headersReceived = false;
    // Wrapping fetch tells a failure to connect from one while reading the body.
    const trackedFetch = (async (input: Request | string | URL, init?: RequestInit) => {
      const response = await options.fetch(input, init);
      headersReceived = true;
      return response;
    }) as typeof globalThis.fetch;
    try {
      return { type: "response", received: await send(signal, trackedFetch) };
    } catch (error) {
      const cause = abortCause();
      if (cause === "timeout") return { type: "timeout", cause: error };
      if (cause === "caller") return { type: "aborted", cause: callerSignal?.reason ?? error };
      return { type: "network", cause: error, duringBody: headersReceived };
    }
  }

  // parseAs "text": openapi-fetch's default JSON.parse would throw on HTML or truncated bodies.
  const sendLog =
    (ref: JobRef): Send =>
    async (signal, fetch) =>
      received(
        await client.POST(ESB_V2_LOG_PATH, {
          body: bodyFor(ref),
          parseAs: "text",
          signal,
          fetch,
          headers,
        }),
      );

  const sendStatus =
    (ref: JobRef): Send =>
    async (signal, fetch) =>
      received(
        await client.POST(ESB_V2_STATUS_PATH, {
          body: bodyFor(ref),
          parseAs: "text",
          signal,
          fetch,
          headers,
        }),
      );

  return {
    getJobInstanceLog(ref, callOptions): Promise<Result<JobInstanceLog>> {
      return call("get_job_instance_log", sendLog(ref), callOptions, logDataSchema);
    },
    getJobInstanceStatus(ref, callOptions): Promise<Result<JobInstanceStatus>> {
      const schema = esbV2JobInstanceStatusDataSchema;
      return call("get_job_instance_status", sendStatus(ref), callOptions, schema);
    },
  };
}

/**
 * openapi-fetch's result → our Received. For non-2xx it has already read the body and tried
 * JSON.parse: `error` is typed as the spec's error body but is the raw string when that failed.
 */
function received(result: { data?: string; error?: unknown; response: Response }): Received {
  const { response } = result;
  if (response.ok) return { response, body: { text: result.data ?? "" } };
  if (result.error === undefined) return { response, body: { text: "" } };
  if (typeof result.error === "string") return { response, body: { text: result.error } };
  return { response, body: { parsed: result.error } };
}

function isRetryable(outcome: Outcome): boolean {
  if (outcome.type === "network") return true;
  return outcome.type === "response" && outcome.received.response.status >= 500;
}

function describeOutcome(outcome: Outcome, redact: Redact): object {
  switch (outcome.type) {
    case "response":
      return { httpStatus: outcome.received.response.status };
    case "network":
      return { network: safeCause(outcome.cause, redact), duringBody: outcome.duringBody };
    default:
      return { type: outcome.type };
  }
}

function abortedFields(reason: unknown): Partial<UpstreamError> & Pick<UpstreamError, "kind"> {
  return { kind: "network", message: "aborted by the caller", cause: reason };
}

type ErrorOf = (fields: Partial<UpstreamError> & Pick<UpstreamError, "kind">) => UpstreamError;

function interpret<T>(
  outcome: Outcome,
  errorOf: ErrorOf,
  dataSchema: DataSchema<T>,
): Result<T & { requestId: string | null }> {
  switch (outcome.type) {
    case "timeout":
      return fail(
        errorOf({ kind: "timeout", message: "no answer before the deadline", cause: outcome.cause }),
      );
    case "aborted":
      return fail(errorOf(abortedFields(outcome.cause)));
    case "network":
      // Headers arrived but the body did not: the answer was cut off mid-transfer.
      return fail(
        outcome.duringBody
          ? errorOf({
              kind: "bad_response",
              message: "response truncated: the connection failed while reading the body",
              cause: outcome.cause,
            })
          : errorOf({ kind: "network", message: "could not reach BK-JOB", cause: outcome.cause }),
      );
    case "response":
      return interpretResponse(outcome.received, errorOf, dataSchema);
  }
}

function interpretResponse<T>(
  { response, body }: Received,
  errorOf: ErrorOf,
  dataSchema: DataSchema<T>,
): Result<T & { requestId: string | null }> {
  const httpStatus = response.status;
  const headerRequestId =
    response.headers.get("X-Bkapi-Request-Id") || response.headers.get("X-Request-Id") || null;

  const parsed: JsonBody = "parsed" in body ? { ok: true, value: body.parsed } : parseJsonBody(body.text);
  const jsonProblem = parsed.ok ? null : describeJsonProblem(parsed);
  const envelope = parsed.ok ? esbEnvelopeSchema.safeParse(parsed.value) : null;
  const env = envelope?.success ? envelope.data : null;
  const requestId = env?.requestId ?? headerRequestId;

  if (!response.ok) {
    const message = env ? messageOf(env.message, env.rawCode) : null;
    const kind = classifyHttpError(httpStatus, env?.code ?? null, message);
    return fail(
      errorOf({
        kind,
        code: env?.code ?? null,
        message,
        requestId,
        httpStatus,
        permission: kind === "no_permission" ? (env?.permission ?? null) : null,
        cause: jsonProblem ?? undefined,
      }),
    );
  }

  if (jsonProblem !== null) {
    return fail(errorOf({ kind: "bad_response", message: jsonProblem, requestId, httpStatus }));
  }
  if (!env) {
    return fail(
      errorOf({
        kind: "bad_response",
        message: `response is not an ESB envelope: ${describeIssue(envelope?.error)}`,
        requestId,
        httpStatus,
      }),
    );
  }
  if (!env.ok) {
    const message = messageOf(env.message, env.rawCode);
    const kind = classifyErrorCode(env.code, message);
    return fail(
      errorOf({
        kind,
        code: env.code,
        message,
        requestId,
        httpStatus,
        permission: kind === "no_permission" ? env.permission : null,
      }),
    );
  }
  const data = dataSchema.safeParse(env.data);
  if (!data.success) {
    return fail(
      errorOf({
        kind: "bad_response",
        message: `response does not have the expected shape: ${describeIssue(data.error, ["data"])}`,
        requestId,
        httpStatus,
      }),
    );
  }
  return ok({ ...data.data, requestId });
}

function describeJsonProblem(body: Extract<JsonBody, { ok: false }>): string {
  switch (body.problem) {
    case "empty":
      return "response body is empty, not JSON";
    case "truncated":
      return `response is truncated JSON: ${body.excerpt}`;
    case "not JSON":
      return `response is not JSON: ${body.excerpt}`;
  }
}

/** A non-numeric code string (old docs) is kept by prefixing it to the message. */
function messageOf(message: string | null, rawCode: string | null): string | null {
  if (rawCode === null) return message;
  return message ? `${rawCode}: ${message}` : rawCode;
}

/** The first zod issue as "path: message"; the path is what a maintainer needs. */
function describeIssue(error: z.ZodError | undefined, prefix: PropertyKey[] = []): string {
  const issue = error?.issues[0];
  if (!issue) return "unknown shape";
  const path = [...prefix, ...issue.path].map(String).join(".");
  return `${path || "(root)"}: ${issue.message}`;
}

function upstreamError(
  api: Api,
  fields: Partial<UpstreamError> & Pick<UpstreamError, "kind">,
  redact: Redact,
): UpstreamError {
  const error: UpstreamError = {
    api,
    code: null,
    message: null,
    requestId: null,
    httpStatus: null,
    permission: null,
    ...fields,
  };
  error.message = error.message === null ? null : redact(error.message);
  if (error.cause === undefined) delete error.cause;
  else error.cause = safeCause(error.cause, redact);
  return error;
}
