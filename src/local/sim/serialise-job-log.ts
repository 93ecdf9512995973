// Turns a SimJob into the `data` of ESB v2 `get_job_instance_log` (§3.1): one item per step,
// hosts grouped by (ip_status, tag). "3.x" is what bk-job 3.x really sends; "old-docs" is the
// 2.x documentation's spelling (retry_count, " +0800" times) plus fields a client does not know.
import { formatBeijingTime } from "./beijing-time.js";
import { htmlEncodeLog } from "./html-escape.js";
import { durationMs, isFinishedRunStatus, simHostLogText, type SimHost, type SimJob, type SimStep } from "./model.js";

export interface V2HostLog {
  start_time: string | null;
  end_time: string | null;
  total_time: number | null;
  execute_count?: number; // 3.x
  retry_count?: number; // old docs
  error_code: number;
  exit_code: number;
  log_content: string;
  bk_cloud_id: number;
  ip: string; // IPv4 only: "" for an IPv6-only host (v2 has no ipv6 field)
  ip_desc?: string; // old-docs only: an unknown field, to prove clients ignore extras
}

export interface V2HostGroup {
  ip_status: number;
  tag: string;
  ip_logs: V2HostLog[];
}

export interface V2StepLog {
  is_finished: boolean;
  step_instance_id: number;
  name: string;
  status: number;
  step_results: V2HostGroup[];
  type?: number; // old-docs only: unknown to the log API's documented shape
  block_order?: number; // old-docs only
}

export function serialiseJobLog(job: SimJob): V2StepLog[] {
  return job.steps.map((step, index) => serialiseStep(job, step, index));
}

function serialiseStep(job: SimJob, step: SimStep, index: number): V2StepLog {
  const item: V2StepLog = {
    // Per step, never per job (§3.1): later steps of a failed job stay unfinished.
    is_finished: isFinishedRunStatus(step.status),
    step_instance_id: step.stepInstanceId,
    name: step.name,
    status: step.status,
    step_results: groupHosts(step.hosts).map((group) => ({
      ip_status: group.ipStatus,
      tag: group.tag,
      ip_logs: group.hosts.map((host) => serialiseHost(job, host)),
    })),
  };
  if (job.format === "old-docs") {
    item.type = step.type;
    item.block_order = index + 1;
  }
  return item;
}

function serialiseHost(job: SimJob, host: SimHost): V2HostLog {
  const time = (epochMs: number | null): string | null =>
    epochMs === null ? null : formatBeijingTime(epochMs, job.format);
  const totalMs = durationMs(host.startTime, host.endTime);
  const oldDocs = job.format === "old-docs";
  return {
    start_time: time(host.startTime),
    end_time: time(host.endTime),
    total_time: totalMs === null ? null : totalMs / 1000,
    ...(oldDocs ? { retry_count: host.executeCount } : { execute_count: host.executeCount }),
    error_code: host.errorCode,
    exit_code: host.exitCode,
    // The old 2.x ESB escaped too, so both formats escape. File steps: the per-file lines joined.
    log_content: htmlEncodeLog(simHostLogText(host)),
    bk_cloud_id: host.bkCloudId,
    ip: host.ip,
    ...(oldDocs ? { ip_desc: "" } : {}),
  };
}

interface HostGroup {
  ipStatus: number;
  tag: string;
  hosts: SimHost[];
}

/** Groups in order of first appearance, so a scenario's data decides the order. */
export function groupHosts(hosts: readonly SimHost[]): HostGroup[] {
  const groups = new Map<string, HostGroup>();
  for (const host of hosts) {
    const key = `${host.ipStatus}\u0000${host.tag}`;
    let group = groups.get(key);
    if (!group) {
      group = { ipStatus: host.ipStatus, tag: host.tag, hosts: [] };
      groups.set(key, group);
    }
    group.hosts.push(host);
  }
  return [...groups.values()];
}
