// The bodies the simulator sends, as bytes: success envelopes around BK-JOB data (through ESB,
// or through the API gateway, which adds no request_id of its own to the body), BK-JOB and ESB
// failures, and the raw non-JSON answers of things in front of them.
import { randomBytes } from "node:crypto";
import type { IamPermission } from "./bkjob-errors.js";
import type { WireFormat } from "./model.js";

export interface SimResponse {
  status: number;
  contentType: string;
  body: Buffer;
  /** Extra response headers (the gateway's X-Bkapi-Request-Id, X-Bkapi-RateLimit-*). */
  headers?: Record<string, string>;
}

const JSON_TYPE = "application/json";

/** 32 hex characters, like ESB's uuid4().hex request_id and bk-job's trace-based job_request_id. */
export function randomRequestId(): string {
  return randomBytes(16).toString("hex");
}

export interface RequestIds {
  requestId: string | null; // ESB's; null through the gateway (its id travels in X-Bkapi-Request-Id)
  jobRequestId: string; // BK-JOB's
}

/**
 * `dataJson` is already-serialised `data` (cached for big jobs), spliced in rather than
 * re-stringified. bk-job 3.x omits `message` on success and ESB fills in ""; the old 2.x
 * spelling has `code` as a string and no job_request_id.
 */
export function successText(dataJson: string, format: WireFormat, ids: RequestIds): string {
  if (ids.requestId === null) return gatewaySuccessText(dataJson, ids.jobRequestId);
  return format === "old-docs"
    ? `{"result":true,"code":"0","message":"","data":${dataJson},"request_id":${JSON.stringify(ids.requestId)}}`
    : `{"result":true,"code":0,"message":"","data":${dataJson},` +
        `"job_request_id":${JSON.stringify(ids.jobRequestId)},"request_id":${JSON.stringify(ids.requestId)}}`;
}

/** bk-job's EsbResp as the API gateway passes it on: no ESB request_id in the body. */
export function gatewaySuccessText(dataJson: string, jobRequestId: string): string {
  return `{"result":true,"code":0,"message":"","data":${dataJson},"job_request_id":${JSON.stringify(jobRequestId)}}`;
}

export function jsonResponse(status: number, text: string): SimResponse {
  return { status, contentType: JSON_TYPE, body: Buffer.from(text, "utf8") };
}

/**
 * A BK-JOB refusal as ESB passes it on: bk-job omits null data, ESB sets it back to null and
 * adds its request_id. Through the gateway (`requestId` null) the body has no request_id.
 */
export function bkJobFailure(code: number, message: string, ids: RequestIds, permission?: IamPermission): SimResponse {
  return jsonResponse(
    200,
    JSON.stringify({
      result: false,
      code,
      message,
      data: null,
      job_request_id: ids.jobRequestId,
      ...(permission ? { permission } : {}),
      ...(ids.requestId !== null ? { request_id: ids.requestId } : {}),
    }),
  );
}

/** ESB refusing the call itself (authentication, malformed request): HTTP 200, no job_request_id. */
export function esbFailure(code: number, message: string, requestId: string): SimResponse {
  return jsonResponse(200, JSON.stringify({ result: false, code, message, data: null, request_id: requestId }));
}

export function rawResponse(status: number, contentType: string, text: string): SimResponse {
  return { status, contentType, body: Buffer.from(text, "utf8") };
}
