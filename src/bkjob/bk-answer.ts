// What one answer from BK-JOB means, whichever protocol (bk-call.ts makes the call): the ESB
// envelope ({result, code, message, data, request_id}; gateway and ESB alike), the endpoint's data
// schema, and each way it can be wrong (HTTP status, `result: false`, not JSON, not the shape the
// endpoint promises) as an UpstreamError with the fields a person and a maintainer need.
import type { z } from "zod";
import { fail, ok, type Result, type UpstreamError } from "../core/upstream-error.js";
import { classifyErrorCode, classifyHttpError, rateLimitOf } from "./classify-error.js";
import { esbEnvelopeSchema } from "./envelope-schema.js";
import { parseJsonBody, type JsonBody } from "./json-body.js";

/** A body as read: the bytes of a 2xx, or what openapi-fetch made of a non-2xx one. */
export type ReadBody = { bytes: Uint8Array } | { text: string } | { parsed: unknown };

/** Parses an endpoint's `data` into its model, minus the envelope's requestId. */
export type DataSchema<T> = { safeParse(data: unknown): z.ZodSafeParseResult<T> };

/** Turns a 2xx body's bytes into JSON, or says why it is not (parseJsonBody of its text, or a cheaper equivalent). */
export type BodyParser = (bytes: Uint8Array) => JsonBody;

export type ErrorOf = (fields: Partial<UpstreamError> & Pick<UpstreamError, "kind">) => UpstreamError;

export function interpretResponse<T>(
  { response, body }: { response: Response; body: ReadBody },
  errorOf: ErrorOf,
  dataSchema: DataSchema<T>,
  parseBody: BodyParser,
): Result<T & { requestId: string | null }> {
  const httpStatus = response.status;
  const headerRequestId =
    response.headers.get("X-Bkapi-Request-Id") || response.headers.get("X-Request-Id") || null;

  const parsed: JsonBody =
    "parsed" in body ? { ok: true, value: body.parsed } : "text" in body ? parseJsonBody(body.text) : parseBody(body.bytes);
  const jsonProblem = parsed.ok ? null : describeJsonProblem(parsed);
  const envelope = parsed.ok ? esbEnvelopeSchema.safeParse(parsed.value) : null;
  const env = envelope?.success ? envelope.data : null;
  const requestId = env?.requestId ?? headerRequestId;
  const codeName = env?.codeName ?? null;

  if (!response.ok) {
    const message = env ? messageOf(env.message, env.rawCode) : null;
    const kind = classifyHttpError(httpStatus, env?.code ?? null, message);
    return fail(
      errorOf({
        kind,
        code: env?.code ?? null,
        codeName,
        message,
        requestId,
        httpStatus,
        permission: kind === "no_permission" ? (env?.permission ?? null) : null,
        rateLimit: kind === "rate_limited" ? rateLimitOf(response.headers) : null,
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
        codeName,
        message,
        requestId,
        httpStatus,
        permission: kind === "no_permission" ? env.permission : null,
        rateLimit: kind === "rate_limited" ? rateLimitOf(response.headers) : null,
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
