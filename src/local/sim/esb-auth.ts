// ESB's two checks before a call reaches BK-JOB: is this app who it says it is, and who is
// the user. Mirrors AppAuthValidator/AppSecretValidator and UserAuthValidator in
// legacy-bk-paas paas2/esb (see esb-errors.ts); signatures and access tokens are not simulated.
import { ESB_MESSAGE } from "./esb-errors.js";
import { textParam, type Params } from "./request-params.js";

export interface AppCredentials {
  appCode: string;
  appSecret: string;
}

export type AuthResult = { ok: true; username: string } | { ok: false; message: string };

/**
 * `authorization` holds the X-Bkapi-Authorization header's fields when that header was sent,
 * else the request parameters (ESB reads credentials from one or the other, never both).
 * `tokenUser` is who a bk_token logs in as: the simulator has no login service to ask.
 */
export function authenticate(authorization: Params, expected: AppCredentials, tokenUser: string): AuthResult {
  const appCode = textParam(authorization, "bk_app_code", "app_code");
  const appSecret = textParam(authorization, "bk_app_secret", "app_secret");
  if (appSecret === null) return { ok: false, message: ESB_MESSAGE.secretMissing };
  if (appCode === null) return { ok: false, message: ESB_MESSAGE.appCodeMissing };
  if (appCode !== expected.appCode) return { ok: false, message: ESB_MESSAGE.unknownAppCode(appCode) };
  if (appSecret !== expected.appSecret) return { ok: false, message: ESB_MESSAGE.wrongSecret(appCode) };

  if (textParam(authorization, "bk_token") !== null) return { ok: true, username: tokenUser };
  // bk_username is trusted only for apps on ESB's login-exempt whitelist; the simulated app is.
  const username = textParam(authorization, "bk_username", "username");
  if (username !== null) return { ok: true, username };
  return { ok: false, message: ESB_MESSAGE.userMissing };
}
