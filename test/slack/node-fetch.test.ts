// The Slack clients' fetch behaves as fetch does for everything WebClient sends, over a real
// loopback server: bodies and headers both ways, statuses, kept-alive connections, refused
// connections and aborts rejecting as fetch rejects, redirects refused, and what it does not
// handle itself (FormData uploads) passed to the platform's fetch.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createNodeFetch } from "../../src/slack/node-fetch.js";

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
  remotePort: number;
}

let server: Server;
let base = "";
const seen: Seen[] = [];
const routes: Record<string, (request: IncomingMessage, response: ServerResponse) => void> = {
  "/api/views.open": (_request, response) => {
    response.writeHead(200, { "content-type": "application/json; charset=utf-8", "x-oauth-scopes": "chat:write,commands" });
    response.end(JSON.stringify({ ok: true, view: { id: "V1" } }));
  },
  "/api/limited": (_request, response) => {
    response.writeHead(429, { "retry-after": "7", "content-type": "application/json" });
    response.end(JSON.stringify({ ok: false, error: "ratelimited" }));
  },
  "/api/moved": (_request, response) => {
    response.writeHead(302, { location: "/api/views.open" });
    response.end();
  },
  "/api/bom": (_request, response) => {
    response.writeHead(200, { "content-type": "application/json; charset=utf-8" });
    response.end(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"ok":true,"text":"部署"}')]));
  },
  "/api/empty": (_request, response) => {
    response.writeHead(204);
    response.end();
  },
  "/api/slow": () => {
    // never answers; the caller's signal ends it
  },
  // Headers and half the promised body, then the rest only when asked (/api/finish), or the connection cut (/api/cut).
  "/api/partial": (_request, response) => {
    response.writeHead(200, { "content-type": "application/json", "content-length": "17" });
    response.write('{"ok":true,');
    partial = response;
  },
  "/api/finish": (_request, response) => {
    partial?.end('"a":1}');
    response.end();
  },
  "/api/cut": (_request, response) => {
    partial?.socket?.destroy();
    response.end();
  },
};
let partial: ServerResponse | null = null;

beforeAll(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      seen.push({ method: request.method ?? "", url: request.url ?? "", headers: request.headers, body: Buffer.concat(chunks).toString(), remotePort: request.socket.remotePort ?? 0 });
      (routes[request.url ?? ""] ?? routes["/api/views.open"]!)(request, response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const nodeFetch = createNodeFetch();

describe("createNodeFetch", () => {
  it("posts WebClient's form body with its headers and reads the JSON answer and its headers", async () => {
    const form = "trigger_id=T123&view=%7B%22type%22%3A%22modal%22%7D";
    const response = await nodeFetch(`${base}/api/views.open`, {
      method: "POST",
      headers: { Authorization: "Bearer xoxb-test", "Content-Type": "application/x-www-form-urlencoded", "User-Agent": "joblog" },
      body: form,
      redirect: "error",
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("x-oauth-scopes")).toBe("chat:write,commands");
    expect(await response.json()).toEqual({ ok: true, view: { id: "V1" } });
    const request = seen.at(-1)!;
    expect(request).toMatchObject({ method: "POST", url: "/api/views.open", body: form });
    expect(request.headers).toMatchObject({ authorization: "Bearer xoxb-test", "content-type": "application/x-www-form-urlencoded", "content-length": String(form.length) });
  });

  it("counts a body's length in bytes, not characters", async () => {
    const body = JSON.stringify({ text: "部署失败 💥" });
    await nodeFetch(`${base}/api/views.open`, { method: "POST", headers: { "content-type": "application/json" }, body });
    expect(seen.at(-1)!.body).toBe(body);
    expect(seen.at(-1)!.headers["content-length"]).toBe(String(Buffer.byteLength(body)));
  });

  it("keeps its connection for the next call", async () => {
    await nodeFetch(`${base}/api/views.open`, { method: "POST", body: "a=1" });
    await nodeFetch(`${base}/api/views.open`, { method: "POST", body: "a=2" });
    const [first, second] = seen.slice(-2);
    expect(second!.remotePort).toBe(first!.remotePort);
  });

  it("hands back a 429 with its Retry-After, for WebClient to wait on", async () => {
    const response = await nodeFetch(`${base}/api/limited`, { method: "POST", body: "" });
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("7");
    expect(await response.json()).toEqual({ ok: false, error: "ratelimited" });
  });

  it("reads a body as fetch does: once, in any form, a clone read on its own, a leading BOM dropped", async () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"ok":true,"text":"部署"}')]);
    const [viaFetch, viaNode] = await Promise.all([fetch(`${base}/api/bom`), nodeFetch(`${base}/api/bom`)]);
    for (const response of [viaFetch, viaNode]) {
      expect(response.bodyUsed).toBe(false);
      expect(await response.clone().json()).toEqual({ ok: true, text: "部署" });
      const copy = response.clone();
      expect(Buffer.from(await copy.arrayBuffer())).toEqual(bytes);
      const streamed = response.clone();
      const chunks: Uint8Array[] = [];
      for await (const chunk of streamed.body!) chunks.push(chunk);
      expect(Buffer.concat(chunks)).toEqual(bytes);
      expect(await response.text()).toBe('{"ok":true,"text":"部署"}');
      expect(response.bodyUsed).toBe(true);
      await expect(response.text()).rejects.toThrow(TypeError);
      expect(() => response.clone()).toThrow(TypeError);
    }
  });

  it("answers a 204 with no body", async () => {
    const response = await nodeFetch(`${base}/api/empty`);
    expect(response.status).toBe(204);
    expect(response.body).toBeNull();
  });

  it("refuses a redirect when asked to, as WebClient asks", async () => {
    await expect(nodeFetch(`${base}/api/moved`, { method: "POST", body: "", redirect: "error" })).rejects.toThrow(TypeError);
  });

  it("follows a redirect through the platform's fetch otherwise", async () => {
    const response = await nodeFetch(`${base}/api/moved`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, view: { id: "V1" } });
  });

  it("rejects with TypeError('fetch failed') when nothing listens, the cause kept", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const address = closed.address();
    await new Promise((resolve) => closed.close(resolve));
    const failure = await nodeFetch(`http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}/api/x`, { method: "POST", body: "" }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(TypeError);
    expect((failure as TypeError).message).toBe("fetch failed");
    expect(((failure as TypeError).cause as NodeJS.ErrnoException).code).toBe("ECONNREFUSED");
  });

  it("rejects with the signal's reason when aborted, before or during the call", async () => {
    const during = await nodeFetch(`${base}/api/slow`, { method: "POST", body: "", signal: AbortSignal.timeout(50) }).catch((error: unknown) => error);
    expect((during as DOMException).name).toBe("TimeoutError");
    const controller = new AbortController();
    controller.abort(new Error("gave up"));
    await expect(nodeFetch(`${base}/api/views.open`, { signal: controller.signal })).rejects.toThrow("gave up");
  });

  it("gives up on a connection that stays silent, as undici's fetch does", async () => {
    const impatient = createNodeFetch(undefined, 100);
    const failure = await impatient(`${base}/api/slow`, { method: "POST", body: "" }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(TypeError);
    expect(((failure as TypeError).cause as Error).message).toMatch(/^no data from 127\.0\.0\.1:\d+ for 100 ms$/);
  });

  it("passes what it does not send itself (a FormData upload) to the platform's fetch", async () => {
    const form = new FormData();
    form.append("file", new Blob(["log line\n"]), "job.log");
    const response = await nodeFetch(`${base}/api/views.open`, { method: "POST", body: form });
    expect(response.status).toBe(200);
    expect(seen.at(-1)!.headers["content-type"]).toMatch(/^multipart\/form-data; boundary=/);
    expect(seen.at(-1)!.body).toContain("log line");
  });
});

// BK-JOB's reads: the answer comes at its headers and the body streams, as fetch's does, so a body
// cut off mid-transfer fails the body (bk-call says "truncated") rather than the call ("could not reach").
describe("createNodeFetch with streamBodies", () => {
  const streaming = createNodeFetch(undefined, undefined, { streamBodies: true });

  it("answers at the headers, before the body has all arrived, and streams the rest", async () => {
    const response = await streaming(`${base}/api/partial`, { method: "POST", body: "{}" });
    expect(response.status).toBe(200);
    const text = response.text();
    await nodeFetch(`${base}/api/finish`, { method: "POST", body: "" });
    expect(await text).toBe('{"ok":true,"a":1}');
  });

  it("fails the body, not the call, when the connection is lost mid-body", async () => {
    const response = await streaming(`${base}/api/partial`, { method: "POST", body: "{}" });
    const text = response.text().catch((error: unknown) => error);
    await nodeFetch(`${base}/api/cut`, { method: "POST", body: "" });
    expect(await text).toBeInstanceOf(TypeError);
  });

  it("sends a Request (as openapi-fetch hands one) by its parts, over the same kept-alive connections", async () => {
    const body = JSON.stringify({ bk_biz_id: 1, job_instance_id: 200 });
    const request = new Request(`${base}/api/views.open`, { method: "POST", headers: { "content-type": "application/json", "x-bkapi-authorization": "{}" }, body });
    const response = await streaming(request);
    expect(await response.json()).toEqual({ ok: true, view: { id: "V1" } });
    await streaming(`${base}/api/views.open`, { method: "POST", body: "" });
    const [sent, next] = seen.slice(-2);
    expect(sent).toMatchObject({ method: "POST", body });
    expect(sent!.headers).toMatchObject({ "content-type": "application/json", "x-bkapi-authorization": "{}", "content-length": String(body.length) });
    // The platform's fetch has its own connections: the same port means node:http's kept-alive one.
    expect(next!.remotePort).toBe(sent!.remotePort);
  });

  it("hands back statuses and headers as the buffered one does", async () => {
    const response = await streaming(`${base}/api/limited`, { method: "POST", body: "" });
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("7");
    expect(await response.json()).toEqual({ ok: false, error: "ratelimited" });
    expect((await streaming(`${base}/api/empty`)).body).toBeNull();
  });
});
