// Sends a burst of signed Slack requests to the bot at once, from a process that does nothing
// else, so each acknowledgement's time is the bot's and the network's, not the wait of a sender
// whose event loop is also busy being the fake Slack and the simulator. Everything a sender can
// do beforehand is done before the clock starts: one keep-alive connection per request opened
// and used (as Slack's senders already hold theirs), every request encoded, signed and laid out
// as the bytes of an HTTP/1.1 request. Then each is one socket write: Node's http client spent
// about 0.2 ms a request building and writing it, so the last request left 40 ms after the
// first and the early answers waited for the sender to notice them (Slack's many senders do not
// queue behind each other). Reads the requests as JSON on stdin; prints one JSON line: each
// request's send time (epoch ms), HTTP status and time to the complete response.
//   node --import tsx bench/send-burst-child.ts <botUrl> < requests.json
import { connect, type Socket } from "node:net";
import { interactionBody, signature, SIGNING_SECRET, slashCommandBody, type SlashCommandFields } from "../test/support/slack-requests.js";

export type BurstRequest = { kind: "command"; fields: SlashCommandFields } | { kind: "interaction"; payload: Record<string, unknown> };

export interface BurstResult {
  sentAt: number;
  status: number;
  elapsedMs: number;
}

const formBody = (request: BurstRequest): string => (request.kind === "command" ? slashCommandBody(request.fields) : interactionBody(request.payload));

/** One kept-alive connection: writes a request's bytes and resolves with the status once the whole answer is in. */
class Connection {
  private received = Buffer.alloc(0);
  private waiting: ((status: number) => void) | null = null;

  private constructor(private readonly socket: Socket) {
    socket.setNoDelay(true);
    socket.on("data", (chunk: Buffer) => {
      this.received = Buffer.concat([this.received, chunk]);
      this.complete();
    });
    // Closed with a request unanswered (the server dropped the connection): status 0, not a hang.
    socket.on("error", () => {});
    socket.on("close", () => {
      const resolve = this.waiting;
      this.waiting = null;
      resolve?.(0);
    });
  }

  static open(host: string, port: number): Promise<Connection> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host, port }, () => resolve(new Connection(socket)));
      socket.once("error", reject);
    });
  }

  send(request: Buffer): Promise<number> {
    return new Promise((resolve) => {
      this.waiting = resolve;
      this.socket.write(request);
    });
  }

  /** A whole response: headers, then Content-Length bytes or the chunked body's last chunk. */
  private complete(): void {
    const headerEnd = this.received.indexOf("\r\n\r\n");
    if (headerEnd < 0 || !this.waiting) return;
    const head = this.received.subarray(0, headerEnd).toString("latin1");
    const length = /\r\ncontent-length:\s*(\d+)/i.exec(head);
    const bodyStart = headerEnd + 4;
    // Chunked: up to the last chunk, "0" on a line of its own (the blank line before it may be the headers' own).
    const end = length ? bodyStart + Number(length[1]) : this.received.indexOf("\r\n0\r\n\r\n", bodyStart - 2) + 7;
    if (end < bodyStart || this.received.length < end) return;
    this.received = this.received.subarray(end);
    const resolve = this.waiting;
    this.waiting = null;
    resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0));
  }

  close(): void {
    this.socket.destroy();
  }
}

function httpRequest(method: "GET" | "POST", url: URL, path: string, headers: Record<string, string>, body = ""): Buffer {
  const lines = [`${method} ${path} HTTP/1.1`, `host: ${url.host}`, "connection: keep-alive", ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`)];
  return Buffer.from(`${lines.join("\r\n")}\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
}

async function main(): Promise<void> {
  const [base = ""] = process.argv.slice(2);
  const url = new URL(base);
  let input = "";
  for await (const chunk of process.stdin) input += String(chunk);
  const requests = JSON.parse(input) as BurstRequest[];
  const connections = await Promise.all(requests.map(() => Connection.open(url.hostname, Number(url.port))));
  // Each connection used once beforehand, as a sender's kept-alive one has been.
  for (let round = 0; round < 3; round += 1) await Promise.all(connections.map((connection) => connection.send(httpRequest("GET", url, "/healthz", {}))));
  const timestamp = Math.floor(Date.now() / 1000);
  const prepared = requests.map((request) => {
    const body = formBody(request);
    return httpRequest("POST", url, "/slack/events", {
      "content-type": "application/x-www-form-urlencoded",
      "x-slack-request-timestamp": String(timestamp),
      "x-slack-signature": signature(SIGNING_SECRET, timestamp, body),
    }, body);
  });
  const results = await Promise.all(
    prepared.map(async (request, index): Promise<BurstResult> => {
      const sentAt = Date.now();
      const started = performance.now();
      const status = await connections[index]!.send(request);
      return { sentAt, status, elapsedMs: performance.now() - started };
    }),
  );
  for (const connection of connections) connection.close();
  process.stdout.write(`${JSON.stringify(results)}\n`);
}

await main();
