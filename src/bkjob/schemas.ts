// zod schemas for the ESB envelope and ESB v2 responses (v3: v3-schemas.ts): tolerant of what real bk-job servers (3.x and the old
// 2.x docs) send, and transforming straight into the normalised types of job-model.ts.
//
// Tolerance rules: extra fields are ignored (non-strict objects); numbers may arrive as
// numeric strings; nullable or missing fields get the defaults below; unknown status codes
// are kept as numbers. Cost rules: a 10,000-host, several-MB response is parsed once, with no
// per-field refinements and no preprocess/coerce. Per-host arrays are where the cost is, so
// get_job_instance_log's hosts are validated only when read (received-log.ts), and
// step_ip_status takes a fast path when every entry is already in bk-job 3.x's exact form.
import { z } from "zod";
import { parseBkTime, secondsToMs } from "./bk-time.js";
import { unescapeHtml } from "./html-unescape.js";
import type {
  HostGroup,
  HostLog,
  JobInstanceStatus,
  StepLog,
  StepStatus,
} from "../core/job-model.js";
import type { PermissionRequest } from "../core/upstream-error.js";

// ---- building blocks -------------------------------------------------------------------

// z.number() first: real servers send numbers, so the string branch is rarely tried.
const NOT_A_NUMBER = "expected a number or a numeric string";
const numericString = z
  .string()
  .regex(/^\s*-?\d+(?:\.\d+)?\s*$/, NOT_A_NUMBER)
  .transform(Number);

/** A number, or a numeric string such as `bk_cloud_id: "0"`. */
export const bkNumber = z.union([z.number(), numericString], { error: NOT_A_NUMBER });

export const numberOr = (fallback: number) => bkNumber.nullish().transform((v) => v ?? fallback);
export const numberOrNull = bkNumber.nullish().transform((v) => v ?? null);
export const stringOr = (fallback: string) => z.string().nullish().transform((v) => v ?? fallback);
export const stringOrNull = z.string().nullish().transform((v) => v ?? null);

/** "yyyy-MM-dd HH:mm:ss" with or without an offset (none means UTC+8), or epoch ms. */
export const bkTime = z
  .union([z.string(), z.number()])
  .nullish()
  .transform((v) => parseBkTime(v));

/** v2 `total_time`: decimal seconds (or a numeric string) → integer milliseconds. */
export const bkSecondsAsMs = bkNumber.nullish().transform((v) => secondsToMs(v));

/**
 * Parses `value` with `schema` inside a transform, forwarding any issues with their own paths
 * and messages, so a fast path that falls back to the full schema fails exactly as it would.
 */
export function parseInto<T>(schema: z.ZodType<T>, value: unknown, ctx: z.core.$RefinementCtx): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  // A finished issue keeps its message and path; `input` is what a raw issue must carry.
  for (const issue of parsed.error.issues) ctx.issues.push({ ...issue, input: value } as z.core.$ZodRawIssue);
  return z.NEVER;
}

/** v2 `log_content`: HTML-unescaped once; null or missing → "". */
export const bkLogContent = z
  .string()
  .nullish()
  .transform((v) => (v ? unescapeHtml(v) : ""));

// RunStatusEnum values that mean "finished" (bk-job 3.x, plus 12 from the old docs). Used only
// when a server leaves `is_finished` out.
const FINISHED_RUN_STATUSES: ReadonlySet<number> = new Set([3, 4, 5, 6, 8, 9, 11, 12, 13, 14]);
export const isFinishedRunStatus = (status: number) => FINISHED_RUN_STATUSES.has(status);

// ---- envelope ----------------------------------------------------------------------------

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

// ---- get_job_instance_log ----------------------------------------------------------------

export const esbV2HostLogSchema = z
  .object({
    ip: stringOr(""), // "" for IPv6-only hosts
    bk_cloud_id: numberOr(0),
    execute_count: numberOrNull, // bk-job 3.x
    retry_count: numberOrNull, // old 2.x docs
    error_code: numberOr(0),
    exit_code: numberOr(0),
    start_time: bkTime,
    end_time: bkTime,
    total_time: bkSecondsAsMs,
    log_content: bkLogContent,
  })
  .transform(
    (host): HostLog => ({
      ip: host.ip,
      bkCloudId: host.bk_cloud_id,
      executeCount: host.execute_count ?? host.retry_count ?? 0,
      errorCode: host.error_code,
      exitCode: host.exit_code,
      startTime: host.start_time,
      endTime: host.end_time,
      totalTimeMs: host.total_time,
      logContent: host.log_content,
    }),
  );

const isFiniteNumber = (value: unknown): value is number => typeof value === "number" && Number.isFinite(value);
const isAbsent = (value: unknown): value is null | undefined => value === null || value === undefined;
const isNumberOrAbsent = (value: unknown): value is number | null | undefined => isAbsent(value) || isFiniteNumber(value);
const isTimeOrAbsent = (value: unknown): value is string | number | null | undefined => isNumberOrAbsent(value) || typeof value === "string";

/**
 * A host log entry in the exact form bk-job 3.x sends (numbers as numbers, text as strings, the
 * optional fields null or absent), converted without zod to what esbV2HostLogSchema gives, or
 * null for anything else, which the schema then parses with its tolerance and error paths. A
 * report reads a few dozen hosts; zod's share of reading each was most of the cost.
 */
export function exactHostLog(entry: unknown): HostLog | null {
  if (typeof entry !== "object" || entry === null) return null;
  const host = entry as Record<string, unknown>;
  const { ip, bk_cloud_id, execute_count, retry_count, error_code, exit_code, start_time, end_time, total_time, log_content } = host;
  if (typeof ip !== "string" || !isFiniteNumber(bk_cloud_id) || !isFiniteNumber(error_code) || !isFiniteNumber(exit_code)) return null;
  if (!isNumberOrAbsent(execute_count) || !isNumberOrAbsent(retry_count) || !isNumberOrAbsent(total_time)) return null;
  if (!isTimeOrAbsent(start_time) || !isTimeOrAbsent(end_time)) return null;
  if (!isAbsent(log_content) && typeof log_content !== "string") return null;
  return {
    ip,
    bkCloudId: bk_cloud_id,
    executeCount: execute_count ?? retry_count ?? 0,
    errorCode: error_code,
    exitCode: exit_code,
    startTime: parseBkTime(start_time),
    endTime: parseBkTime(end_time),
    totalTimeMs: secondsToMs(total_time),
    logContent: log_content ? unescapeHtml(log_content) : "",
  };
}

/** A (ip_status, tag) group's own fields; its hosts are parsed here or kept as sent (received-log.ts). */
export const esbV2HostGroupFields = {
  ip_status: bkNumber,
  tag: stringOr(""),
};

export const esbV2HostGroupSchema = z
  .object({
    ...esbV2HostGroupFields,
    ip_logs: z.array(esbV2HostLogSchema).nullish(),
  })
  .transform(
    (group): HostGroup => ({
      ipStatus: group.ip_status,
      tag: group.tag,
      hosts: group.ip_logs ?? [],
    }),
  );

/** A step's own fields in get_job_instance_log. */
export const esbV2StepLogFields = {
  is_finished: z.boolean().nullish(),
  step_instance_id: bkNumber,
  name: stringOr(""),
  status: bkNumber,
};

/** A log step's normalised fields, whichever way its groups were read. */
export function stepLogOf<Group>(step: {
  is_finished?: boolean | null | undefined;
  step_instance_id: number;
  name: string;
  status: number;
  step_results?: Group[] | null | undefined;
}): Omit<StepLog, "groups"> & { groups: Group[] } {
  return {
    stepInstanceId: step.step_instance_id,
    name: step.name,
    status: step.status,
    isFinished: step.is_finished ?? isFinishedRunStatus(step.status),
    groups: step.step_results ?? [], // none for manual-confirm steps
  };
}

export const esbV2StepLogSchema = z
  .object({
    ...esbV2StepLogFields,
    step_results: z.array(esbV2HostGroupSchema).nullish(),
  })
  .transform((step): StepLog => stepLogOf(step));

/** `data` of a successful get_job_instance_log: one item per step. */
export const esbV2JobInstanceLogDataSchema = z.array(esbV2StepLogSchema);

// ---- get_job_instance_status -------------------------------------------------------------

const esbV2HostStatusSchema = z
  .object({
    ip: stringOr(""),
    bk_cloud_id: numberOr(0),
    status: bkNumber,
  })
  .transform((host) => ({ ip: host.ip, bkCloudId: host.bk_cloud_id, status: host.status }));

/** An entry the schema above would return unchanged but renamed: no defaults, no numeric strings. */
function isExactHostStatus(entry: unknown): entry is { ip: string; bk_cloud_id: number; status: number } {
  const host = entry as { ip?: unknown; bk_cloud_id?: unknown; status?: unknown } | null;
  return typeof host === "object" && host !== null && typeof host.ip === "string" && isFiniteNumber(host.bk_cloud_id) && isFiniteNumber(host.status);
}

const hostStatusArray = z.array(esbV2HostStatusSchema);

/**
 * `step_ip_status`: one entry per host, 10,000 on a large job, read on every follow poll. When
 * every entry is in the exact form bk-job 3.x sends, they are copied without zod (a tenth of
 * the time); otherwise the schema above parses them all, with its tolerance and error paths.
 */
const hostStatusList = z.custom<z.input<typeof hostStatusArray>>().transform((value, ctx) =>
  Array.isArray(value) && value.every(isExactHostStatus)
    ? value.map((host) => ({ ip: host.ip, bkCloudId: host.bk_cloud_id, status: host.status }))
    : parseInto(hostStatusArray, value, ctx),
);

export const esbV2StepStatusSchema = z
  .object({
    step_instance_id: bkNumber,
    name: stringOr(""),
    type: numberOrNull,
    status: bkNumber,
    execute_count: numberOrNull,
    retry_count: numberOrNull,
    start_time: bkTime,
    end_time: bkTime,
    total_time: bkSecondsAsMs,
    step_ip_status: hostStatusList.nullish(),
  })
  .transform(
    (step): StepStatus => ({
      stepInstanceId: step.step_instance_id,
      name: step.name,
      status: step.status,
      type: step.type,
      executeCount: step.execute_count ?? step.retry_count ?? 0,
      startTime: step.start_time,
      endTime: step.end_time,
      totalTimeMs: step.total_time,
      hosts: step.step_ip_status ?? [],
    }),
  );

const esbV2JobInstanceSchema = z.object({
  job_instance_id: bkNumber,
  bk_biz_id: numberOrNull,
  bk_scope_type: z.string().nullish(),
  bk_scope_id: z.union([z.string(), z.number()]).nullish(),
  name: stringOr(""),
  operator: stringOrNull,
  status: bkNumber,
  start_way: numberOrNull,
  create_time: bkTime,
  start_time: bkTime,
  end_time: bkTime,
  total_time: bkSecondsAsMs,
});

/** `data` of a successful get_job_instance_status (requestId is added by the client). */
export const esbV2JobInstanceStatusDataSchema = z
  .object({
    is_finished: z.boolean().nullish(),
    job_instance: esbV2JobInstanceSchema,
    blocks: z
      .array(z.object({ step_instances: z.array(esbV2StepStatusSchema).nullish() }))
      .nullish(),
  })
  .transform((data): Omit<JobInstanceStatus, "requestId"> => {
    const job = data.job_instance;
    return {
      finished: data.is_finished ?? isFinishedRunStatus(job.status),
      job: {
        jobInstanceId: job.job_instance_id,
        bizId: job.bk_biz_id ?? bizIdFromScope(job.bk_scope_type, job.bk_scope_id),
        name: job.name,
        status: job.status,
        operator: job.operator,
        startWay: job.start_way,
        createTime: job.create_time,
        startTime: job.start_time,
        endTime: job.end_time,
        totalTimeMs: job.total_time,
      },
      steps: (data.blocks ?? []).flatMap((block) => block.step_instances ?? []),
    };
  });

// Servers that dropped the deprecated bk_biz_id still name the business through the scope.
export function bizIdFromScope(
  scopeType: string | null | undefined,
  scopeId: string | number | null | undefined,
): number | null {
  if (scopeType !== "biz" || scopeId === null || scopeId === undefined) return null;
  const id = Number(scopeId);
  return Number.isSafeInteger(id) ? id : null;
}
