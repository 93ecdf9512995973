// The code → kind tables: every code the adapters rely on, and the fallbacks.
import { describe, expect, it } from "vitest";
import { classifyErrorCode, classifyHttpError } from "../../src/bkjob/classify-error.js";

describe("classifyErrorCode", () => {
  const cases: [string, { given: [number | null, string | null]; want: string }][] = [
    ["job instance missing", { given: [1244006, null], want: "not_found" }],
    ["step instance missing", { given: [1244007, null], want: "not_found" }],
    ["bk-job IAM denial", { given: [1238001, null], want: "no_permission" }],
    ["IAM denial", { given: [9900403, null], want: "no_permission" }],
    ["ESB user permission denied", { given: [1306402, null], want: "no_permission" }],
    ["business missing", { given: [1243049, null], want: "business_not_found" }],
    ["scope missing", { given: [1243051, null], want: "business_not_found" }],
    ["bk-job user unknown", { given: [1247001, null], want: "bad_credentials" }],
    ["job-gateway no user", { given: [1247002, null], want: "bad_credentials" }],
    ["job-gateway no app code", { given: [1247004, null], want: "bad_credentials" }],
    ["ESB operator required", { given: [1306401, null], want: "bad_credentials" }],
    ["ESB app permission denied", { given: [1306403, null], want: "bad_credentials" }],
    ["gateway INVALID_ARGS", { given: [1640001, "bk_app_code or bk_app_secret is incorrect"], want: "bad_credentials" }],
    ["gateway APP_NO_PERMISSION", { given: [1640301, null], want: "bad_credentials" }],
    [
      "ESB wrong secret",
      { given: [1306000, "APP Secret verification failed, pelase confirm if the APP Secret and APP Code [bk_app_code=a] match"], want: "bad_credentials" },
    ],
    ["ESB unknown app", { given: [1306000, "Invalid APP Code [bk_app_code=a], please confirm..."], want: "bad_credentials" }],
    ["ESB empty secret", { given: [1306000, "APP Secret [bk_app_secret] cannot be empty"], want: "bad_credentials" }],
    ["ESB no user", { given: [1306000, "User authentication failed, please provide a valid user identity"], want: "bad_credentials" }],
    ["ESB common error", { given: [1306000, "Component error, please contact the component developer"], want: "gateway" }],
    ["ESB common error, no message", { given: [1306000, null], want: "gateway" }],
    ["ESB → backend failed", { given: [1306201, null], want: "gateway" }],
    ["ESB: backend not JSON", { given: [1306202, null], want: "gateway" }],
    ["ESB: JOB error", { given: [1306221, null], want: "gateway" }],
    ["ESB component not found", { given: [1306404, null], want: "gateway" }],
    ["gateway API_NOT_FOUND", { given: [1640401, null], want: "gateway" }],
    ["gateway BAD_GATEWAY", { given: [1650200, null], want: "gateway" }],
    ["gateway backend timeout", { given: [1650401, null], want: "gateway" }],
    ["ESB rate limit", { given: [1306429, null], want: "rate_limited" }],
    ["gateway rate limit", { given: [1642901, null], want: "rate_limited" }],
    ["gateway concurrency limit", { given: [1642904, null], want: "rate_limited" }],
    ["other BK-JOB code", { given: [1241007, null], want: "upstream" }],
    ["internal error", { given: [1240002, null], want: "upstream" }],
    ["no code", { given: [null, "weird"], want: "upstream" }],
    ["credential words on a non-ESB code do not count", { given: [1241007, "bk_app_code missing"], want: "upstream" }],
  ];

  it.each(cases)("%s", (_name, { given, want }) => {
    expect(classifyErrorCode(...given)).toBe(want);
  });
});

describe("classifyHttpError", () => {
  const cases: [string, { given: [number, number | null, string | null]; want: string }][] = [
    ["429 always rate_limited", { given: [429, null, null], want: "rate_limited" }],
    ["400 + INVALID_ARGS", { given: [400, 1640001, null], want: "bad_credentials" }],
    ["401 + no user", { given: [401, 1247002, null], want: "bad_credentials" }],
    ["502 + BAD_GATEWAY", { given: [502, 1650200, null], want: "gateway" }],
    ["400 + parameter error", { given: [400, 1241007, null], want: "gateway" }],
    ["404 without a code", { given: [404, null, null], want: "gateway" }],
    ["500 with a not-found code", { given: [500, 1244006, null], want: "not_found" }],
  ];

  it.each(cases)("%s", (_name, { given, want }) => {
    expect(classifyHttpError(...given)).toBe(want);
  });
});
