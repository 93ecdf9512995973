// Plain fakes for the ESB client tests: a fetch that records requests and answers from a
// handler, a logger that records lines, and response builders. Nothing is mocked.
import type { Logger } from "../../src/ports/logger.js";

export type Handler = (request: Request, call: number) => Response | Promise<Response>;

export interface RecordingFetch {
  fetch: typeof fetch;
  requests: Request[];
  /** Bodies read before the handler runs, since a Request body can be read only once. */
  bodies: string[];
}

export function recordingFetch(...handlers: Handler[]): RecordingFetch {
  const requests: Request[] = [];
  const bodies: string[] = [];
  const fetchImpl = async (input: Request | string | URL, init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(input, init);
    requests.push(request);
    bodies.push(await request.clone().text());
    const call = requests.length;
    // The last handler answers every further call.
    const handler = handlers[Math.min(call, handlers.length) - 1];
    if (!handler) throw new Error("recordingFetch needs at least one handler");
    return handler(request, call);
  };
  return { fetch: fetchImpl as typeof fetch, requests, bodies };
}

export function json(body: unknown, init: ResponseInit = {}): Response {
  return new Response(JSON.stringify(body), {
    status: 200,
    ...init,
    headers: { "Content-Type": "application/json", ...(init.headers as Record<string, string>) },
  });
}

export function text(body: string, init: ResponseInit = {}): Response {
  return new Response(body, { status: 200, ...init });
}

/** A fetch that never answers until its request is aborted (then rejects like undici). */
export const hangUntilAborted: Handler = (request) =>
  new Promise<Response>((_resolve, reject) => {
    const abort = () => reject(request.signal.reason);
    if (request.signal.aborted) abort();
    else request.signal.addEventListener("abort", abort, { once: true });
  });

/** Headers arrive, then the connection dies mid-body. */
export function bodyCutOff(prefix: string): Response {
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new TextEncoder().encode(prefix));
      controller.error(new TypeError("terminated"));
    },
  });
  return new Response(stream, { status: 200, headers: { "Content-Type": "application/json" } });
}

export interface RecordingLogger extends Logger {
  lines: { level: string; fields: object; message?: string }[];
}

export function recordingLogger(): RecordingLogger {
  const lines: RecordingLogger["lines"] = [];
  const at =
    (level: string) =>
    (fields: object, message?: string): void => {
      lines.push({ level, fields, ...(message === undefined ? {} : { message }) });
    };
  return { lines, debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
}
