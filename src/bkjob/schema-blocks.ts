// The building blocks of every BK-JOB response schema (ESB v2: esb-v2-schemas.ts; v3:
// v3-schemas.ts; the envelope: envelope-schema.ts): tolerant field parsers, and the job instance
// both protocols describe the same way.
//
// Tolerance rules: extra fields are ignored (non-strict objects); numbers may arrive as
// numeric strings; nullable or missing fields get the defaults below; unknown status codes
// are kept as numbers. Cost rules: a 10,000-host, several-MB response is parsed once, with no
// per-field refinements and no preprocess/coerce.
import { z } from "zod";
import type { JobInstanceStatus, StepHostStatus, StepStatus } from "../core/job-model.js";
import { isRunFinished } from "../core/status.js";
import { parseBkTime, secondsToMs } from "./bk-time.js";
import { unescapeHtml } from "./html-unescape.js";

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

// ---- a step instance ------------------------------------------------------------------------

/** A step instance's fields both protocols send alike; each adds its `total_time` and its hosts. */
export const stepInstanceFields = {
  step_instance_id: bkNumber,
  name: stringOr(""),
  type: numberOrNull,
  status: bkNumber,
  execute_count: numberOrNull,
  start_time: bkTime,
  end_time: bkTime,
};

interface ParsedStepInstance {
  step_instance_id: number;
  name: string;
  type: number | null;
  status: number;
  execute_count: number | null;
  /** The old 2.x docs' name for execute_count (ESB v2). */
  retry_count?: number | null;
  start_time: Date | null;
  end_time: Date | null;
  total_time: number | null;
}

export function stepStatusOf(step: ParsedStepInstance, hosts: StepHostStatus[]): StepStatus {
  return {
    stepInstanceId: step.step_instance_id,
    name: step.name,
    status: step.status,
    type: step.type,
    executeCount: step.execute_count ?? step.retry_count ?? 0,
    startTime: step.start_time,
    endTime: step.end_time,
    totalTimeMs: step.total_time,
    hosts,
  };
}

// ---- the job instance ----------------------------------------------------------------------

/** The job instance's fields both protocols send alike; each adds its own `total_time` (and v2 its operator). */
export const jobInstanceFields = {
  job_instance_id: bkNumber,
  bk_biz_id: numberOrNull,
  bk_scope_type: z.string().nullish(),
  bk_scope_id: z.union([z.string(), z.number()]).nullish(),
  name: stringOr(""),
  status: bkNumber,
  create_time: bkTime,
  start_time: bkTime,
  end_time: bkTime,
};

interface ParsedJobInstance {
  job_instance_id: number;
  bk_biz_id: number | null;
  bk_scope_type?: string | null | undefined;
  bk_scope_id?: string | number | null | undefined;
  name: string;
  status: number;
  operator?: string | null;
  start_way?: number | null;
  create_time: Date | null;
  start_time: Date | null;
  end_time: Date | null;
  total_time: number | null;
}

/**
 * get_job_instance_status, normalised, from either protocol's parsed answer. A server that leaves
 * the job's `finished` flag out is judged by the job's status (core/status.ts).
 */
export function jobStatusOf(finished: boolean | null | undefined, job: ParsedJobInstance, steps: StepStatus[]): Omit<JobInstanceStatus, "requestId" | "hostsIncluded"> {
  return {
    finished: finished ?? isRunFinished(job.status),
    job: {
      jobInstanceId: job.job_instance_id,
      bizId: job.bk_biz_id ?? bizIdFromScope(job.bk_scope_type, job.bk_scope_id),
      name: job.name,
      status: job.status,
      operator: job.operator ?? null,
      startWay: job.start_way ?? null,
      createTime: job.create_time,
      startTime: job.start_time,
      endTime: job.end_time,
      totalTimeMs: job.total_time,
    },
    steps,
  };
}

// Servers that dropped the deprecated bk_biz_id still name the business through the scope.
export function bizIdFromScope(
  scopeType: string | null | undefined,
  scopeId: string | number | null | undefined,
): number | null {
  if (scopeType !== "biz" || scopeId === null || scopeId === undefined) return null;
  const id = Number(scopeId);
  return Number.isSafeInteger(id) ? id : null;
}
