// One call to BK-JOB, whichever protocol: deadline, one retry, reading the body, the envelope
// and the endpoint's data schema, and every failure returned as an UpstreamError value (never
// thrown). The protocol clients (esb-v2-client.ts, v3-client.ts) only say what to send.
//
// Behaviour worth knowing:
// - Deadline per attempt (`timeoutMs`) through AbortSignal, combined with the caller's signal.
// - One retry after 200–600 ms on a network error or HTTP 5xx only; never on a timeout, a
//   4xx or `result:false` (those will not change in half a second, or cost the user twice the
//   wait). Reads only: a caller made with `retry: false` (operations, which are writes) never retries.
// - A caller's abort is not a timeout: it comes back as kind "network" with the message
//   "aborted by the caller" and the abort reason as `cause`, and is never retried.
// - The body is read (body-text.ts) and parsed here, so HTML pages, empty and truncated bodies
//   become `bad_response` values instead of exceptions inside openapi-fetch.
// - The app secret is redacted from every message, cause and log line this module produces.
import type { CallOptions } from "../ports/job-api.js";
import type { Logger } from "../ports/logger.js";
import type { BkJobCallRecord } from "../ports/metrics.js";
import { decodeBodyText, readBodyBytes } from "./body-text.js";
import { createAttemptSignal, defaultSleep, withOneRetry } from "./http-fetch.js";
import { parseJsonBody } from "./json-body.js";
import { safeCause, type Redact } from "./redact.js";
import { interpretResponse, type BodyParser, type DataSchema, type ErrorOf, type ReadBody } from "./bk-answer.js";
import { fail, type Result, type UpstreamError } from "../core/upstream-error.js";

/** What openapi-fetch handed back (asked with `parseAs: "stream"`), reduced to what we interpret. */
export type Received = {
  response: Response;
  /**
   * A 2xx body still to be read (null: none), or what openapi-fetch made of a non-2xx body (it
   * reads those itself): the value it JSON-parsed, else the raw text.
   */
  body: { stream: ReadableStream<Uint8Array> | null } | { text: string } | { parsed: unknown };
};

/** Sends one attempt; `fetch` must be the one handed in (it tells connect from body failures). */
export type Send = (signal: AbortSignal, fetch: typeof globalThis.fetch) => Promise<Received>;

const parseBodyText: BodyParser = (bytes) => parseJsonBody(decodeBodyText(bytes));

type Outcome =
  | { type: "response"; received: { response: Response; body: ReadBody } }
  | { type: "timeout"; cause: unknown }
  | { type: "aborted"; cause: unknown }
  | { type: "network"; cause: unknown; duringBody: boolean };

export interface BkCallerOptions {
  timeoutMs: number;
  fetch: typeof fetch;
  redact: Redact;
  logger?: Logger;
  /** Source of retry jitter, in [0, 1). */
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Told how each call ended (for /metrics and readiness). */
  observe?: (call: BkJobCallRecord) => void;
  /** false for writes (operations): a retry after a reset or a 5xx could do the thing twice. */
  retry?: boolean;
}

export type BkCaller = <T>(
  api: string,
  send: Send,
  callOptions: CallOptions | undefined,
  dataSchema: DataSchema<T>,
  parseBody?: BodyParser,
) => Promise<Result<T & { requestId: string | null }>>;

export function createBkCaller(options: BkCallerOptions): BkCaller {
  const { redact } = options;
  const random = options.random ?? Math.random;
  const sleep = options.sleep ?? defaultSleep;

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
      const { response, body } = await send(signal, trackedFetch);
      // Read within the attempt: its deadline covers the body, and a reset mid-body is told apart.
      return { type: "response", received: { response, body: "stream" in body ? { bytes: await readBodyBytes(body.stream) } : body } };
    } catch (error) {
      const cause = abortCause();
      if (cause === "timeout") return { type: "timeout", cause: error };
      if (cause === "caller") return { type: "aborted", cause: callerSignal?.reason ?? error };
      return { type: "network", cause: error, duringBody: headersReceived };
    }
  }

  return async function call<T>(
    api: string,
    send: Send,
    callOptions: CallOptions | undefined,
    dataSchema: DataSchema<T>,
    parseBody: BodyParser = parseBodyText,
  ): Promise<Result<T & { requestId: string | null }>> {
    const callerSignal = callOptions?.signal;
    const started = performance.now();
    const errorOf: ErrorOf = (fields) => upstreamError(api, fields, redact);
    if (callerSignal?.aborted) {
      return fail(errorOf(abortedFields(callerSignal.reason)));
    }
    const mayProceed = callOptions?.mayProceed ?? (() => true);

    const gate = callOptions?.gate;
    let bytes = 0;
    let answered = false;
    const attempt = async (): Promise<Outcome> => {
      // Each attempt, after its wait at the gate: the caller's right may have run out meanwhile.
      if (!mayProceed()) return { type: "aborted", cause: null };
      const outcome = await attemptOnce(send, callerSignal);
      bytes += bytesOf(outcome);
      answered ||= outcome.type === "response" && outcome.received.response.status < 500;
      return outcome;
    };
    const { outcome, attempts, cancelled } = await withOneRetry(gate ? () => gate.run(attempt) : attempt, {
      shouldRetry: options.retry === false ? () => false : isRetryable,
      random,
      sleep,
      cancelled: () => callerSignal?.aborted === true || !mayProceed(),
      onRetry: (failed, delayMs) =>
        options.logger?.warn(
          { api, delayMs, failure: describeOutcome(failed, redact) },
          "BK-JOB call failed; retrying once",
        ),
    });

    // A caller who gave up during the retry pause hears about the abort, not the first failure;
    // one whose `mayProceed` said no hears that.
    const stopped = callerSignal?.aborted !== true && (cancelled || outcome.type === "aborted");
    const result = stopped
      ? fail(errorOf(NOT_PERMITTED_NOW))
      : cancelled
        ? fail(errorOf(abortedFields(callerSignal?.reason)))
        : interpret(outcome, errorOf, dataSchema, parseBody);
    const summary = result.ok
      ? { requestId: result.value.requestId }
      : {
          kind: result.error.kind,
          code: result.error.code,
          httpStatus: result.error.httpStatus,
          requestId: result.error.requestId,
        };
    const elapsedMs = performance.now() - started;
    options.observe?.({ api, outcome: result.ok ? "ok" : result.error.kind, answered, seconds: elapsedMs / 1000, bytes });
    options.logger?.debug(
      { api, attempts, elapsedMs: Math.round(elapsedMs), ...summary },
      "BK-JOB call finished",
    );
    return result;
  };
}

/**
 * openapi-fetch's result (`parseAs: "stream"`) → our Received. For non-2xx it has already read
 * the body and tried JSON.parse: `error` is typed as the spec's error body but is the raw string
 * when that failed.
 */
export function received(result: { data?: ReadableStream<Uint8Array> | null; error?: unknown; response: Response }): Received {
  const { response } = result;
  if (response.ok) return { response, body: { stream: result.data ?? null } };
  if (result.error === undefined) return { response, body: { text: "" } };
  if (typeof result.error === "string") return { response, body: { text: result.error } };
  return { response, body: { parsed: result.error } };
}

/** Body bytes an attempt received (a body openapi-fetch parsed itself: its Content-Length). */
function bytesOf(outcome: Outcome): number {
  if (outcome.type !== "response") return 0;
  const { body, response } = outcome.received;
  if ("bytes" in body) return body.bytes.byteLength;
  if ("text" in body) return Buffer.byteLength(body.text);
  return Number(response.headers.get("content-length")) || 0;
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

/** A call its caller's `mayProceed` stopped before it was sent. */
const NOT_PERMITTED_NOW = { kind: "network", message: "not sent: the caller may no longer make this call" } as const;

function abortedFields(reason: unknown): Partial<UpstreamError> & Pick<UpstreamError, "kind"> {
  return { kind: "network", message: "aborted by the caller", cause: reason };
}

function interpret<T>(
  outcome: Outcome,
  errorOf: ErrorOf,
  dataSchema: DataSchema<T>,
  parseBody: BodyParser,
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
      return interpretResponse(outcome.received, errorOf, dataSchema, parseBody);
  }
}

function upstreamError(
  api: string,
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
  // Optional fields stay absent unless they say something, so existing error shapes are unchanged.
  if (error.codeName === null || error.codeName === undefined) delete error.codeName;
  if (error.rateLimit === null || error.rateLimit === undefined) delete error.rateLimit;
  return error;
}
