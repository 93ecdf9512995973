// The bodies the simulator sends, as bytes: ESB v2 success envelopes around BK-JOB data,
// BK-JOB and ESB failures, and the raw non-JSON answers of things in front of them.
import { randomBytes } from "node:crypto";
import type { IamPermission } from "./bkjob-errors.js";
import type { WireFormat } from "./model.js";

export interface SimResponse {
  status: number;
  contentType: string;
  body: Buffer;
}

const JSON_TYPE = "application/json";

/** 32 hex characters, like ESB's uuid4().hex request_id and bk-job's trace-based job_request_id. */
export function randomRequestId(): string {
  return randomBytes(16).toString("hex");
}

export interface RequestIds {
  requestId: string; // ESB's
  jobRequestId: string; // BK-JOB's
}

/**
 * `dataJson` is already-serialised `data` (cached for big jobs), spliced in rather than
 * re-stringified. bk-job 3.x omits `message` on success and ESB fills in ""; the old 2.x
 * spelling has `code` as a string and no job_request_id.
 */
export function successText(dataJson: string, format: WireFormat, ids: RequestIds): string {
  return format === "old-docs"
    ? `{"result":true,"code":"0","message":"","data":${dataJson},"request_id":${JSON.stringify(ids.requestId)}}`
    : `{"result":true,"code":0,"message":"","data":${dataJson},` +
        `"job_request_id":${JSON.stringify(ids.jobRequestId)},"request_id":${JSON.stringify(ids.requestId)}}`;
}

export function jsonResponse(status: number, text: string): SimResponse {
  return { status, contentType: JSON_TYPE, body: Buffer.from(text, "utf8") };
}

/** A BK-JOB refusal as ESB passes it on: bk-job omits null data, ESB sets it back to null. */
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
      request_id: ids.requestId,
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
