// Reads a request from Slack and checks it is Slack's: the body (up to a limit), the timestamp
// within five minutes of now, and the v0 signature, HMAC-SHA256 of `v0:{timestamp}:{body}` with
// the signing secret, compared in constant time
// (https://docs.slack.dev/authentication/verifying-requests-from-slack). Then the body parsed
// once, as Bolt parses it (a form, its `payload` JSON when there is one, or JSON).
//
// Why not Bolt's parseAndVerifyHTTPRequest: under a burst it is most of the time before an
// acknowledgement. It decodes and parses a form body twice, and compares signatures with tsscmp,
// which draws random bytes and computes two more HMACs per request; crypto.timingSafeEqual
// compares in constant time on its own (bench/profile-notes.md, "The incident rush").
import { createHmac, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { parse as parseForm } from "node:querystring";

/** Slack's limit on a request's age (and how far ahead a clock may be), in seconds. */
const MAX_AGE_S = 5 * 60;

export type SignedBody =
  | { ok: true; body: Record<string, unknown>; rawBody: Buffer }
  | { ok: false; status: 400 | 401 | 413; reason: string };

/** The body's bytes, or null once it passed `limit` (the rest is read and dropped, so the answer can be sent). */
function readBody(request: IncomingMessage, limit: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      // Too large: answered now; the rest flows on and is dropped (a second resolve does nothing).
      chunks.length = 0;
      resolve(null);
    });
    request.on("end", () => resolve(size <= limit ? Buffer.concat(chunks, size) : null));
    request.on("error", reject);
  });
}

const header = (request: IncomingMessage, name: string): string | null => {
  const value = request.headers[name];
  return typeof value === "string" ? value : null;
};

function verified(request: IncomingMessage, text: string, signingSecret: string, nowMs: number): string | null {
  const signature = header(request, "x-slack-signature");
  const timestamp = Number(header(request, "x-slack-request-timestamp") ?? Number.NaN);
  if (signature === null) return "no x-slack-signature header";
  if (!Number.isInteger(timestamp)) return "x-slack-request-timestamp is not a number of seconds";
  if (Math.abs(nowMs / 1000 - timestamp) > MAX_AGE_S) return "x-slack-request-timestamp is more than 5 minutes from now";
  const expected = Buffer.from(`v0=${createHmac("sha256", signingSecret).update(`v0:${timestamp}:${text}`).digest("hex")}`);
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected) ? null : "signature mismatch";
}

export async function readSignedBody(request: IncomingMessage, options: { signingSecret: string; limit: number; nowMs: number }): Promise<SignedBody> {
  const bytes = await readBody(request, options.limit);
  if (bytes === null) return { ok: false, status: 413, reason: `request body exceeded the maximum allowed size (limit: ${options.limit} bytes)` };
  const text = bytes.toString("utf8");
  const form = request.headers["content-type"] === "application/x-www-form-urlencoded" ? parseForm(text) : null;
  // Slack's SSL check is not signed; nothing else of such a request is read (Bolt does the same).
  if (form?.["ssl_check"] === "1") return { ok: true, body: { ssl_check: "1" }, rawBody: Buffer.from("ssl_check=1") };
  const failure = verified(request, text, options.signingSecret, options.nowMs);
  if (failure !== null) return { ok: false, status: 401, reason: `Failed to verify authenticity: ${failure}` };
  try {
    const payload = form?.["payload"];
    const body: unknown = form === null ? JSON.parse(text) : typeof payload === "string" ? JSON.parse(payload) : form;
    if (typeof body !== "object" || body === null) return { ok: false, status: 400, reason: "the body is not an object" };
    return { ok: true, body: body as Record<string, unknown>, rawBody: bytes };
  } catch (error) {
    return { ok: false, status: 400, reason: error instanceof Error ? error.message : String(error) };
  }
}
