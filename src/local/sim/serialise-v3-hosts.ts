// A step's hosts in v3 shapes: `get_step_instance_status` (gateway only, §3.5: groups by status
// and tag with `host_size`, host lists capped by max_host_num_per_group, the keyword searching
// script output), and the logs of `batch_get_job_instance_ip_log` (§3.7) and
// `get_job_instance_ip_log` (§3.6). Log text is raw, as v3 sends it.
import type { Language } from "./bkjob-errors.js";
import { durationMs, simHostId, simHostLogText, STEP_TYPE, type SimFileLog, type SimHost, type SimStep } from "./model.js";
import { groupHosts } from "./serialise-job-log.js";
import { hostStatusText } from "./status-texts.js";

export interface StepStatusQuery {
  maxHostNumPerGroup: number | null;
  keyword: string | null;
}

function hostResult(host: SimHost, language: Language) {
  return {
    bk_host_id: simHostId(host),
    ip: host.ip,
    ipv6: host.ipv6 ?? null,
    bk_agent_id: null,
    bk_cloud_id: host.bkCloudId,
    bk_cloud_name: host.bkCloudId === 0 ? "Default Area" : `BK-Net ${host.bkCloudId}`,
    status: host.ipStatus,
    status_desc: hostStatusText(host.ipStatus, language),
    tag: host.tag,
    exit_code: host.exitCode,
    start_time: host.startTime,
    end_time: host.endTime,
    total_time: durationMs(host.startTime, host.endTime),
  };
}

/** Keyword search covers script output only, as BK-JOB's does ("分发文件步骤不支持日志搜索"). */
function searched(step: SimStep, keyword: string | null): readonly SimHost[] {
  if (keyword === null || step.type === STEP_TYPE.file) return step.hosts;
  return step.hosts.filter((host) => host.log.includes(keyword));
}

export function serialiseV3StepStatus(step: SimStep, query: StepStatusQuery, language: Language) {
  const limit = query.maxHostNumPerGroup ?? Number.POSITIVE_INFINITY;
  return {
    step_instance_id: step.stepInstanceId,
    execute_count: step.executeCount,
    name: step.name,
    type: step.type,
    status: step.status,
    create_time: step.createTime,
    start_time: step.startTime,
    end_time: step.endTime,
    total_time: durationMs(step.startTime, step.endTime),
    step_result_group_list: groupHosts(searched(step, query.keyword)).map((group) => ({
      result_type: group.ipStatus,
      result_type_desc: hostStatusText(group.ipStatus, language),
      tag: group.tag,
      host_size: group.hosts.length,
      host_result_list: group.hosts.slice(0, limit).map((host) => hostResult(host, language)),
    })),
  };
}

function hostIp(host: { ip: string; bkCloudId: number; bkHostId?: number }) {
  return { bk_host_id: simHostId(host), bk_cloud_id: host.bkCloudId, ip: host.ip };
}

function fileLog(file: SimFileLog) {
  return {
    mode: file.mode,
    src_ip: hostIp(file.source),
    src_path: file.sourcePath,
    ...(file.destination ? { dest_ip: hostIp(file.destination), dest_path: file.destinationPath } : {}),
    status: file.status,
    log_content: file.log,
    size: file.size,
    speed: file.speed,
    process: file.progress,
  };
}

const isFileStep = (step: SimStep): boolean => step.type === STEP_TYPE.file;

export function serialiseV3BatchLogs(jobInstanceId: number, step: SimStep, hosts: readonly SimHost[]) {
  const base = { job_instance_id: jobInstanceId, step_instance_id: step.stepInstanceId };
  if (isFileStep(step)) {
    return {
      ...base,
      log_type: 2,
      file_task_logs: hosts.map((host) => ({
        bk_host_id: simHostId(host),
        bk_cloud_id: host.bkCloudId,
        ip: host.ip,
        file_logs: (host.fileLogs ?? []).map(fileLog),
      })),
    };
  }
  return {
    ...base,
    log_type: 1,
    script_task_logs: hosts.map((host) => ({
      host_id: simHostId(host),
      bk_host_id: simHostId(host),
      bk_cloud_id: host.bkCloudId,
      ip: host.ip,
      ipv6: host.ipv6 ?? null,
      log_content: simHostLogText(host),
    })),
  };
}

export function serialiseV3IpLog(step: SimStep, host: SimHost) {
  const base = { bk_host_id: simHostId(host), bk_cloud_id: host.bkCloudId, ip: host.ip };
  return isFileStep(step)
    ? { ...base, log_type: 2, file_logs: (host.fileLogs ?? []).map(fileLog) }
    : { ...base, log_type: 1, log_content: simHostLogText(host) };
}
