// Which UpstreamErrorKind a BK-JOB / ESB / API-gateway error code means, and what a rate-limited
// answer's headers say. Pure tables and functions: the one place that knows the codes, each with
// the source it was read from.
import type { RateLimit, UpstreamErrorKind } from "../core/upstream-error.js";

/** The kinds a code (rather than a transport failure) can mean. */
export type CodeKind = Extract<
  UpstreamErrorKind,
  | "not_found"
  | "no_permission"
  | "business_not_found"
  | "bad_credentials"
  | "gateway"
  | "rate_limited"
  | "upstream"
>;

/**
 * Exact codes. Sources:
 * - bk-job `ErrorCode.java` + i18n `message_en.properties` (12xxxxx, 9900403);
 * - bk-job job-gateway `CheckOpenApiJwtGatewayFilterFactory.java` (1247002 / 1247004, HTTP 401);
 * - legacy ESB `TencentBlueKing/legacy-bk-paas` `paas2/esb/common/errors.py` (`ErrorCodes`,
 *   13 = PaaS, 06 = ESB) and `paas2/esb/common/bkerrors.py` (1306202, 1306221);
 * - API gateway "Gateway Error Response Explanation" doc (16xxxxx, with `code_name`).
 */
export const ERROR_CODE_KINDS: ReadonlyMap<number, CodeKind> = new Map<number, CodeKind>([
  // bk-job: job instance / step instance does not exist (also: job in another business).
  [1244006, "not_found"],
  [1244007, "not_found"],
  // bk-job IAM denial (BK_PERMISSION_DENIED) and IAM's own code; both carry `permission`.
  [1238001, "no_permission"],
  [9900403, "no_permission"],
  // ESB USER_PERMISSION_DENIED: the user lacks permission, without an IAM payload.
  [1306402, "no_permission"],
  // bk-job: business / business set does not exist or is archived; scope does not exist.
  [1243049, "business_not_found"],
  [1243051, "business_not_found"],
  // bk-job: user does not exist or is not logged in; job-gateway: no user (401), no app (401).
  [1247001, "bad_credentials"],
  [1247002, "bad_credentials"],
  [1247004, "bad_credentials"],
  // ESB OPERATOR_REQUIRED (no current user) and APP_PERMISSION_DENIED (app not allowed to
  // call the component, e.g. AppCodeWhiteListValidator / component permission).
  [1306401, "bad_credentials"],
  [1306403, "bad_credentials"],
  // API gateway INVALID_ARGS (HTTP 400): missing/invalid X-Bkapi-Authorization, wrong app
  // secret ("bk_app_code or bk_app_secret is incorrect"), no user identity, bad access_token.
  [1640001, "bad_credentials"],
  // API gateway APP_NO_PERMISSION (HTTP 403): the app is not granted the resource. Same
  // remedy as 1306403 (an admin fixes the app's grants), so the same kind.
  [1640301, "bad_credentials"],
  // ESB RATE_LIMIT_RESTRICTION; gateway RATE_LIMIT_RESTRICTION x3, CONCURRENCY_LIMIT_RESTRICTION.
  [1306429, "rate_limited"],
  [1642901, "rate_limited"],
  [1642902, "rate_limited"],
  [1642903, "rate_limited"],
  [1642904, "rate_limited"],
]);

/**
 * Legacy ESB turns every failed request validator into CommonAPIError, i.e. code 1306000
 * COMMON_ERROR with the validator's text (`paas2/esb/esb/channel/base.py` `validate_request`).
 * The app and user checks (`paas2/esb/esb/bkapp/validators.py`, `esb/bkauth/validators.py`)
 * are recognisable only by that text, e.g. "APP Secret verification failed, pelase confirm if
 * the APP Secret and APP Code [bk_app_code=x] match", "Invalid APP Code [bk_app_code=x]",
 * "APP Secret [bk_app_secret] cannot be empty", "User authentication failed, ...".
 */
const ESB_CREDENTIAL_MESSAGE = new RegExp(
  [
    "APP Code",
    "APP Secret",
    "bk_app_code",
    "bk_app_secret",
    "bk_signature",
    "access_token",
    "bk_token",
    "User authentication failed",
  ].join("|"),
  "i",
);

const ESB_COMMON_ERROR = 1306000;

/** 13 06 xxx: anything else from the legacy ESB itself (1306201 backend unreachable, ...). */
const isEsbCode = (code: number) => code >= 1_306_000 && code <= 1_306_999;
/** 16 xx xxx: API gateway codes (1640401 API_NOT_FOUND, 1650200 BAD_GATEWAY, ...). */
const isGatewayCode = (code: number) => code >= 1_600_000 && code <= 1_699_999;

/** The kind a `result:false` envelope means. Unknown codes stay `upstream`. */
export function classifyErrorCode(code: number | null, message: string | null): CodeKind {
  if (code === null) return "upstream";
  const exact = ERROR_CODE_KINDS.get(code);
  if (exact) return exact;
  if (code === ESB_COMMON_ERROR && message !== null && ESB_CREDENTIAL_MESSAGE.test(message)) {
    return "bad_credentials";
  }
  if (isEsbCode(code) || isGatewayCode(code)) return "gateway";
  return "upstream";
}

// Kinds a code can make more precise than "the gateway failed", even on HTTP 4xx/5xx (the
// gateway answers bad credentials with HTTP 400 + 1640001, job-gateway with 401 + 1247002).
const MEANINGFUL_ON_HTTP_ERROR: ReadonlySet<CodeKind> = new Set<CodeKind>([
  "not_found",
  "no_permission",
  "business_not_found",
  "bad_credentials",
  "rate_limited",
]);

/** The kind an HTTP 4xx/5xx means, given the BK code in its body if it had one. */
export function classifyHttpError(
  httpStatus: number,
  code: number | null,
  message: string | null,
): CodeKind {
  if (httpStatus === 429) return "rate_limited";
  const byCode = classifyErrorCode(code, message);
  return MEANINGFUL_ON_HTTP_ERROR.has(byCode) ? byCode : "gateway";
}

/**
 * The API gateway's rate-limit headers (X-Bkapi-RateLimit-Limit / -Remaining / -Reset, the
 * reset in seconds from now), or Retry-After. null when none is present.
 */
export function rateLimitOf(headers: Headers): RateLimit | null {
  const number = (name: string): number | null => {
    const value = headers.get(name);
    if (value === null || value.trim() === "") return null;
    const parsed = Number(value);
    return Number.isFinite(parsed) && parsed >= 0 ? parsed : null;
  };
  const limit = number("X-Bkapi-RateLimit-Limit");
  const remaining = number("X-Bkapi-RateLimit-Remaining");
  const resetSeconds = number("X-Bkapi-RateLimit-Reset") ?? number("Retry-After");
  if (limit === null && remaining === null && resetSeconds === null) return null;
  return { limit, remaining, resetSeconds };
}
