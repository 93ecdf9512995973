// joblog's operational HTTP routes, the same in both transports: GET /healthz (the process is
// alive), GET /readyz (every readiness check by name: 200 when all pass, else 503) and GET
// /metrics (Prometheus' text format). HTTP mode hands them to Bolt's receiver beside
// /slack/events; Socket Mode serves them alone (startRouteServer).
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { ReadinessRegistry, ReadinessResult } from "../ports/readiness.js";
import type { JoblogMetrics } from "./metrics.js";

export interface HttpRoute {
  path: string;
  method: "GET";
  handler: (request: IncomingMessage, response: ServerResponse) => void;
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" });
  response.end(JSON.stringify(body));
}

/** Runs every check; a check that throws fails with its message. */
export async function runReadiness(readiness: ReadinessRegistry): Promise<{ ok: boolean; checks: Record<string, ReadinessResult> }> {
  const entries = await Promise.all(
    readiness.list().map(async (check): Promise<[string, ReadinessResult]> => {
      try {
        return [check.name, await check.check()];
      } catch (error) {
        return [check.name, { ok: false, detail: error instanceof Error ? error.message : String(error) }];
      }
    }),
  );
  return { ok: entries.every(([, result]) => result.ok), checks: Object.fromEntries(entries) };
}

export function operationalRoutes(options: { readiness: ReadinessRegistry; metrics: JoblogMetrics; onError: (error: unknown) => void }): HttpRoute[] {
  const { readiness, metrics, onError } = options;
  return [
    { path: "/healthz", method: "GET", handler: (_request, response) => sendJson(response, 200, { ok: true }) },
    {
      path: "/readyz",
      method: "GET",
      handler: (_request, response) => {
        runReadiness(readiness).then(
          (result) => sendJson(response, result.ok ? 200 : 503, result),
          (error: unknown) => {
            onError(error);
            sendJson(response, 503, { ok: false });
          },
        );
      },
    },
    {
      path: "/metrics",
      method: "GET",
      handler: (_request, response) => {
        metrics.text().then(
          (text) => {
            response.writeHead(200, { "content-type": metrics.contentType });
            response.end(text);
          },
          (error: unknown) => {
            onError(error);
            response.writeHead(500, { "content-type": "text/plain" });
            response.end("metrics failed\n");
          },
        );
      },
    },
  ];
}

export interface RouteServer {
  /** The address it listens on, e.g. "http://0.0.0.0:3000". */
  url: string;
  close(): Promise<void>;
}

/** An HTTP server with just these routes (Socket Mode, where Bolt listens on no port). */
export async function startRouteServer(routes: HttpRoute[], listen: { port: number; host: string }): Promise<RouteServer> {
  const server = createServer((request, response) => {
    const path = (request.url ?? "/").split("?")[0];
    const route = routes.find((candidate) => candidate.path === path);
    if (!route) return sendJson(response, 404, { ok: false, error: "not_found" });
    if (request.method !== route.method && request.method !== "HEAD") return sendJson(response, 405, { ok: false, error: "method_not_allowed" });
    route.handler(request, response);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(listen.port, listen.host, () => resolve());
  });
  return {
    url: urlOf(server.address() as AddressInfo),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())).then(() => undefined),
  };
}

/** The real bound address, as the start-up line shows it. */
export function urlOf(address: AddressInfo): string {
  const host = address.family === "IPv6" || address.address.includes(":") ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}`;
}
