// What ESB (the BlueKing API gateway in front of BK-JOB, paas2/esb in TencentBlueKing/
// legacy-bk-paas) says when it refuses a call itself, before BK-JOB sees it.
//
// Source: esb/channel/base.py runs AppAuthValidator then UserAuthValidator; every
// ValidationError they raise becomes CommonAPIError(message), i.e. code 1306000 (COMMON_ERROR
// in common/errors.py) with the validator's own English message, HTTP 200. The named codes
// 1306401 OPERATOR_REQUIRED / 1306403 APP_PERMISSION_DENIED exist but those validators do
// not use them. Unknown paths hit Django's handler_404_view (esb/views.py).

export const ESB_CODE = {
  /** COMMON_ERROR: what every app/user authentication failure comes back as. */
  commonError: 1306000,
  /** ARGUMENT_ERROR: e.g. an X-Bkapi-Authorization header that is not JSON. */
  argumentError: 1306406,
} as const;

export const ESB_MESSAGE = {
  // esb/bkapp/validators.py, AppAuthValidator (signature_or_app_secret) and AppSecretValidator.
  secretMissing: "Signature [bk_signature] and APP Secret [bk_app_secret] cannot be empty at the same time",
  appCodeMissing: "APP Code [bk_app_code] cannot be empty",
  unknownAppCode: (appCode: string): string =>
    `Invalid APP Code [bk_app_code=${appCode}], please confirm if the APP Code has been registered`,
  // "pelase" (sic): kept as ESB spells it, so nobody matches on a corrected text.
  wrongSecret: (appCode: string): string =>
    `APP Secret verification failed, pelase confirm if the APP Secret and APP Code [bk_app_code=${appCode}] match`,
  // esb/bkauth/validators.py, UserAuthValidator.
  userMissing: "User authentication failed, please provide a valid user identity, such as bk_token, bk_username",
  // common/base_utils.py, get_request_params: a POST body starting with "{" that is not JSON.
  badJsonBody: "Request JSON string is wrong in format, which cannot be analyzed.",
  // esb/channel/base.py, RequestHandler._get_authorization_from_header.
  badAuthorizationHeader: "Parameters error, request header X-Bkapi-Authorization is not a valid JSON format string",
} as const;

/** esb/views.py handler_404_view: HTTP 404, and no `code` at all. */
export const ESB_NOT_FOUND = {
  status: 404,
  body: { result: false, data: null, message: "The content does not exist" },
} as const;
