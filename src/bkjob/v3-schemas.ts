// zod schemas for the v3 answers (ESB jobv3 and the API gateway share them), as tolerant as the
// v2 ones (esb-v2-schemas.ts) and transforming into the same normalised model. What differs from v2:
// times are epoch milliseconds, `total_time` is milliseconds, and log text is raw (never
// HTML-unescaped: a log that printed "&amp;" means it).
import { z } from "zod";
import type {
  FileLog,
  HostLogText,
  StepHost,
  StepHostGroups,
  StepHostStatus,
} from "../core/job-model.js";
import {
  bkNumber,
  bkTime,
  jobInstanceFields,
  jobStatusOf,
  numberOr,
  numberOrNull,
  stepInstanceFields,
  stepStatusOf,
  stringOr,
  stringOrNull,
} from "./schema-blocks.js";

/** v3 `total_time`: already milliseconds. */
const bkMillis = bkNumber.nullish().transform((v) => (v === null || v === undefined ? null : Math.round(v)));

/** v3 `log_content`: raw; null or missing → "". */
const rawLogContent = z
  .string()
  .nullish()
  .transform((v) => v ?? "");

/** An empty string is how some servers say "no IPv6". */
const optionalAddress = z
  .string()
  .nullish()
  .transform((v) => (v ? v : null));

// ---- get_job_instance_status ----------------------------------------------------------------

const v3StepIpResultSchema = z
  .object({
    bk_host_id: numberOrNull,
    ip: stringOr(""),
    bk_cloud_id: numberOr(0),
    status: bkNumber,
    tag: stringOr(""),
    exit_code: numberOr(0),
    error_code: numberOr(0),
    start_time: bkTime,
    end_time: bkTime,
    total_time: bkMillis,
  })
  .transform(
    (host): StepHostStatus => ({
      ip: host.ip,
      bkCloudId: host.bk_cloud_id,
      status: host.status,
      bkHostId: host.bk_host_id,
      tag: host.tag,
      exitCode: host.exit_code,
      errorCode: host.error_code,
      startTime: host.start_time,
      endTime: host.end_time,
      totalTimeMs: host.total_time,
    }),
  );

export const v3StepInstanceSchema = z
  .object({
    ...stepInstanceFields,
    total_time: bkMillis,
    step_ip_result_list: z.array(v3StepIpResultSchema).nullish(),
  })
  .transform((step) => stepStatusOf(step, step.step_ip_result_list ?? []));

const v3JobInstanceSchema = z.object({ ...jobInstanceFields, total_time: bkMillis });

/** `data` of get_job_instance_status. v3 has no operator or start_way (get_job_instance_list does). */
export const v3JobInstanceStatusDataSchema = z
  .object({
    finished: z.boolean().nullish(),
    job_instance: v3JobInstanceSchema,
    step_instance_list: z.array(v3StepInstanceSchema).nullish(),
  })
  .transform((data) => jobStatusOf(data.finished, data.job_instance, data.step_instance_list ?? []));

// ---- get_job_instance_list ------------------------------------------------------------------

export interface JobInstanceListItem {
  jobInstanceId: number;
  operator: string | null;
  launchMode: number | null;
}

/** `data` of get_job_instance_list: only what joblog reads from it (who started the job, and how). */
export const v3JobInstanceListDataSchema = z
  .object({
    data: z
      .array(
        z.object({
          job_instance_id: bkNumber,
          operator: stringOrNull,
          launch_mode: numberOrNull,
        }),
      )
      .nullish(),
  })
  .transform((data) => ({
    jobs: (data.data ?? []).map(
      (job): JobInstanceListItem => ({
        jobInstanceId: job.job_instance_id,
        operator: job.operator,
        launchMode: job.launch_mode,
      }),
    ),
  }));

/** `data` of get_job_instance_list as `recent` and the watches read it: every row, and the total. */
export const v3RunPageSchema = z
  .object({
    total: numberOrNull,
    data: z
      .array(
        z.object({
          bk_biz_id: numberOrNull,
          bk_scope_id: stringOrNull,
          job_instance_id: bkNumber,
          name: stringOrNull,
          operator: stringOrNull,
          status: numberOrNull,
          launch_mode: numberOrNull,
          create_time: bkTime,
          start_time: bkTime,
          end_time: bkTime,
          total_time: bkMillis,
        }),
      )
      .nullish(),
  })
  .transform((data) => ({
    total: data.total ?? 0,
    rows: (data.data ?? []).map((row) => ({
      jobInstanceId: row.job_instance_id,
      name: row.name ?? "",
      operator: row.operator,
      // An unknown status reads as pending (1): never as finished.
      status: row.status ?? 1,
      launchMode: row.launch_mode,
      createTime: row.create_time?.getTime() ?? null,
      startTime: row.start_time?.getTime() ?? null,
      endTime: row.end_time?.getTime() ?? null,
      totalTimeMs: row.total_time,
    })),
  }));

// ---- get_step_instance_status (gateway only) ------------------------------------------------

const v3HostResultSchema = z
  .object({
    bk_host_id: numberOrNull,
    ip: stringOr(""),
    ipv6: optionalAddress,
    bk_cloud_id: numberOr(0),
    status: bkNumber,
    tag: stringOr(""),
    exit_code: numberOr(0),
    start_time: bkTime,
    end_time: bkTime,
    total_time: bkMillis,
  })
  .transform(
    (host): StepHost => ({
      bkHostId: host.bk_host_id,
      bkCloudId: host.bk_cloud_id,
      ip: host.ip,
      ipv6: host.ipv6,
      status: host.status,
      tag: host.tag,
      exitCode: host.exit_code,
      // get_step_instance_status carries no GSE error code (openapi/bk-job.openapi.yaml).
      errorCode: null,
      startTime: host.start_time,
      endTime: host.end_time,
      totalTimeMs: host.total_time,
    }),
  );

const v3StepResultGroupSchema = z.object({
  result_type: bkNumber,
  tag: stringOr(""),
  host_size: numberOrNull,
  host_result_list: z.array(v3HostResultSchema).nullish(),
});

/** `data` of get_step_instance_status → the step's groups, exact counts, capped lists. */
export const v3StepInstanceStatusDataSchema = z
  .object({
    step_instance_id: bkNumber,
    step_result_group_list: z.array(v3StepResultGroupSchema).nullish(),
  })
  .transform(
    (data): StepHostGroups => ({
      stepInstanceId: data.step_instance_id,
      groups: (data.step_result_group_list ?? []).map((group) => {
        const hosts = group.host_result_list ?? [];
        return {
          status: group.result_type,
          tag: group.tag,
          hostCount: group.host_size ?? hosts.length,
          hosts,
        };
      }),
    }),
  );

// ---- logs -----------------------------------------------------------------------------------

const v3HostIpSchema = z
  .object({
    bk_host_id: numberOrNull,
    bk_cloud_id: numberOr(0),
    ip: stringOr(""),
  })
  .nullish();

const v3FileLogSchema = z
  .object({
    mode: numberOr(1),
    src_ip: v3HostIpSchema,
    src_path: stringOr(""),
    dest_ip: v3HostIpSchema,
    dest_path: stringOrNull,
    status: numberOr(0),
    log_content: rawLogContent,
  })
  .transform((file): FileLog => {
    const source = file.src_ip ?? { bk_host_id: null, bk_cloud_id: 0, ip: "" };
    const upload = file.mode === 0;
    return {
      mode: upload ? "upload" : "download",
      source: { bkHostId: source.bk_host_id, bkCloudId: source.bk_cloud_id, ip: source.ip, path: file.src_path },
      destination:
        upload || !file.dest_ip
          ? null
          : {
              bkHostId: file.dest_ip.bk_host_id,
              bkCloudId: file.dest_ip.bk_cloud_id,
              ip: file.dest_ip.ip,
              path: file.dest_path ?? "",
            },
      status: file.status,
      logContent: file.log_content,
    };
  });

/** A file step's text is its per-file logs joined, as ESB v2 joins them. */
export function fileLogsText(files: readonly FileLog[]): string {
  return files
    .map((file) => file.logContent)
    .filter((text) => text.length > 0)
    .map((text) => (text.endsWith("\n") ? text : `${text}\n`))
    .join("");
}

const v3ScriptTaskLogSchema = z
  .object({
    host_id: numberOrNull,
    bk_host_id: numberOrNull,
    bk_cloud_id: numberOr(0),
    ip: stringOr(""),
    ipv6: optionalAddress,
    log_content: rawLogContent,
  })
  .transform(
    (log): HostLogText => ({
      bkHostId: log.bk_host_id ?? log.host_id,
      bkCloudId: log.bk_cloud_id,
      ip: log.ip,
      ipv6: log.ipv6,
      text: log.log_content,
      files: null,
    }),
  );

const v3FileTaskLogSchema = z
  .object({
    bk_host_id: numberOrNull,
    bk_cloud_id: numberOr(0),
    ip: stringOr(""),
    ipv6: optionalAddress,
    file_logs: z.array(v3FileLogSchema).nullish(),
  })
  .transform((log): HostLogText => {
    const files = log.file_logs ?? [];
    return {
      bkHostId: log.bk_host_id,
      bkCloudId: log.bk_cloud_id,
      ip: log.ip,
      ipv6: log.ipv6,
      text: fileLogsText(files),
      files,
    };
  });

/** `data` of batch_get_job_instance_ip_log: script or file logs, one per host found. */
export const v3BatchIpLogDataSchema = z
  .object({
    script_task_logs: z.array(v3ScriptTaskLogSchema).nullish(),
    file_task_logs: z.array(v3FileTaskLogSchema).nullish(),
  })
  .transform((data) => ({ logs: [...(data.script_task_logs ?? []), ...(data.file_task_logs ?? [])] }));

/** `data` of get_job_instance_ip_log; null data means BK-JOB has no such host in the step. */
export const v3IpLogDataSchema = z
  .object({
    log_type: numberOrNull,
    bk_host_id: numberOrNull,
    bk_cloud_id: numberOr(0),
    ip: stringOr(""),
    ipv6: optionalAddress,
    log_content: rawLogContent,
    file_logs: z.array(v3FileLogSchema).nullish(),
  })
  .nullish()
  .transform((log) => {
    if (log === null || log === undefined) return { log: null };
    const files = log.log_type === 2 || (log.file_logs && log.file_logs.length > 0) ? (log.file_logs ?? []) : null;
    const value: HostLogText = {
      bkHostId: log.bk_host_id,
      bkCloudId: log.bk_cloud_id,
      ip: log.ip,
      ipv6: log.ipv6,
      text: files ? fileLogsText(files) : log.log_content,
      files,
    };
    return { log: value };
  });

