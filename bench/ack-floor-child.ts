// The floor for acknowledgements: what a bare node:http server on this machine does with Slack's
// signed requests, and nothing else. It reads the body, checks the timestamp and verifies the
// signature as Slack says (HMAC-SHA256 over `v0:{timestamp}:{body}` with the signing secret,
// compared in constant time: https://api.slack.com/authentication/verifying-requests-from-slack),
// and answers 200. Prints "listening on <url>" and serves until killed.
//   node --import tsx bench/ack-floor-child.ts
import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { SIGNING_SECRET } from "../test/support/slack-requests.js";

const FIVE_MINUTES_S = 300;

const server = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on("data", (chunk: Buffer) => chunks.push(chunk));
  request.on("end", () => {
    if (request.method === "GET") return void response.writeHead(200).end("ok");
    const body = Buffer.concat(chunks).toString("utf8");
    const timestamp = Number(request.headers["x-slack-request-timestamp"]);
    const given = Buffer.from(String(request.headers["x-slack-signature"] ?? ""));
    const expected = Buffer.from(`v0=${createHmac("sha256", SIGNING_SECRET).update(`v0:${timestamp}:${body}`).digest("hex")}`);
    const fresh = Math.abs(Date.now() / 1000 - timestamp) <= FIVE_MINUTES_S;
    const valid = fresh && given.length === expected.length && timingSafeEqual(given, expected);
    response.writeHead(valid ? 200 : 401, { "content-type": "text/plain" }).end();
  });
});
server.listen(0, "127.0.0.1", () => {
  process.stdout.write(`listening on http://127.0.0.1:${(server.address() as AddressInfo).port}\n`);
});
