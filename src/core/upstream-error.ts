// Failures talking to BK-JOB, as values. Every way a call can fail ends up as one of these
// kinds; src/render/error-message.ts is the one place that turns them into words.

export type UpstreamErrorKind =
  | "not_found" // 1244006 job instance (also: job in another business), 1244007 step
  | "no_permission" // 1238001 / 9900403, with the IAM `permission` payload when given
  | "business_not_found" // 1243049, 1243051
  | "bad_credentials" // ESB rejected bk_app_code / bk_app_secret, or the user is unknown
  | "gateway" // ESB/gateway in front of BK-JOB failed: HTTP 4xx/5xx, 16xxxxx codes
  | "rate_limited" // HTTP 429
  | "timeout" // no answer within BK_JOB_TIMEOUT_MS
  | "network" // connection refused / reset / DNS
  | "bad_response" // not JSON, truncated JSON, or JSON of the wrong shape
  | "upstream"; // any other BK-JOB `result:false` code

export interface PermissionAction {
  id: string;
  name: string;
}

export interface PermissionRequest {
  systemName: string | null;
  actions: PermissionAction[];
  applyUrl: string | null;
}

/** The API gateway's X-Bkapi-RateLimit-* headers on a 429 (or Retry-After). */
export interface RateLimit {
  limit: number | null;
  remaining: number | null;
  /** Seconds until the window resets, as the gateway counts them. */
  resetSeconds: number | null;
}

export interface UpstreamError {
  kind: UpstreamErrorKind;
  api: string; // e.g. "get_job_instance_log"
  code: number | null; // BK-JOB / ESB code, normalised to a number when numeric
  /** The API gateway's name for its code (INVALID_ARGS, API_NOT_FOUND …); absent elsewhere. */
  codeName?: string | null;
  /** On a gateway rate limit: when to try again. Absent when not rate-limited. */
  rateLimit?: RateLimit | null;
  message: string | null; // BK-JOB's own message (may be Chinese)
  requestId: string | null; // `job_request_id`, else ESB `request_id`, else X-Bkapi-Request-Id
  httpStatus: number | null;
  permission: PermissionRequest | null;
  cause?: unknown; // never shown to users; for logs only
}

export type Result<T, E = UpstreamError> = { ok: true; value: T } | { ok: false; error: E };

export const ok = <T>(value: T): Result<T, never> => ({ ok: true, value });
export const fail = <E>(error: E): Result<never, E> => ({ ok: false, error });
