// Turns a SimJob into the `data` of v3 `get_job_instance_status` (§3.4), as bk-job 3.x
// serialises it for ESB jobv3 and the gateway alike: epoch-millisecond times, millisecond
// durations, scope instead of bk_biz_id, no operator (get_job_instance_list has it:
// history/job-list-api.ts), and every host's result only with return_ip_result.
import { durationMs, isFinishedRunStatus, simHostId, type SimHost, type SimJob, type SimStep } from "./model.js";

export interface V3StepIpResult {
  bk_host_id: number;
  ip: string;
  bk_cloud_id: number;
  status: number;
  tag: string;
  exit_code: number;
  error_code: number;
  start_time: number | null;
  end_time: number | null;
  total_time: number | null;
}

export interface V3StepInstance {
  step_instance_id: number;
  name: string;
  type: number;
  status: number;
  execute_count: number;
  create_time: number;
  start_time: number | null;
  end_time: number | null;
  total_time: number | null;
  step_ip_result_list?: V3StepIpResult[];
}

export interface V3JobStatus {
  finished: boolean;
  job_instance: {
    job_instance_id: number;
    bk_scope_type: "biz";
    bk_scope_id: string;
    name: string;
    status: number;
    create_time: number;
    start_time: number | null;
    end_time: number | null;
    total_time: number | null;
  };
  step_instance_list: V3StepInstance[];
}

function ipResult(host: SimHost): V3StepIpResult {
  return {
    bk_host_id: simHostId(host),
    // No ipv6 in this API (openapi/bk-job.openapi.yaml): an IPv6-only host has an empty ip here.
    ip: host.ip,
    bk_cloud_id: host.bkCloudId,
    status: host.ipStatus,
    tag: host.tag,
    exit_code: host.exitCode,
    error_code: host.errorCode,
    start_time: host.startTime,
    end_time: host.endTime,
    total_time: durationMs(host.startTime, host.endTime),
  };
}

function stepInstance(step: SimStep, returnIpResult: boolean): V3StepInstance {
  return {
    step_instance_id: step.stepInstanceId,
    name: step.name,
    type: step.type,
    status: step.status,
    execute_count: step.executeCount,
    create_time: step.createTime,
    start_time: step.startTime,
    end_time: step.endTime,
    total_time: durationMs(step.startTime, step.endTime),
    ...(returnIpResult ? { step_ip_result_list: step.hosts.map(ipResult) } : {}),
  };
}

export function serialiseV3JobStatus(job: SimJob, returnIpResult: boolean): V3JobStatus {
  return {
    finished: isFinishedRunStatus(job.status),
    job_instance: {
      job_instance_id: job.jobInstanceId,
      bk_scope_type: "biz",
      bk_scope_id: String(job.bizId),
      name: job.name,
      status: job.status,
      create_time: job.createTime,
      start_time: job.startTime,
      end_time: job.endTime,
      total_time: durationMs(job.startTime, job.endTime),
    },
    step_instance_list: job.steps.map((step) => stepInstance(step, returnIpResult)),
  };
}
