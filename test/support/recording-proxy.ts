// A small HTTP forwarder that notes every request passing through it: put one in front of the
// BK-JOB simulator or the fake Slack per replica, and each call is known by the replica that
// made it (the stand-ins themselves see only one client). Used by the replica tests and bench.
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface ProxiedRequest {
  /** The path without the query, e.g. "/api/c/compapi/v2/job/get_job_instance_status/" or "/api/chat.update". */
  path: string;
  /** job_instance_id from the query or the JSON body, when there is one. */
  jobInstanceId: number | null;
  /** Date.now() when the request arrived here. */
  at: number;
}

export interface RecordingProxy {
  /** The proxy's origin; requests keep their path, so `${url}/api/` stands for `${target}/api/`. */
  url: string;
  requests: ProxiedRequest[];
  close(): Promise<void>;
}

export async function startRecordingProxy(target: string): Promise<RecordingProxy> {
  const origin = new URL(target);
  const requests: ProxiedRequest[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const at = Date.now();
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const url = new URL(req.url ?? "/", origin);
      requests.push({ path: url.pathname, jobInstanceId: jobInstanceIdOf(url, body), at });
      const forward = httpRequest(
        { host: origin.hostname, port: origin.port, method: req.method, path: req.url, headers: { ...req.headers, host: origin.host } },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      forward.on("error", () => {
        if (!res.headersSent) res.writeHead(502);
        res.end();
      });
      forward.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function jobInstanceIdOf(url: URL, body: Buffer): number | null {
  const fromQuery = url.searchParams.get("job_instance_id");
  if (fromQuery) return Number(fromQuery);
  try {
    const parsed = JSON.parse(body.toString("utf8")) as { job_instance_id?: unknown };
    return typeof parsed.job_instance_id === "number" ? parsed.job_instance_id : null;
  } catch {
    return null;
  }
}
