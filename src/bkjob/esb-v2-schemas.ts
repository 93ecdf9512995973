// zod schemas for ESB v2's answers (v3: v3-schemas.ts), tolerant of what real bk-job servers (3.x
// and the old 2.x docs) send, and transforming straight into the normalised types of
// core/job-model.ts. Per-host arrays are where the cost is, so get_job_instance_log's hosts are
// validated only when read (received-log.ts), and step_ip_status takes a fast path when every
// entry is already in bk-job 3.x's exact form.
import { z } from "zod";
import type { HostGroup, HostLog, StepLog } from "../core/job-model.js";
import { isRunFinished } from "../core/status.js";
import { parseBkTime, secondsToMs } from "./bk-time.js";
import { unescapeHtml } from "./html-unescape.js";
import {
  bkLogContent,
  bkNumber,
  bkSecondsAsMs,
  bkTime,
  jobInstanceFields,
  jobStatusOf,
  numberOr,
  numberOrNull,
  parseInto,
  stringOr,
  stepInstanceFields,
  stepStatusOf,
  stringOrNull,
} from "./schema-blocks.js";

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
    isFinished: step.is_finished ?? isRunFinished(step.status),
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
    ...stepInstanceFields,
    retry_count: numberOrNull,
    total_time: bkSecondsAsMs,
    step_ip_status: hostStatusList.nullish(),
  })
  .transform((step) => stepStatusOf(step, step.step_ip_status ?? []));

const esbV2JobInstanceSchema = z.object({
  ...jobInstanceFields,
  operator: stringOrNull,
  start_way: numberOrNull,
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
  .transform((data) =>
    jobStatusOf(
      data.is_finished,
      data.job_instance,
      (data.blocks ?? []).flatMap((block) => block.step_instances ?? []),
    ),
  );
