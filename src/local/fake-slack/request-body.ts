// Decodes request bodies the way Slack does. @slack/web-api sends
// application/x-www-form-urlencoded with every non-scalar argument (blocks, view, files …) as a JSON
// string, switches to multipart/form-data when an argument is a Buffer (the file upload step), and
// other clients may send JSON. Handlers see one shape: JSON-valued parameters parsed, flags as booleans.
import type { IncomingMessage } from "node:http";

export type Params = Record<string, unknown>;

export const isPlainObject = (value: unknown): value is Params =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** Parameters Slack documents as JSON-encoded strings. */
const JSON_PARAMS = new Set([
  "blocks",
  "attachments",
  "view",
  "unfurls",
  "files",
  "metadata",
  "user_auth_blocks",
]);
const BOOLEAN_PARAMS = new Set([
  "include_all_metadata",
  "reply_broadcast",
  "unfurl_links",
  "unfurl_media",
  "mrkdwn",
  "as_user",
  "link_names",
  "replace_original",
  "delete_original",
  "user_auth_required",
  "include_locale",
]);

export async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Raw form/JSON/multipart fields, before normalisation; `undefined` when the body is unreadable. */
async function rawFields(body: Buffer, contentType: string): Promise<Params | undefined> {
  if (body.length === 0) return {};
  if (contentType.startsWith("application/json")) {
    try {
      const parsed: unknown = JSON.parse(body.toString("utf8"));
      return isPlainObject(parsed) ? parsed : undefined;
    } catch {
      return undefined;
    }
  }
  if (contentType.startsWith("multipart/form-data")) {
    // undici's multipart parser (behind Response#formData) saves us writing one.
    const form = await new Response(body, { headers: { "content-type": contentType } }).formData();
    const fields: Params = {};
    for (const [key, value] of form) {
      fields[key] = typeof value === "string" ? value : Buffer.from(await value.arrayBuffer());
    }
    return fields;
  }
  return Object.fromEntries(new URLSearchParams(body.toString("utf8")));
}

function normalise(key: string, value: unknown): unknown {
  if (typeof value !== "string") return value;
  if (JSON_PARAMS.has(key)) {
    try {
      return JSON.parse(value) as unknown;
    } catch {
      return value; // left as a string: the handler answers invalid_blocks_format / invalid_arguments
    }
  }
  if (BOOLEAN_PARAMS.has(key)) return value === "true" || value === "1";
  return value;
}

/** Query string and body merged (Slack accepts both), normalised; `undefined` if the body is malformed. */
export async function decodeParams(
  body: Buffer,
  contentType: string | undefined,
  query: URLSearchParams,
): Promise<Params | undefined> {
  const fields = await rawFields(body, (contentType ?? "").toLowerCase());
  if (fields === undefined) return undefined;
  const merged: Params = { ...Object.fromEntries(query), ...fields };
  return Object.fromEntries(Object.entries(merged).map(([key, value]) => [key, normalise(key, value)]));
}

// --- reading parameters in handlers ------------------------------------------------------------

export function stringParam(params: Params, key: string): string | undefined {
  const value = params[key];
  if (typeof value === "string") return value;
  if (typeof value === "number") return String(value);
  return undefined;
}

export function booleanParam(params: Params, key: string): boolean {
  const value = params[key];
  return value === true || value === "true" || value === 1 || value === "1";
}

/** `undefined` when absent, "invalid" when present but not an array. */
export function arrayParam(params: Params, key: string): unknown[] | undefined | "invalid" {
  const value = params[key];
  if (value === undefined || value === "") return undefined;
  return Array.isArray(value) ? value : "invalid";
}

/** `undefined` when absent, "invalid" when present but not an object. */
export function objectParam(params: Params, key: string): Record<string, unknown> | undefined | "invalid" {
  const value = params[key];
  if (value === undefined || value === "") return undefined;
  return isPlainObject(value) ? value : "invalid";
}
