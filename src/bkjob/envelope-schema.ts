// The ESB / API gateway envelope around every BK-JOB answer, success or failure: the result flag,
// the code (normalised to a number), BK-JOB's message and request id, and the IAM permission a
// refusal names. `data` is parsed by the endpoint's own schema.
import { z } from "zod";
import type { PermissionRequest } from "../core/upstream-error.js";

const permissionSchema = z.object({
  system_name: z.string().nullish(),
  actions: z
    .array(
      z.object({
        id: z.union([z.string(), z.number()]).nullish(),
        name: z.string().nullish(),
      }),
    )
    .nullish(),
  apply_url: z.string().nullish(),
});

/** What the client needs from any ESB/gateway envelope, success or failure. */
export interface EsbEnvelope {
  ok: boolean;
  code: number | null; // numeric codes, including "1244006" sent as a string
  rawCode: string | null; // a non-numeric code string, kept for the error message
  codeName: string | null; // the gateway's `code_name`, e.g. INVALID_ARGS
  message: string | null;
  requestId: string | null; // job_request_id, else ESB's request_id
  permission: PermissionRequest | null;
  data: unknown;
}

/**
 * The ESB envelope. `data` stays unknown here: the endpoint's data schema parses it only when
 * `result` is true, so a failure with odd `data` is still classified by its code.
 */
export const esbEnvelopeSchema = z
  .object({
    result: z.boolean().nullish(),
    code: z.union([z.number(), z.string()]).nullish(),
    code_name: z.string().nullish(),
    message: z.string().nullish(),
    job_request_id: z.union([z.string(), z.number()]).nullish(),
    request_id: z.union([z.string(), z.number()]).nullish(),
    // Parsed leniently below: a malformed permission block must not hide the denial itself.
    permission: z.unknown().optional(),
    apply_url: z.string().nullish(),
    data: z.unknown().optional(),
  })
  .transform((env): EsbEnvelope => {
    const { code, rawCode } = normaliseCode(env.code);
    return {
      // A server that leaves `result` out still says "OK" with code 0.
      ok: env.result ?? code === 0,
      code,
      rawCode,
      codeName: env.code_name ?? null,
      message: env.message ?? null,
      requestId: nonEmpty(env.job_request_id) ?? nonEmpty(env.request_id),
      permission: parsePermission(env.permission, env.data, env.apply_url),
      data: env.data,
    };
  });

function normaliseCode(code: number | string | null | undefined): {
  code: number | null;
  rawCode: string | null;
} {
  if (code === null || code === undefined) return { code: null, rawCode: null };
  if (typeof code === "number") return { code, rawCode: null };
  const trimmed = code.trim();
  if (/^-?\d+$/.test(trimmed)) return { code: Number(trimmed), rawCode: null };
  return { code: null, rawCode: trimmed === "" ? null : trimmed };
}

function nonEmpty(value: string | number | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const text = String(value);
  return text === "" ? null : text;
}

function asRecord(value: unknown): Record<string, unknown> | null {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

/**
 * bk-job puts `permission` at the top level; IAM-style systems put `{permission, apply_url}`
 * under `data`. An apply link is taken from wherever one is present.
 */
function parsePermission(
  permission: unknown,
  data: unknown,
  topLevelApplyUrl: string | null | undefined,
): PermissionRequest | null {
  const dataRecord = asRecord(data);
  const source = asRecord(permission) ?? asRecord(dataRecord?.["permission"]);
  const dataApplyUrl = dataRecord?.["apply_url"];
  const parsed = source ? permissionSchema.safeParse(source) : null;
  const value = parsed?.success ? parsed.data : null;
  const applyUrl =
    value?.apply_url ??
    topLevelApplyUrl ??
    (typeof dataApplyUrl === "string" && dataApplyUrl !== "" ? dataApplyUrl : null);
  if (!value && !applyUrl) return null;
  return {
    systemName: value?.system_name ?? null,
    actions: (value?.actions ?? []).map((action) => ({
      id: action.id === null || action.id === undefined ? "" : String(action.id),
      name: action.name ?? "",
    })),
    applyUrl: applyUrl || null,
  };
}
