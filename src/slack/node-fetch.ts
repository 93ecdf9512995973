// The fetch the Slack Web API clients use: node:http(s) over kept-alive connections for what
// WebClient sends (a POST of a form or JSON string) and for a Request object with a text body,
// the platform's fetch for anything else (FormData file uploads, a redirect to follow). Why: undici's fetch cost
// about 1 ms of CPU a call on two cores, node:http a quarter of that, and under a burst of Show
// log presses every views.open call waits for the CPU before it (bench/results.md: the trigger_id
// dies after 3 s). WebClient keeps its queue, retries, rate-limit handling and errors: only the
// transport is swapped, through its documented `fetch` option.
//
// BK-JOB's reads use it too, with `streamBodies`: the answer resolves at its headers and the body
// streams, as fetch's does, so a body cut off mid-transfer is told apart from a failure to connect
// (bkjob/bk-call.ts). In an incident rush each asker costs one status call: undici's fetch spent
// about 5 ms of CPU on each of 200 at once (a fifth of the bot's CPU in the rush), node:http a
// fraction (bench/profile-notes.md).
import http from "node:http";
import https from "node:https";

type Fetch = typeof globalThis.fetch;

/** What fetch rejects with: the signal's reason when it was aborted, else TypeError("fetch failed"). */
function fetchError(error: unknown, signal: AbortSignal | undefined): unknown {
  if (signal?.aborted) return signal.reason;
  return new TypeError("fetch failed", { cause: error });
}

/** A response's null-body statuses (Fetch standard). */
const NULL_BODY = new Set([101, 204, 205, 304]);

/** A connection silent this long is given up, as undici's fetch gives up on headers or body (its default). */
export const IDLE_TIMEOUT_MS = 300_000;

export interface NodeFetchOptions {
  /** Resolve at the headers with the body as a stream (fetch's own timing); else once the whole body is in. */
  streamBodies?: boolean;
}

export function createNodeFetch(fallback: Fetch = globalThis.fetch.bind(globalThis), idleTimeoutMs = IDLE_TIMEOUT_MS, options: NodeFetchOptions = {}): Fetch {
  const agents: Record<string, http.Agent> = { "http:": new http.Agent({ keepAlive: true }), "https:": new https.Agent({ keepAlive: true }) };
  const nodeFetch = async (input: Parameters<Fetch>[0], init: RequestInit = {}): Promise<Response> => {
    // A Request (openapi-fetch, BK-JOB's clients, sends one): sent by its parts, its body (JSON) read as text first.
    if (input instanceof Request && init.body === undefined && !/^multipart\//i.test(input.headers.get("content-type") ?? "")) {
      const text = input.body === null ? undefined : await input.text();
      return nodeFetch(input.url, { method: input.method, headers: input.headers, redirect: input.redirect, signal: init.signal ?? input.signal, ...(text === undefined ? {} : { body: text }) });
    }
    const body = init.body;
    const simple = (typeof input === "string" || input instanceof URL) && (body === undefined || body === null || typeof body === "string");
    const url = simple ? new URL(input as string | URL) : null;
    const agent = url ? agents[url.protocol] : undefined;
    if (!url || !agent) return fallback(input, init);
    const signal = init.signal ?? undefined;
    if (signal?.aborted) throw signal.reason;
    const headers = headerRecord(init.headers);
    if (typeof body === "string") headers["content-length"] = String(Buffer.byteLength(body));
    const method = (init.method ?? "GET").toUpperCase();

    const transport = url.protocol === "https:" ? https : http;
    const send = (retry: boolean) => new Promise<Response>((resolve, reject) => {
      // A retry goes on a new connection: the pool's other idle ones may be just as stale.
      let answered = false;
      const request = transport.request(url, { method, headers, agent: retry ? false : agent, ...(signal ? { signal } : {}) }, (response) => {
        answered = true;
        const status = response.statusCode ?? 0;
        if (status >= 300 && status < 400 && response.headers.location && init.redirect !== "manual") {
          response.resume();
          // WebClient asks for "error"; anything else is the platform's to follow by the book.
          if (init.redirect === "error") reject(new TypeError("fetch failed", { cause: new Error(`unexpected redirect to ${response.headers.location}`) }));
          else fallback(input, init).then(resolve, reject);
          return;
        }
        const nullBody = NULL_BODY.has(status) || method === "HEAD";
        const answer = (body: ReadableStream<Uint8Array> | Buffer): Response => {
          const responseHeaders = new Headers();
          for (let index = 0; index + 1 < response.rawHeaders.length; index += 2) responseHeaders.append(response.rawHeaders[index]!, response.rawHeaders[index + 1]!);
          const responseInit = { status, statusText: response.statusMessage ?? "", headers: responseHeaders };
          if (nullBody) return new Response(null, responseInit);
          return Buffer.isBuffer(body) ? bufferedResponse(body, responseInit) : new Response(body, responseInit);
        };
        const badStatus = () => new TypeError("fetch failed", { cause: new Error(`HTTP status ${status}`) });
        if (options.streamBodies) {
          if (status < 200 || status > 599) {
            response.destroy();
            return reject(badStatus());
          }
          return resolve(answer(bodyStream(response, (error) => fetchError(error, signal))));
        }
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("error", (error) => reject(fetchError(error, signal)));
        response.on("end", () => {
          if (status < 200 || status > 599) return reject(badStatus());
          resolve(answer(Buffer.concat(chunks)));
        });
      });
      // Bytes the connection had read before this request: any more, and Slack had begun to answer.
      let readBefore = 0;
      request.once("socket", (socket) => (readBefore = socket.bytesRead));
      request.on("error", (error) => {
        // A kept-alive connection the server (or a proxy) had closed for idleness: the request never
        // reached Slack, so it is sent again, once, at once. Any other error goes to the caller as before.
        const nothingRead = !answered && (request.socket?.bytesRead ?? readBefore) === readBefore;
        if (!retry && nothingRead && isStaleConnection(request, error) && !signal?.aborted) {
          send(true).then(resolve, reject);
          return;
        }
        reject(fetchError(error, signal));
      });
      // Without it a Slack that stops answering would hold the call (and WebClient's queue slot) for ever.
      request.setTimeout(idleTimeoutMs, () => request.destroy(new Error(`no data from ${url.host} for ${idleTimeoutMs} ms`)));
      request.end(body ?? undefined);
    });
    return send(false);
  };
  return nodeFetch;
}

/** Request headers as node:http takes them, from any form fetch accepts (without building a Headers: it is not free). */
function headerRecord(init: RequestInit["headers"]): Record<string, string> {
  const record: Record<string, string> = {};
  if (init === undefined || init === null) return record;
  const pairs = init instanceof Headers || Array.isArray(init) ? init : Object.entries(init);
  for (const [name, value] of pairs as Iterable<[string, string]>) {
    const key = name.toLowerCase();
    // As Headers combines repeated names.
    record[key] = key in record ? `${record[key]}, ${value}` : String(value);
  }
  return record;
}

/**
 * A whole body already in memory, answered as fetch's Response answers it, with the body stream
 * made only if something asks for it: a Response's constructor builds a web stream for its body,
 * and that was a tenth of the bot's CPU in a burst of small Slack answers. text(), json() and
 * arrayBuffer() read the bytes directly (UTF-8, a leading BOM dropped, as fetch does); the rest
 * (status, headers, ok) is a real Response's.
 */
function bufferedResponse(bytes: Buffer, init: ResponseInit & { headers: Headers }): Response {
  const response = new Response(null, init);
  let used = false;
  let stream: ReadableStream<Uint8Array> | null = null;
  const bodyUsed = () => used || (stream !== null && stream.locked);
  const take = (): Buffer => {
    if (bodyUsed()) throw new TypeError("Body is unusable: Body has already been read");
    used = true;
    return bytes;
  };
  const text = async (): Promise<string> => utf8.decode(take());
  Object.defineProperties(response, {
    body: { get: () => (stream ??= new Response(bytes).body!) },
    bodyUsed: { get: bodyUsed },
    text: { value: text },
    json: { value: async (): Promise<unknown> => JSON.parse(await text()) as unknown },
    arrayBuffer: { value: async (): Promise<ArrayBuffer> => new Uint8Array(take()).buffer },
    clone: {
      value: (): Response => {
        if (bodyUsed()) throw new TypeError("Response.clone: Body has already been consumed.");
        return bufferedResponse(bytes, { ...init, headers: new Headers(init.headers) });
      },
    },
  });
  return response;
}

const utf8 = new TextDecoder("utf-8");

/** A response's body as fetch hands it: bytes as they arrive; a connection lost before the end errors the stream. */
function bodyStream(response: http.IncomingMessage, errorOf: (error: unknown) => unknown): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    start(controller) {
      let ended = false;
      response.on("data", (chunk: Buffer) => controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength)));
      response.on("end", () => {
        ended = true;
        controller.close();
      });
      // An abort or a reset mid-body: "error" (aborted) and "close" without "end"; the first one counts.
      let failed = false;
      const fail = (error: unknown) => {
        if (ended || failed) return;
        failed = true;
        controller.error(errorOf(error));
      };
      response.on("error", fail);
      response.on("close", () => fail(new Error("the connection closed before the end of the body")));
    },
    cancel() {
      response.destroy();
    },
  });
}

/**
 * A reset on a reused connection (before any byte of the answer: the caller checks that): the server
 * closed it while the request was on its way (Node's advice: https://nodejs.org/api/http.html#requestreusedsocket).
 */
function isStaleConnection(request: http.ClientRequest, error: Error & { code?: string }): boolean {
  return request.reusedSocket && (error.code === "ECONNRESET" || error.code === "EPIPE");
}
