// The ESB v2 client against an injected fetch: requests, retries, timeouts, every
// error class, request-id precedence, and the app secret never escaping.
import { describe, expect, it } from "vitest";
import {
  createEsbV2Client,
  ESB_V2_LOG_PATH,
  ESB_V2_STATUS_PATH,
  type EsbV2ClientOptions,
} from "../../src/bkjob/esb-v2-client.js";
import type { UpstreamError } from "../../src/core/upstream-error.js";
import { envelope, jobStatus3x, stepLog3x } from "./fixtures.js";
import {
  bodyCutOff,
  hangUntilAborted,
  json,
  recordingFetch,
  recordingLogger,
  text,
  type Handler,
} from "./fake-fetch.js";

const SECRET = "s3cr3t-app-SECRET-9f2c";
const ref = { bizId: 2, jobInstanceId: 100 };

function setup(handlers: Handler[], overrides: Partial<EsbV2ClientOptions> = {}) {
  const recorded = recordingFetch(...handlers);
  const logger = recordingLogger();
  const sleeps: number[] = [];
  const api = createEsbV2Client({
    baseUrl: "http://paas.example.com//",
    appCode: "joblog",
    appSecret: SECRET,
    username: "joblog-bot",
    timeoutMs: 5_000,
    fetch: recorded.fetch,
    logger,
    random: () => 0.5,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...overrides,
  });
  return { api, ...recorded, logger, sleeps };
}

/** Fails the test if the secret is anywhere in what the caller or the logs keep. */
function expectNoSecret(value: unknown, logger: ReturnType<typeof recordingLogger>) {
  expect(JSON.stringify(value)).not.toContain(SECRET);
  expect(String((value as { error?: { message?: unknown } }).error?.message)).not.toContain(SECRET);
  expect(JSON.stringify(logger.lines)).not.toContain(SECRET);
}

async function logError(handlers: Handler[], overrides: Partial<EsbV2ClientOptions> = {}) {
  const ctx = setup(handlers, overrides);
  const result = await ctx.api.getJobInstanceLog(ref);
  expectNoSecret(result, ctx.logger);
  if (result.ok) throw new Error("expected a failure");
  return { error: result.error, ...ctx };
}

describe("createEsbV2Client: success", () => {
  it("POSTs the credentials as JSON to the log path and normalises the answer", async () => {
    const ctx = setup([() => json(envelope([stepLog3x]))]);
    const result = await ctx.api.getJobInstanceLog(ref);

    expect(result).toMatchObject({
      ok: true,
      value: { requestId: "job-req-1", steps: [{ stepInstanceId: 90000, isFinished: true }] },
    });
    expect(ctx.requests).toHaveLength(1);
    const request = ctx.requests[0]!;
    expect(request.method).toBe("POST");
    expect(request.url).toBe(`http://paas.example.com${ESB_V2_LOG_PATH}`);
    expect(request.headers.get("Content-Type")).toBe("application/json");
    expect(request.url).not.toContain(SECRET);
    expect(JSON.parse(ctx.bodies[0]!)).toEqual({
      bk_app_code: "joblog",
      bk_app_secret: SECRET,
      bk_username: "joblog-bot",
      bk_biz_id: 2,
      job_instance_id: 100,
    });
    expect(ctx.sleeps).toEqual([]);
    expectNoSecret(result, ctx.logger);
  });

  it("POSTs to the status path and normalises the answer", async () => {
    const ctx = setup([() => json(envelope(jobStatus3x))]);
    const result = await ctx.api.getJobInstanceStatus(ref);

    expect(ctx.requests[0]?.url).toBe(`http://paas.example.com${ESB_V2_STATUS_PATH}`);
    expect(result).toMatchObject({
      ok: true,
      value: { finished: true, requestId: "job-req-1", job: { jobInstanceId: 100, status: 4 } },
    });
    if (result.ok) expect(result.value.steps).toHaveLength(2);
  });

  it("sends Blueking-Language when a language is configured", async () => {
    const ctx = setup([() => json(envelope([]))], { language: "en" });
    await ctx.api.getJobInstanceLog(ref);
    expect(ctx.requests[0]?.headers.get("Blueking-Language")).toBe("en");
  });

  it("logs a debug summary without the body or the secret", async () => {
    const ctx = setup([() => json(envelope([stepLog3x]))]);
    await ctx.api.getJobInstanceLog(ref);
    expect(ctx.logger.lines).toEqual([
      expect.objectContaining({
        level: "debug",
        fields: expect.objectContaining({ api: "get_job_instance_log", attempts: 1, requestId: "job-req-1" }),
      }),
    ]);
  });
});

describe("createEsbV2Client: error classes", () => {
  const failure = (code: unknown, message: string, extra: Record<string, unknown> = {}) =>
    json({ result: false, code, message, data: null, job_request_id: "job-req-9", ...extra });

  const cases: [string, { given: Handler; want: Partial<UpstreamError> }][] = [
    [
      "1244006 job instance missing",
      { given: () => failure(1244006, "Task instance does not exist"), want: { kind: "not_found", code: 1244006, httpStatus: 200 } },
    ],
    ["1244007 step missing", { given: () => failure(1244007, "x"), want: { kind: "not_found", code: 1244007 } }],
    [
      "1238001 IAM denial with permission",
      {
        given: () =>
          failure(1238001, "User (bob) permission not allowed", {
            permission: {
              system_id: "bk_job",
              system_name: "Job",
              actions: [{ id: "view_history", name: "View history", related_resource_types: [] }],
            },
          }),
        want: {
          kind: "no_permission",
          code: 1238001,
          message: "User (bob) permission not allowed",
          permission: { systemName: "Job", actions: [{ id: "view_history", name: "View history" }], applyUrl: null },
        },
      },
    ],
    [
      "9900403 with an apply_url",
      {
        given: () =>
          failure(9900403, "no permission", {
            permission: { system_name: "Job", actions: [], apply_url: "https://iam.example.com/apply?x=1" },
          }),
        want: {
          kind: "no_permission",
          permission: { systemName: "Job", actions: [], applyUrl: "https://iam.example.com/apply?x=1" },
        },
      },
    ],
    ["1243049 business missing", { given: () => failure(1243049, "x"), want: { kind: "business_not_found", code: 1243049 } }],
    ["1243051 scope missing", { given: () => failure(1243051, "x"), want: { kind: "business_not_found" } }],
    [
      "legacy ESB wrong app secret (1306000 + text)",
      {
        given: () =>
          failure(1306000, "APP Secret verification failed, pelase confirm if the APP Secret and APP Code [bk_app_code=joblog] match"),
        want: { kind: "bad_credentials", code: 1306000 },
      },
    ],
    [
      "legacy ESB unknown user (1306000 + text)",
      {
        given: () => failure(1306000, "User authentication failed, please provide a valid user identity, such as bk_token, bk_username"),
        want: { kind: "bad_credentials" },
      },
    ],
    ["ESB 1306403 app permission denied", { given: () => failure(1306403, "APP permission is insufficient"), want: { kind: "bad_credentials" } }],
    ["bk-job 1247001 user unknown", { given: () => failure(1247001, "x"), want: { kind: "bad_credentials" } }],
    [
      "gateway 1640001 INVALID_ARGS on HTTP 400",
      {
        given: () =>
          json(
            { result: false, code: 1640001, code_name: "INVALID_ARGS", data: null, message: 'Parameters error [reason="bk_app_code or bk_app_secret is incorrect"]' },
            { status: 400 },
          ),
        want: { kind: "bad_credentials", code: 1640001, httpStatus: 400 },
      },
    ],
    [
      "job-gateway 401 1247002",
      { given: () => json({ result: false, code: 1247002, message: "Missing user" }, { status: 401 }), want: { kind: "bad_credentials", httpStatus: 401 } },
    ],
    [
      "ESB could not reach bk-job (1306201)",
      { given: () => failure(1306201, "Request third-party interface error"), want: { kind: "gateway", code: 1306201, httpStatus: 200 } },
    ],
    ["ESB 1306000 other failure", { given: () => failure(1306000, "System error"), want: { kind: "gateway", code: 1306000 } }],
    [
      "gateway 1640401 API_NOT_FOUND on HTTP 404",
      {
        given: () => json({ result: false, code: 1640401, code_name: "API_NOT_FOUND", message: "API not found" }, { status: 404 }),
        want: { kind: "gateway", code: 1640401, httpStatus: 404, message: "API not found" },
      },
    ],
    [
      "gateway 1640301 APP_NO_PERMISSION on HTTP 403",
      {
        given: () => json({ result: false, code: 1640301, code_name: "APP_NO_PERMISSION", message: "App has no permission" }, { status: 403 }),
        want: { kind: "bad_credentials", code: 1640301, httpStatus: 403 },
      },
    ],
    ["ESB 1306429 rate limit", { given: () => failure(1306429, "Access frequency limit"), want: { kind: "rate_limited", code: 1306429 } }],
    [
      "HTTP 429 with a gateway code",
      {
        given: () => json({ result: false, code: 1642901, code_name: "RATE_LIMIT_RESTRICTION", message: "slow down" }, { status: 429 }),
        want: { kind: "rate_limited", code: 1642901, httpStatus: 429 },
      },
    ],
    ["HTTP 429 without a body", { given: () => text("", { status: 429 }), want: { kind: "rate_limited", httpStatus: 429, code: null } }],
    [
      "HTTP 404 HTML page",
      { given: () => text("<html><body>Not Found</body></html>", { status: 404 }), want: { kind: "gateway", httpStatus: 404, code: null, message: null } },
    ],
    [
      "HTTP 400 bk-job parameter error stays gateway, code kept",
      { given: () => json({ result: false, code: 1241007, message: "Missing [job_instance_id]" }, { status: 400 }), want: { kind: "gateway", code: 1241007, httpStatus: 400 } },
    ],
    [
      "any other BK-JOB code",
      { given: () => failure(1241007, "Missing or invalid request parameter [bk_biz_id]"), want: { kind: "upstream", code: 1241007, message: "Missing or invalid request parameter [bk_biz_id]" } },
    ],
    [
      "code as numeric string",
      { given: () => failure("1244006", "x"), want: { kind: "not_found", code: 1244006 } },
    ],
    [
      "non-numeric code kept in the message",
      { given: () => failure("E_WEIRD", "odd"), want: { kind: "upstream", code: null, message: "E_WEIRD: odd" } },
    ],
    [
      "not JSON",
      { given: () => text("<html>login required</html>"), want: { kind: "bad_response", httpStatus: 200, message: "response is not JSON: <html>login required</html>" } },
    ],
    [
      "truncated JSON",
      { given: () => text('{"result":true,"code":0,"data":[{"name":"ste'), want: { kind: "bad_response", message: expect.stringContaining("truncated") } },
    ],
    ["empty body", { given: () => text(""), want: { kind: "bad_response", message: "response body is empty, not JSON" } }],
    [
      "JSON that is not an envelope",
      { given: () => json([1, 2, 3]), want: { kind: "bad_response", message: expect.stringContaining("not an ESB envelope") } },
    ],
    [
      "data of the wrong shape names the path",
      {
        given: () => json(envelope([{ ...stepLog3x, step_results: [{ ip_status: "nine", ip_logs: [] }] }])),
        want: { kind: "bad_response", requestId: "job-req-1", message: "response does not have the expected shape: data.0.step_results.0.ip_status: expected a number or a numeric string" },
      },
    ],
    [
      "result true but no data",
      { given: () => json({ result: true, code: 0 }), want: { kind: "bad_response", message: expect.stringContaining("data") } },
    ],
  ];

  it.each(cases)("%s", async (_name, { given, want }) => {
    const { error } = await logError([given]);
    expect(error).toMatchObject({ api: "get_job_instance_log", ...want });
  });

  it("never retries a result:false, a 4xx or a 429", async () => {
    for (const response of [
      () => json({ result: false, code: 1244006, message: "x" }),
      () => text("bad", { status: 400 }),
      () => text("", { status: 429 }),
    ]) {
      const { requests, sleeps } = await logError([response]);
      expect(requests).toHaveLength(1);
      expect(sleeps).toEqual([]);
    }
  });

  it("keeps the body excerpt short", async () => {
    const { error } = await logError([() => text(`<!doctype html>${"x".repeat(5000)}`)]);
    expect(error.message!.length).toBeLessThan(140);
  });

  it("has no permission payload for kinds other than no_permission", async () => {
    const { error } = await logError([
      () => json({ result: false, code: 1244006, message: "x", permission: { system_name: "Job", actions: [] } }),
    ]);
    expect(error.permission).toBeNull();
  });
});

describe("createEsbV2Client: retry and timeout", () => {
  it("retries a 5xx once after a jittered pause", async () => {
    const ctx = setup([() => text("Bad Gateway", { status: 502 }), () => json(envelope([stepLog3x]))]);
    const result = await ctx.api.getJobInstanceLog(ref);
    expect(result.ok).toBe(true);
    expect(ctx.requests).toHaveLength(2);
    expect(ctx.sleeps).toEqual([400]); // 200 + 0.5 × 400
    expect(ctx.logger.lines.filter((line) => line.level === "warn")).toHaveLength(1);
  });

  it("uses the injected random for the jitter, within 200–600 ms", async () => {
    for (const [random, want] of [
      [0, 200],
      [0.999, 600],
    ] as const) {
      const ctx = setup([() => text("", { status: 503 }), () => json(envelope([]))], { random: () => random });
      await ctx.api.getJobInstanceLog(ref);
      expect(ctx.sleeps).toEqual([want]);
    }
  });

  it("gives up after the second 5xx with a gateway error", async () => {
    const { error, requests, sleeps } = await logError([
      () => json({ result: false, code: 1650200, code_name: "BAD_GATEWAY", message: "backend down" }, { status: 502 }),
    ]);
    expect(requests).toHaveLength(2);
    expect(sleeps).toHaveLength(1);
    expect(error).toMatchObject({ kind: "gateway", httpStatus: 502, code: 1650200, message: "backend down" });
  });

  it("retries a network error once", async () => {
    const ctx = setup([
      () => {
        throw new TypeError("fetch failed", { cause: Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }) });
      },
      () => json(envelope([stepLog3x])),
    ]);
    const result = await ctx.api.getJobInstanceLog(ref);
    expect(result.ok).toBe(true);
    expect(ctx.requests).toHaveLength(2);
    expect(ctx.sleeps).toEqual([400]);
  });

  it("reports a network error after the retry, with a JSON-safe cause", async () => {
    const { error, requests } = await logError([
      () => {
        throw new TypeError("fetch failed", { cause: Object.assign(new Error("getaddrinfo ENOTFOUND paas"), { code: "ENOTFOUND" }) });
      },
    ]);
    expect(requests).toHaveLength(2);
    expect(error).toMatchObject({
      kind: "network",
      httpStatus: null,
      cause: { name: "TypeError", message: "fetch failed", cause: { code: "ENOTFOUND" } },
    });
  });

  it("times out without retrying", async () => {
    const { error, requests, sleeps } = await logError([hangUntilAborted], { timeoutMs: 50 });
    expect(error).toMatchObject({ kind: "timeout", httpStatus: null });
    expect(requests).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it("treats a body cut off mid-transfer as truncated, after one retry", async () => {
    const { error, requests } = await logError([() => bodyCutOff('{"result":true,"code":0,"data":[')]);
    expect(requests).toHaveLength(2);
    expect(error).toMatchObject({ kind: "bad_response", message: expect.stringContaining("truncated") });
  });

  it("does not call fetch when the caller already aborted", async () => {
    const controller = new AbortController();
    controller.abort(new Error("user left"));
    const ctx = setup([() => json(envelope([]))]);
    const result = await ctx.api.getJobInstanceLog(ref, { signal: controller.signal });
    expect(ctx.requests).toHaveLength(0);
    expect(result).toMatchObject({ ok: false, error: { kind: "network", message: "aborted by the caller" } });
  });

  it("does not retry when the caller aborts during the retry pause", async () => {
    const controller = new AbortController();
    const ctx = setup([() => text("", { status: 503 })], {
      sleep: async () => controller.abort(new Error("shutting down")),
    });
    const result = await ctx.api.getJobInstanceLog(ref, { signal: controller.signal });
    expect(ctx.requests).toHaveLength(1);
    expect(result).toMatchObject({
      ok: false,
      error: { kind: "network", message: "aborted by the caller", cause: { message: "shutting down" } },
    });
  });

  it("sends nothing when the caller may no longer make the call (a poll whose lease ran out)", async () => {
    const ctx = setup([() => json(envelope([]))]);
    const result = await ctx.api.getJobInstanceLog(ref, { mayProceed: () => false });
    expect(ctx.requests).toHaveLength(0);
    expect(result).toMatchObject({ ok: false, error: { kind: "network", message: "not sent: the caller may no longer make this call" } });
  });

  it("does not retry once the caller may no longer make the call", async () => {
    let allowed = true;
    const ctx = setup([() => text("", { status: 503 }), () => json(envelope([]))], {
      sleep: async () => {
        allowed = false;
      },
    });
    const result = await ctx.api.getJobInstanceLog(ref, { mayProceed: () => allowed });
    expect(ctx.requests).toHaveLength(1);
    expect(result).toMatchObject({ ok: false, error: { message: "not sent: the caller may no longer make this call" } });
  });

  it("reports a caller abort mid-request as an abort, not a timeout, and does not retry", async () => {
    const controller = new AbortController();
    const ctx = setup([
      (request) => {
        setTimeout(() => controller.abort(), 10);
        return hangUntilAborted(request, 1);
      },
    ]);
    const result = await ctx.api.getJobInstanceLog(ref, { signal: controller.signal });
    expect(result).toMatchObject({ ok: false, error: { kind: "network", message: "aborted by the caller" } });
    expect(ctx.requests).toHaveLength(1);
    expect(ctx.sleeps).toEqual([]);
  });
});

describe("createEsbV2Client: request id", () => {
  const cases: [string, { given: { body: Record<string, unknown>; headers?: Record<string, string> }; want: string | null }][] = [
    [
      "job_request_id first",
      { given: { body: { job_request_id: "job", request_id: "esb" }, headers: { "X-Bkapi-Request-Id": "gw" } }, want: "job" },
    ],
    ["then ESB request_id", { given: { body: { request_id: "esb" }, headers: { "X-Bkapi-Request-Id": "gw" } }, want: "esb" }],
    [
      "then X-Bkapi-Request-Id",
      { given: { body: {}, headers: { "X-Bkapi-Request-Id": "gw", "X-Request-Id": "proxy" } }, want: "gw" },
    ],
    ["then X-Request-Id", { given: { body: {}, headers: { "X-Request-Id": "proxy" } }, want: "proxy" }],
    ["else null", { given: { body: {} }, want: null }],
  ];

  it.each(cases)("%s", async (_name, { given, want }) => {
    const body = { result: false, code: 1244006, message: "x", ...given.body };
    const { error } = await logError([() => json(body, { headers: given.headers ?? {} })]);
    expect(error.requestId).toBe(want);
  });

  it("reads the header on a non-JSON error page too", async () => {
    const { error } = await logError([() => text("oops", { status: 404, headers: { "X-Bkapi-Request-Id": "gw-1" } })]);
    expect(error.requestId).toBe("gw-1");
  });

  it("adds the request id to a successful status", async () => {
    const ctx = setup([() => json({ ...envelope(jobStatus3x), job_request_id: undefined, request_id: "esb-2" })]);
    const result = await ctx.api.getJobInstanceStatus(ref);
    expect(result.ok && result.value.requestId).toBe("esb-2");
  });
});

describe("createEsbV2Client: the app secret never escapes", () => {
  const echoes: [string, Handler][] = [
    ["in a BK message", () => json({ result: false, code: 1306000, message: `bad secret ${SECRET}` })],
    ["in an HTML error page", () => text(`<pre>bk_app_secret=${SECRET}</pre>`, { status: 400 })],
    ["in a 200 non-JSON body", () => text(`bk_app_secret=${SECRET}&x=1`)],
    [
      "in a network error",
      () => {
        throw new TypeError(`fetch failed for ${SECRET}`, { cause: new Error(`socket ${SECRET}`) });
      },
    ],
    [
      "in an unusual thrown value",
      () => {
        throw { request: { body: { bk_app_secret: SECRET } } };
      },
    ],
    ["in a 5xx body", () => text(`upstream said ${SECRET}`, { status: 500 })],
  ];

  it.each(echoes)("%s", async (_name, handler) => {
    const { error, logger } = await logError([handler]);
    expect(JSON.stringify(error)).toContain("[redacted]");
    expectNoSecret(error, logger);
  });
});
