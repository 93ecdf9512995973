// The fake Slack's HTTP surface on loopback:
//   POST|GET /api/<method>   Web API: auth (Bearer header or `token` param), scripted failures,
//                            the method handler, recording. Always HTTP 200 JSON, except a scripted
//                            429 with Retry-After — the only other status Slack's Web API uses.
//   POST /upload/<file_id>   upload URLs from files.getUploadURLExternal (raw or multipart bytes)
//   POST /response/<id>      response_urls (see response-urls.ts for their statuses)
//   GET / and /console/…     the local Slack console, when enabled (console/console-routes.ts)
import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import type { ConsoleRoutes } from "./console/console-routes.js";
import type { Clock, RecordedCall } from "./fake-slack-types.js";
import { fail, type MethodTable, type SlackAnswer } from "./method-context.js";
import { receiveUpload } from "./methods/files.js";
import { decodeParams, isPlainObject, readBody, type Params } from "./request-body.js";
import type { ResponseUrls } from "./response-urls.js";
import type { ScriptedFailures } from "./scripted-failures.js";
import type { TriggerRegistry } from "./triggers.js";
import type { Workspace } from "./workspace.js";

export interface HttpDependencies {
  botToken: string;
  clock: Clock;
  methods: MethodTable;
  workspace: Workspace;
  triggers: TriggerRegistry;
  responseUrls: ResponseUrls;
  failures: ScriptedFailures;
  baseUrl: () => string; // known only once the server listens
  record: (call: RecordedCall) => void;
  console?: ConsoleRoutes;
  /** Methods that take the app-level token, not the bot token (apps.connections.open: socket-mode/). */
  appLevelMethods?: Readonly<Record<string, (request: IncomingMessage) => SlackAnswer>>;
}

interface Reply {
  status: number;
  body: SlackAnswer | string;
  headers?: Record<string, string>;
}

function send(response: ServerResponse, reply: Reply): void {
  const json = typeof reply.body !== "string";
  const payload = json ? JSON.stringify(reply.body) : (reply.body as string);
  response.writeHead(reply.status, {
    "content-type": json ? "application/json; charset=utf-8" : "text/plain; charset=utf-8",
    "content-length": Buffer.byteLength(payload),
    ...reply.headers,
  });
  response.end(payload);
}

const describeError = (error: unknown): string =>
  error instanceof Error ? (error.stack ?? error.message) : String(error);

function bearerToken(request: IncomingMessage, params: Params): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? "");
  if (match?.[1] !== undefined) return match[1];
  return typeof params["token"] === "string" && params["token"] !== "" ? params["token"] : undefined;
}

function apiAnswer(deps: HttpDependencies, method: string, request: IncomingMessage, params: Params): Reply {
  const appLevel = deps.appLevelMethods?.[method];
  if (appLevel) return { status: 200, body: appLevel(request) };
  const handler = deps.methods[method];
  if (!handler) return { status: 200, body: fail("unknown_method") };
  const token = bearerToken(request, params);
  if (token === undefined) return { status: 200, body: fail("not_authed") };
  if (token !== deps.botToken) return { status: 200, body: fail("invalid_auth") };
  const scripted = deps.failures.take(method, params);
  if (typeof scripted === "string") return { status: 200, body: fail(scripted) };
  if (scripted) {
    const headers = { "retry-after": String(scripted.retryAfterSeconds) };
    return { status: 429, body: fail("ratelimited"), headers };
  }
  try {
    const { workspace, triggers } = deps;
    const answer = handler({ params, workspace, triggers, baseUrl: deps.baseUrl(), now: deps.clock.now() });
    return { status: 200, body: answer };
  } catch (error) {
    // A bug in the fake must not look like a Slack answer the app could handle: say so loudly.
    return { status: 200, body: fail("fatal_error", { fake_slack_bug: describeError(error) }) };
  }
}

async function handleApi(
  deps: HttpDependencies,
  method: string,
  request: IncomingMessage,
  query: URLSearchParams,
  receivedAt: number,
): Promise<Reply> {
  const decoded = await decodeParams(await readBody(request), request.headers["content-type"], query);
  const params = decoded ?? {};
  const reply =
    decoded === undefined
      ? { status: 200, body: fail("invalid_form_data") }
      : apiAnswer(deps, method, request, params);
  const { token: _token, ...body } = params; // never keep tokens in the record
  const response = reply.body as SlackAnswer;
  deps.record({ kind: "api_call", method, body, at: deps.clock.now(), receivedAt, response, status: reply.status });
  return reply;
}

async function handleUpload(
  deps: HttpDependencies,
  fileId: string,
  request: IncomingMessage,
): Promise<Reply> {
  const raw = await readBody(request);
  const contentType = request.headers["content-type"] ?? "";
  let content = raw;
  if (contentType.toLowerCase().startsWith("multipart/form-data")) {
    // WebClient sends one multipart field named "body" holding the file; take the first file field.
    const fields = (await decodeParams(raw, contentType, new URLSearchParams())) ?? {};
    const file = Object.values(fields).find((value): value is Buffer => Buffer.isBuffer(value));
    content = file ?? Buffer.alloc(0);
  }
  const { status, text } = receiveUpload(deps.workspace, fileId, content);
  return { status, body: text };
}

async function handleResponseUrl(
  deps: HttpDependencies,
  id: string,
  request: IncomingMessage,
): Promise<Reply> {
  const contentType = request.headers["content-type"] ?? "application/json";
  const params = await decodeParams(await readBody(request), contentType, new URLSearchParams());
  // Old-style clients post form-encoded `payload=<json>`.
  const payload = params?.["payload"];
  const body = typeof payload === "string" ? parseObject(payload) : params;
  if (body === undefined) return { status: 400, body: fail("invalid_payload") };
  const post = deps.responseUrls.receive(id, body);
  return { status: post.status, body: post.response };
}

function parseObject(json: string): Params | undefined {
  try {
    const value: unknown = JSON.parse(json);
    return isPlainObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

async function route(deps: HttpDependencies, request: IncomingMessage, receivedAt: number): Promise<Reply> {
  const url = new URL(request.url ?? "/", "http://fake-slack.invalid");
  const [, area, name] = url.pathname.split("/");
  const key = decodeURIComponent(name ?? "");
  if (area === "api" && key !== "") return handleApi(deps, key, request, url.searchParams, receivedAt);
  if (request.method !== "POST") return { status: 405, body: fail("method_not_allowed") };
  if (area === "upload" && key !== "") return handleUpload(deps, key, request);
  if (area === "response" && key !== "") return handleResponseUrl(deps, key, request);
  return { status: 404, body: fail("not_found") };
}

export function createRequestListener(deps: HttpDependencies): RequestListener {
  return (request, response) => {
    const receivedAt = deps.clock.now();
    if (deps.console?.handle(request, response)) return;
    route(deps, request, receivedAt).then(
      (reply) => send(response, reply),
      (error: unknown) => {
        send(response, { status: 500, body: fail("fatal_error", { fake_slack_bug: describeError(error) }) });
      },
    );
  };
}
