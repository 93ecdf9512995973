// What the BlueKing API gateway says when it refuses a call itself, before bk-job sees it
// (BlueKing API Gateway's "Gateway Error Response Explanation",
// https://github.com/TencentBlueKing/BKDocs, APIGateway user guide FAQ): a real HTTP status and the body
// {"code_name", "data": null, "code": 16xxxxx, "message", "result": false}. And what bk-job's
// own job-gateway says behind it for an app-type call with no user (401, 1247002).
import { jsonResponse, randomRequestId, type SimResponse } from "./envelopes.js";

export const GATEWAY_ERRORS = {
  invalidArgs: { status: 400, code: 1640001, codeName: "INVALID_ARGS" },
  appNoPermission: { status: 403, code: 1640301, codeName: "APP_NO_PERMISSION" },
  ipNotAllowed: { status: 403, code: 1640302, codeName: "IP_NOT_ALLOWED" },
  apiNotFound: { status: 404, code: 1640401, codeName: "API_NOT_FOUND" },
  rateLimited: { status: 429, code: 1642901, codeName: "RATE_LIMIT_RESTRICTION" },
  badGateway: { status: 502, code: 1650200, codeName: "BAD_GATEWAY" },
  backendTimeout: { status: 504, code: 1650401, codeName: "REQUEST_BACKEND_TIMEOUT" },
} as const;

export type GatewayError = (typeof GATEWAY_ERRORS)[keyof typeof GATEWAY_ERRORS];

export const GATEWAY_MESSAGE = {
  noAuthorization: 'Parameters error [reason="please provide bkapi authorization info"]',
  badAuthorization: 'Parameters error [reason="the X-Bkapi-Authorization header is not a valid JSON object"]',
  appCodeMissing: 'Parameters error [reason="app code cannot be empty"]',
  wrongSecret: 'Parameters error [reason="bk_app_code or bk_app_secret is incorrect"]',
  userMissing:
    'Parameters error [reason="user authentication failed, please provide a valid user identity, such as bk_username, bk_token, access_token"]',
  appNoPermission: (appCode: string) => `App has no permission to the resource [app_code="${appCode}"]`,
  apiNotFound: "API not found",
  rateLimited: 'Request rate exceeds the limit [reason="app is rate limited"]',
  backendTimeout: "Request backend service timeout",
} as const;

/** The gateway's own error body, with its request id in the header as the real gateway sends it. */
export function gatewayFailure(error: GatewayError, message: string, headers: Record<string, string> = {}): SimResponse {
  const response = jsonResponse(
    error.status,
    JSON.stringify({ code_name: error.codeName, data: null, code: error.code, message, result: false }),
  );
  return { ...response, headers: { "X-Bkapi-Request-Id": randomRequestId(), ...headers } };
}

/** job-gateway (CheckOpenApiJwtGatewayFilterFactory): an app-type call that names no user. */
export const JOB_GATEWAY_NO_USER = { status: 401, code: 1247002 } as const;
