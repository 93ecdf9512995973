// The API gateway's checks before a call reaches bk-job (https://github.com/TencentBlueKing/bk-job/blob/HEAD/support-files/bk-api-gateway/v3/definition.yaml): credentials only in
// the X-Bkapi-Authorization header (the bk-job gateway sets allow_auth_from_params: false), a
// user for user-type resources, and for app-type `/api/v3/system/*` resources the app's grant
// and the user named in X-Bk-Username (job-gateway answers 401 1247002 without one).
import { textParam, type Params } from "./request-params.js";
import { GATEWAY_ERRORS, GATEWAY_MESSAGE, gatewayFailure, JOB_GATEWAY_NO_USER } from "./gateway-errors.js";
import type { AppCredentials } from "./esb-auth.js";
import type { SimResponse } from "./envelopes.js";

export interface GatewayRequest {
  /** The raw X-Bkapi-Authorization header, if sent. */
  authorization: string | undefined;
  /** The raw X-Bk-Username header, if sent. */
  bkUsername: string | undefined;
  system: boolean;
  /** Whether the app is granted the non-public system resources. */
  systemGranted: boolean;
}

export type GatewayAuth = { ok: true; username: string } | { ok: false; response: SimResponse };

const refuse = (response: SimResponse): GatewayAuth => ({ ok: false, response });

export function authenticateAtGateway(request: GatewayRequest, expected: AppCredentials, tokenUser: string): GatewayAuth {
  const { invalidArgs } = GATEWAY_ERRORS;
  if (request.authorization === undefined || request.authorization.trim() === "") {
    return refuse(gatewayFailure(invalidArgs, GATEWAY_MESSAGE.noAuthorization));
  }
  let fields: Params;
  try {
    const parsed: unknown = JSON.parse(request.authorization);
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) throw new Error("not an object");
    fields = parsed as Params;
  } catch {
    return refuse(gatewayFailure(invalidArgs, GATEWAY_MESSAGE.badAuthorization));
  }
  const appCode = textParam(fields, "bk_app_code");
  if (appCode === null) return refuse(gatewayFailure(invalidArgs, GATEWAY_MESSAGE.appCodeMissing));
  if (appCode !== expected.appCode || textParam(fields, "bk_app_secret") !== expected.appSecret) {
    return refuse(gatewayFailure(invalidArgs, GATEWAY_MESSAGE.wrongSecret));
  }
  if (request.system) {
    if (!request.systemGranted) {
      return refuse(gatewayFailure(GATEWAY_ERRORS.appNoPermission, GATEWAY_MESSAGE.appNoPermission(appCode)));
    }
    const user = request.bkUsername?.trim() || textParam(fields, "bk_username");
    if (!user) return refuse(noUser());
    return { ok: true, username: user };
  }
  if (textParam(fields, "bk_token") !== null || textParam(fields, "access_token") !== null) return { ok: true, username: tokenUser };
  const username = textParam(fields, "bk_username");
  if (username === null) return refuse(gatewayFailure(invalidArgs, GATEWAY_MESSAGE.userMissing));
  return { ok: true, username };
}

/** bk-job's job-gateway, behind the API gateway: EsbResp with HTTP 401. */
function noUser(): SimResponse {
  const body = JSON.stringify({ result: false, code: JOB_GATEWAY_NO_USER.code, message: "Missing user info", data: null });
  return { status: JOB_GATEWAY_NO_USER.status, contentType: "application/json", body: Buffer.from(body, "utf8") };
}
