// The local Slack console's HTTP routes, served by the fake Slack's own server beside /api:
//   GET  /                      the page (HTML), with /console/console.js and /console/console.css
//   GET  /console/events        Server-Sent Events: a snapshot, then every change as it happens
//   GET  /console/files/<id>    an uploaded file's bytes, as plain text
//   POST /console/send          {text, threadTs?}: a message, @mention or slash command
//   POST /console/action        a pressed button or a chosen select option (see ConsoleClick)
// It is a loopback development tool, but a browser visiting another site could still reach it:
// requests must name a loopback Host (against DNS rebinding) and POSTs must be same-origin JSON
// (a cross-site form cannot send application/json without a CORS preflight we never answer).
import { readFile } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Workspace } from "../workspace.js";
import type { ConsoleClick, SlackConsole } from "./slack-console.js";

const PAGE_DIR = new URL("./page/", import.meta.url);
const ASSETS: Readonly<Record<string, { file: string; type: string }>> = {
  "/": { file: "index.html", type: "text/html; charset=utf-8" },
  "/console/console.js": { file: "console.js", type: "text/javascript; charset=utf-8" },
  "/console/console.css": { file: "console.css", type: "text/css; charset=utf-8" },
};
const PAGE_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' http: https: data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");
const MAX_BODY_BYTES = 64 * 1024;
const KEEP_ALIVE_MS = 15_000;

export interface ConsoleRoutes {
  /** Serves the request when it is one of the console's; false leaves it to the Web API routes. */
  handle(request: IncomingMessage, response: ServerResponse): boolean;
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const payload = JSON.stringify(body);
  response.writeHead(status, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store", "content-length": Buffer.byteLength(payload) });
  response.end(payload);
}

const LOOPBACK_NAMES = new Set(["127.0.0.1", "localhost", "[::1]"]);

function hostAllowed(request: IncomingMessage, extraHosts: readonly string[]): boolean {
  const host = request.headers.host ?? "";
  const name = host.replace(/:\d+$/, "").toLowerCase();
  return LOOPBACK_NAMES.has(name) || extraHosts.includes(name);
}

function sameOrigin(request: IncomingMessage): boolean {
  const origin = request.headers.origin;
  // Browsers send Origin on every cross-origin POST; a missing one is a non-browser client.
  return origin === undefined || origin === `http://${request.headers.host ?? ""}`;
}

async function readJson(request: IncomingMessage): Promise<Record<string, unknown> | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  try {
    const value: unknown = JSON.parse(Buffer.concat(chunks).toString("utf8"));
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function readClick(body: Record<string, unknown>): ConsoleClick | undefined {
  const { container, channel, ts, viewId, blockIndex, elementIndex, actionId, optionIndex } = body;
  if (container !== "message" && container !== "ephemeral" && container !== "view") return undefined;
  if (typeof blockIndex !== "number" || !Number.isInteger(blockIndex) || blockIndex < 0) return undefined;
  if (elementIndex !== "accessory" && (typeof elementIndex !== "number" || !Number.isInteger(elementIndex) || elementIndex < 0)) return undefined;
  if (typeof actionId !== "string") return undefined;
  if (optionIndex !== undefined && (typeof optionIndex !== "number" || !Number.isInteger(optionIndex) || optionIndex < 0)) return undefined;
  const optional = (value: unknown) => (typeof value === "string" ? value : undefined);
  const choice = optionIndex === undefined ? {} : { optionIndex };
  return { container, channel: optional(channel), ts: optional(ts), viewId: optional(viewId), blockIndex, elementIndex, actionId, ...choice };
}

function streamEvents(slackConsole: SlackConsole, request: IncomingMessage, response: ServerResponse): void {
  response.writeHead(200, {
    "content-type": "text/event-stream; charset=utf-8",
    "cache-control": "no-store",
    connection: "keep-alive",
  });
  const write = (event: unknown) => response.write(`data: ${JSON.stringify(event)}\n\n`);
  for (const event of slackConsole.snapshot()) write(event);
  const unsubscribe = slackConsole.subscribe(write);
  // Comments keep proxies and the browser from treating a quiet stream as dead.
  const keepAlive = setInterval(() => response.write(": keep-alive\n\n"), KEEP_ALIVE_MS);
  keepAlive.unref();
  request.on("close", () => {
    unsubscribe();
    clearInterval(keepAlive);
  });
}

async function serveAsset(response: ServerResponse, asset: { file: string; type: string }): Promise<void> {
  // Read on every request: a maintainer editing the page sees the change on reload.
  const content = await readFile(new URL(asset.file, PAGE_DIR));
  response.writeHead(200, {
    "content-type": asset.type,
    "content-length": content.length,
    "cache-control": "no-store",
    "content-security-policy": PAGE_POLICY,
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
  });
  response.end(content);
}

function serveFile(workspace: Workspace, id: string, response: ServerResponse): void {
  const file = workspace.file(id);
  if (!file?.content) return sendJson(response, 404, { ok: false, error: "file_not_found" });
  response.writeHead(200, {
    // Always text, never sniffed or run: an uploaded log may hold anything.
    "content-type": "text/plain; charset=utf-8",
    "content-length": file.content.length,
    "content-disposition": `inline; filename="${file.filename.replace(/[^\w.-]/g, "_")}"`,
    "content-security-policy": "sandbox; default-src 'none'",
    "x-content-type-options": "nosniff",
  });
  response.end(file.content);
}

async function handlePost(slackConsole: SlackConsole, path: string, request: IncomingMessage, response: ServerResponse): Promise<void> {
  if (!(request.headers["content-type"] ?? "").startsWith("application/json") || !sameOrigin(request)) {
    return sendJson(response, 403, { ok: false, error: "The console accepts same-origin JSON requests only." });
  }
  const body = await readJson(request);
  if (body === undefined) return sendJson(response, 400, { ok: false, error: "The request body must be a JSON object." });
  if (path === "/console/send") {
    const { text, threadTs } = body;
    if (typeof text !== "string") return sendJson(response, 400, { ok: false, error: "text is required" });
    return sendJson(response, 200, await slackConsole.send({ text, ...(typeof threadTs === "string" ? { threadTs } : {}) }));
  }
  const click = readClick(body);
  if (!click) return sendJson(response, 400, { ok: false, error: "not a button press or choice the console understands" });
  return sendJson(response, 200, await slackConsole.click(click));
}

export function createConsoleRoutes(slackConsole: SlackConsole, workspace: Workspace, extraHosts: readonly string[] = []): ConsoleRoutes {
  return {
    handle(request, response) {
      const url = new URL(request.url ?? "/", "http://console.invalid");
      const path = url.pathname;
      const isConsole = path === "/" || path === "/favicon.ico" || path.startsWith("/console/");
      if (!isConsole) return false;
      const fail = (error: unknown) => {
        if (!response.headersSent) sendJson(response, 500, { ok: false, error: `local console bug: ${error instanceof Error ? error.message : String(error)}` });
        else response.end();
      };
      if (!hostAllowed(request, extraHosts)) {
        sendJson(response, 403, { ok: false, error: "The local console answers loopback addresses only." });
        return true;
      }
      const asset = ASSETS[path];
      if (request.method === "GET" && asset) serveAsset(response, asset).catch(fail);
      else if (request.method === "GET" && path === "/favicon.ico") response.writeHead(204).end();
      else if (request.method === "GET" && path === "/console/events") streamEvents(slackConsole, request, response);
      else if (request.method === "GET" && path.startsWith("/console/files/")) serveFile(workspace, decodeURIComponent(path.slice("/console/files/".length)), response);
      else if (request.method === "POST" && (path === "/console/send" || path === "/console/action")) handlePost(slackConsole, path, request, response).catch(fail);
      else sendJson(response, 404, { ok: false, error: "not_found" });
      return true;
    },
  };
}
