// The BK-JOB simulator's HTTP transport: a real server on loopback that speaks like ESB (v2 job
// APIs and jobv3) and like the BlueKing API gateway (v3, with header auth and the gateway's own
// error shapes) in front of BK-JOB 3.x, all from the same scenario data. It reads requests,
// records them, applies the configured delay and writes answers; what to answer is decided in
// esb-v2-api.ts, v3-api.ts and gateway-auth.ts.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { systemClock, type Clock } from "../../ports/clock.js";
import type { Language } from "./bkjob-errors.js";
import { ESB_CODE, ESB_MESSAGE, ESB_NOT_FOUND } from "./esb-errors.js";
import { authenticate } from "./esb-auth.js";
import { answerV2Call, v2ApiForPath, type ScenarioState, type V2Answer, type V2Api } from "./esb-v2-api.js";
import { esbFailure, jsonResponse, randomRequestId, rawResponse, type SimResponse } from "./envelopes.js";
import { authenticateAtGateway } from "./gateway-auth.js";
import { GATEWAY_ERRORS, GATEWAY_MESSAGE, gatewayFailure } from "./gateway-errors.js";
import { createJobHistory, type NewRunsRule } from "./history/history-index.js";
import { respond } from "./job-calls.js";
import { createLiveJobs } from "./operations/live-jobs.js";
import { answerOperation, esbV2OperationForPath, isOperationApi, type OperationApi } from "./operations/operate-api.js";
import { bizIdParam, idParam, readParams, type Params } from "./request-params.js";
import { SIM_DEFAULTS } from "./scenarios.js";
import { answerV3Call, esbV3ApiForPath, gatewayRouteForPath, type GatewayRoute, type V3Api } from "./v3-api.js";

export interface SimulatorOptions {
  host?: string; // default "127.0.0.1"
  port?: number; // default 0 (ephemeral)
  appCode?: string; // default "joblog"
  appSecret?: string; // default "sim-secret"
  /** Drives the running jobs; their runs start at startSimulator's clock.now(). */
  clock?: Clock;
  /** Delay every API answer by this many ms (benchmarks); default 0. */
  delayMs?: number;
  /** How the simulated API gateway is set up (both default true). */
  gateway?: {
    /** false: get_step_instance_status answers 404 API_NOT_FOUND, as on gateways without it. */
    stepInstanceStatus?: boolean;
    /** false: the app is not granted the app-type /api/v3/system/* resources (403 APP_NO_PERMISSION). */
    systemGranted?: boolean;
    /** false: the app is not granted operate_step_instance / operate_job_instance (403 APP_NO_PERMISSION). */
    operationsGranted?: boolean;
  };
  /** The businesses' execution history (history/): its seed, and rules for runs that keep coming. */
  history?: { seed?: number; newRuns?: readonly NewRunsRule[] };
}

export interface RecordedRequest {
  api: string; // "get_job_instance_log", "get_job_instance_status", or the path of an unknown route
  method: string;
  bizId: number | null;
  jobInstanceId: number | null;
  at: number; // clock time the request arrived
  bytesSent: number; // body bytes; 0 for a request left hanging
  /** Which v3 door the call came through; absent for ESB v2 and unknown routes. */
  protocol?: "esb-v3" | "apigw-v3";
  /** The BlueKing user the call named (bk_username in the body, X-Bkapi-Authorization or X-Bk-Username), null when none. */
  username: string | null;
  /** operate_step_instance / operate_job_instance: who the call named, its operation code and step (as sent). */
  operation?: { username: string | null; code: number | null; stepInstanceId: number | null };
}

export interface Simulator {
  /** Base URL without a trailing slash: the BK_JOB_API_URL to configure. */
  url: string;
  /** Every API request, in arrival order of its answer (a hung request when it is left hanging). */
  requests: RecordedRequest[];
  setDelay(ms: number): void;
  /** Starts a running job's timeline again from clock.now(), re-arms a fail-once job, and forgets operations on it. */
  restartJob(jobInstanceId: number): void;
  /** Forgets every operation: each operated job answers as its scenario (or history run) again. */
  resetOperations(): void;
  /** Stops listening and ends every open connection, hanging requests included. */
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 1024 * 1024;
/** The history's default seed: any fixed number gives the same history for the same start. */
const HISTORY_SEED = 20_240_520;

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const clock = options.clock ?? systemClock;
  const credentials = {
    appCode: options.appCode ?? SIM_DEFAULTS.appCode,
    appSecret: options.appSecret ?? SIM_DEFAULTS.appSecret,
  };
  let delayMs = checkedDelay(options.delayMs ?? 0);
  let closed = false;
  const requests: RecordedRequest[] = [];
  const startedAt = clock.now();
  const runStarts = new Map<number, number>();
  const alreadyRequested = new Set<number>();
  const pendingDelays = new Set<() => void>();
  const liveJobs = createLiveJobs();
  const history = createJobHistory({ anchor: startedAt, seed: options.history?.seed ?? HISTORY_SEED, newRuns: options.history?.newRuns ?? [] });
  const historyRun = (jobInstanceId: number) => history.find(jobInstanceId, clock.now());

  const state: ScenarioState = {
    now: () => clock.now(),
    runStartedAt: (jobInstanceId) => runStarts.get(jobInstanceId) ?? historyRun(jobInstanceId)?.createTime ?? startedAt,
    isFirstRequest: (jobInstanceId) => {
      if (alreadyRequested.has(jobInstanceId)) return false;
      alreadyRequested.add(jobInstanceId);
      return true;
    },
    liveJobs,
    history,
    extraScenario: (jobInstanceId) => {
      const run = historyRun(jobInstanceId);
      return run && { bizId: run.bizId, behaviour: { kind: "timed", timeline: history.timeline(run) } };
    },
  };

  function wait(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const finish = (): void => {
        clearTimeout(timer);
        pendingDelays.delete(finish);
        resolve();
      };
      const timer = setTimeout(finish, ms);
      pendingDelays.add(finish);
    });
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const at = clock.now();
    const method = req.method ?? "GET";
    const url = new URL(req.url ?? "/", "http://simulator.invalid");
    const body = await readBody(req);

    if (url.pathname === "/healthz") return send(res, rawResponse(200, "text/plain; charset=utf-8", "ok"));
    if (body === null) return send(res, rawResponse(413, "text/plain; charset=utf-8", "request body too large"));

    let protocol: RecordedRequest["protocol"];
    const record = (api: string, params: Params, bytesSent: number): void => {
      requests.push({
        api,
        method,
        bizId: bizIdParam(params),
        jobInstanceId: idParam(params, "job_instance_id"),
        at,
        bytesSent,
        ...(protocol ? { protocol } : {}),
        username: usernameOf(req, params),
        ...(isOperationApi(api) ? { operation: { username: usernameOf(req, params), code: idParam(params, "operation_code"), stepInstanceId: idParam(params, "step_instance_id") } } : {}),
      });
    };

    const language = languageOf(req.headers["blueking-language"]);
    const v2Api = v2ApiForPath(url.pathname) ?? esbV2OperationForPath(url.pathname);
    const esbV3Api = v2Api === null ? esbV3ApiForPath(url.pathname) : null;
    const gatewayRoute = v2Api === null && esbV3Api === null ? gatewayRouteForPath(url.pathname) : null;
    const api: string | null = v2Api ?? esbV3Api ?? gatewayRoute?.api ?? null;
    let answer: V2Answer;
    let params: Params = {};
    if (gatewayRoute !== null) {
      protocol = "apigw-v3";
      const read = readParams(method, url, body, req.headers["content-type"]);
      params = read.ok ? read.params : {};
      answer = answerAtGateway(gatewayRoute, method, read.ok ? read.params : null, req, language);
    } else if ((v2Api === null && esbV3Api === null) || (method !== "GET" && method !== "POST")) {
      answer = { kind: "respond", response: jsonResponse(ESB_NOT_FOUND.status, JSON.stringify(ESB_NOT_FOUND.body)) };
    } else {
      if (esbV3Api !== null) protocol = "esb-v3";
      const read = readParams(method, url, body, req.headers["content-type"]);
      const header = parseAuthorizationHeader(req.headers["x-bkapi-authorization"]);
      if (!read.ok) {
        answer = respondEsb(ESB_CODE.commonError, ESB_MESSAGE.badJsonBody);
      } else if (header === "invalid") {
        params = read.params;
        answer = respondEsb(ESB_CODE.argumentError, ESB_MESSAGE.badAuthorizationHeader);
      } else {
        params = read.params;
        const authorization = header ?? params;
        answer =
          v2Api !== null
            ? answerEsbV2(v2Api, params, authorization, language)
            : answerEsbV3(esbV3Api!, params, authorization, language);
      }
    }

    const apiName = api ?? url.pathname;
    if (answer.kind === "hang") {
      record(apiName, params, 0);
      return; // the socket stays open until the client gives up or close() ends it
    }
    await wait(delayMs);
    if (closed) return;
    record(apiName, params, answer.response.body.length);
    send(res, answer.response);
  }

  /** ESB v2: ESB's own checks, then BK-JOB's v2 answer (its two reads, or an operation). */
  function answerEsbV2(api: V2Api | OperationApi, params: Params, authorization: Params, language: Language): V2Answer {
    if (!isOperationApi(api)) return answerV2Call({ api, params, authorization, language, credentials, state });
    const requestId = randomRequestId();
    const auth = authenticate(authorization, credentials, SIM_DEFAULTS.username);
    if (!auth.ok) return respond(esbFailure(ESB_CODE.commonError, auth.message, requestId));
    const ids = { requestId, jobRequestId: randomRequestId() };
    return answerOperation({ api, params, language, username: auth.username, state, ids, v2: true });
  }

  /** ESB jobv3: ESB's own checks (as for v2), then BK-JOB's v3 answer. */
  function answerEsbV3(api: V3Api, params: Params, authorization: Params, language: Language): V2Answer {
    const requestId = randomRequestId();
    const auth = authenticate(authorization, credentials, SIM_DEFAULTS.username);
    if (!auth.ok) return respond(esbFailure(ESB_CODE.commonError, auth.message, requestId));
    const ids = { requestId, jobRequestId: randomRequestId() };
    return answerV3Call({ api, params, language, username: auth.username, state, ids, via: "esb-v3" });
  }

  /** The API gateway: its resource table, its header auth, then BK-JOB's v3 answer. */
  function answerAtGateway(route: GatewayRoute, method: string, params: Params | null, req: IncomingMessage, language: Language): V2Answer {
    const answer = gatewayAnswer(route, method, params, req, language);
    if (answer.kind === "hang") return answer;
    // Every answer through the gateway carries its request id in a header.
    return respond({ ...answer.response, headers: { "X-Bkapi-Request-Id": randomRequestId(), ...answer.response.headers } });
  }

  function gatewayAnswer(route: GatewayRoute, method: string, params: Params | null, req: IncomingMessage, language: Language): V2Answer {
    const notFound = () => respond(gatewayFailure(GATEWAY_ERRORS.apiNotFound, GATEWAY_MESSAGE.apiNotFound));
    if (route.api === null || method !== route.method) return notFound();
    if (route.api === "get_step_instance_status" && options.gateway?.stepInstanceStatus === false) return notFound();
    const operationRefused = isOperationApi(route.api) && options.gateway?.operationsGranted === false;
    const auth = authenticateAtGateway(
      {
        authorization: headerText(req.headers["x-bkapi-authorization"]),
        bkUsername: headerText(req.headers["x-bk-username"]),
        system: route.system,
        systemGranted: options.gateway?.systemGranted !== false,
      },
      credentials,
      SIM_DEFAULTS.username,
    );
    if (!auth.ok) return respond(auth.response);
    // Operations are resources an app must apply for (resources.yaml: allowApplyPermission).
    if (operationRefused) return respond(gatewayFailure(GATEWAY_ERRORS.appNoPermission, GATEWAY_MESSAGE.appNoPermission(credentials.appCode)));
    // A POST body that is not JSON is refused by bk-job's own request parsing.
    if (params === null) return respond(jsonResponse(400, JSON.stringify({ result: false, code: 1240003, message: "Bad Request", data: null })));
    const ids = { requestId: null, jobRequestId: randomRequestId() };
    return answerV3Call({ api: route.api, params, language, username: auth.username, state, ids, via: "apigw-v3" });
  }

  const server = createServer((req, res) => {
    // A client that hangs up mid-answer must not take the simulator down.
    res.on("error", () => undefined);
    handle(req, res).catch(() => {
      if (!res.headersSent && !res.destroyed) send(res, rawResponse(500, "text/plain; charset=utf-8", "simulator error"));
    });
  });

  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://${host.includes(":") ? `[${host}]` : host}:${port}`,
    requests,
    setDelay(ms: number) {
      delayMs = checkedDelay(ms);
    },
    restartJob(jobInstanceId: number) {
      runStarts.set(jobInstanceId, clock.now());
      alreadyRequested.delete(jobInstanceId);
      liveJobs.forget(jobInstanceId);
    },
    resetOperations() {
      liveJobs.forgetAll();
    },
    close() {
      if (closed) return Promise.resolve();
      closed = true;
      for (const finish of [...pendingDelays]) finish();
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Hanging requests and idle keep-alive sockets would otherwise keep close() waiting.
        server.closeAllConnections();
      });
    },
  };
}

function respondEsb(code: number, message: string): V2Answer {
  return { kind: "respond", response: esbFailure(code, message, randomRequestId()) };
}

function send(res: ServerResponse, response: SimResponse): void {
  if (res.destroyed || res.headersSent) return;
  res.writeHead(response.status, {
    ...response.headers,
    "content-type": response.contentType,
    "content-length": response.body.length,
  });
  res.end(response.body);
}

function headerText(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** The whole body as text, or null past MAX_BODY_BYTES. */
async function readBody(req: IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) return null;
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** ESB reads credentials from this header when it is present (RequestHandler). */
function parseAuthorizationHeader(value: string | string[] | undefined): Params | "invalid" | null {
  if (value === undefined) return null;
  try {
    const parsed: unknown = JSON.parse(Array.isArray(value) ? (value[0] ?? "") : value);
    return parsed !== null && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as Params) : "invalid";
  } catch {
    return "invalid";
  }
}

/** Who a call names, wherever the protocol puts it: for tests that count calls per person. */
function usernameOf(req: IncomingMessage, params: Params): string | null {
  const header = parseAuthorizationHeader(req.headers["x-bkapi-authorization"]);
  const fields = header !== null && header !== "invalid" ? { ...params, ...header } : params;
  const named = headerText(req.headers["x-bk-username"]) ?? fields["bk_username"];
  return typeof named === "string" && named !== "" ? named : null;
}

/** Blueking-Language picks the language of BK-JOB's messages; zh_CN is the default. */
function languageOf(value: string | string[] | undefined): Language {
  const text = Array.isArray(value) ? value[0] : value;
  return text?.toLowerCase().startsWith("en") ? "en" : "zh";
}

function checkedDelay(ms: number): number {
  if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`delayMs must be a non-negative number, got ${ms}`);
  return ms;
}
