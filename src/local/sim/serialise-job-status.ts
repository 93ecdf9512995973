// Turns a SimJob into the `data` of ESB v2 `get_job_instance_status` (§3.2). bk-job 3.x puts
// exactly one step in each block; the old 2.x docs add block_order/block_name, per-step order,
// retry_count and operation_list, and have no scope fields.
import { formatBeijingTime } from "./beijing-time.js";
import { durationMs, isFinishedRunStatus, type SimJob, type SimStep } from "./model.js";

export interface V2JobInstance {
  job_instance_id: number;
  bk_job_id: number;
  status: number;
  name: string;
  operator: string;
  create_time: string | null;
  start_time: string | null;
  end_time: string | null;
  total_time: number | null;
  start_way: number;
  current_step_instance_id: number;
  bk_biz_id: number;
  bk_scope_type?: "biz"; // 3.x only
  bk_scope_id?: string; // 3.x only
}

export interface V2StepInstance {
  step_instance_id: number;
  step_id: number;
  name: string;
  type: number;
  operator: string;
  status: number;
  execute_count?: number; // 3.x
  retry_count?: number; // old docs
  start_time: string | null;
  end_time: string | null;
  total_time: number | null;
  create_time: string | null;
  pause: number;
  step_ip_status: { ip: string; bk_cloud_id: number; status: number }[];
  order?: number; // old docs
  operation_list?: { operation_code: number; operation_name: string }[]; // old docs
}

export interface V2Block {
  step_instances: V2StepInstance[];
  type?: number; // old docs
  block_order?: number; // old docs
  block_name?: string; // old docs
}

export interface V2JobStatus {
  is_finished: boolean;
  job_instance: V2JobInstance;
  blocks: V2Block[];
}

export function serialiseJobStatus(job: SimJob): V2JobStatus {
  const oldDocs = job.format === "old-docs";
  const time = (epochMs: number | null): string | null =>
    epochMs === null ? null : formatBeijingTime(epochMs, job.format);
  const seconds = (ms: number | null): number | null => (ms === null ? null : ms / 1000);

  const jobInstance: V2JobInstance = {
    job_instance_id: job.jobInstanceId,
    bk_job_id: job.bkJobId,
    status: job.status,
    name: job.name,
    operator: job.operator,
    create_time: time(job.createTime),
    start_time: time(job.startTime),
    end_time: time(job.endTime),
    total_time: seconds(durationMs(job.startTime, job.endTime)),
    start_way: job.startWay,
    current_step_instance_id: job.currentStepInstanceId,
    bk_biz_id: job.bizId,
    ...(oldDocs ? {} : { bk_scope_type: "biz" as const, bk_scope_id: String(job.bizId) }),
  };

  const stepInstance = (step: SimStep): V2StepInstance => ({
    step_instance_id: step.stepInstanceId,
    step_id: step.stepId,
    name: step.name,
    type: step.type,
    operator: step.operator,
    status: step.status,
    ...(oldDocs ? { retry_count: step.executeCount } : { execute_count: step.executeCount }),
    start_time: time(step.startTime),
    end_time: time(step.endTime),
    total_time: seconds(durationMs(step.startTime, step.endTime)),
    create_time: time(step.createTime),
    pause: step.pause,
    step_ip_status: step.hosts.map((host) => ({ ip: host.ip, bk_cloud_id: host.bkCloudId, status: host.ipStatus })),
    ...(oldDocs ? { order: 1, operation_list: [] } : {}),
  });

  return {
    // Job level: the one flag to poll for completion (§3.1 notes).
    is_finished: isFinishedRunStatus(job.status),
    job_instance: jobInstance,
    blocks: job.steps.map((step, index) =>
      oldDocs
        ? { type: step.type, block_order: index + 1, block_name: step.name, step_instances: [stepInstance(step)] }
        : { step_instances: [stepInstance(step)] },
    ),
  };
}
