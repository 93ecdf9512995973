// The simulator's own picture of a job: plain data that every scenario is written in and
// that the wire serialisers (ESB v2 today, the v3 gateway later) turn into response shapes.
// Times are epoch milliseconds; logs are raw text (serialisers do the escaping).

/** How a job is spelled on the wire: bk-job 3.x as it really answers, or the old 2.x docs. */
export type WireFormat = "3.x" | "old-docs";

/** §7.1 RunStatusEnum values the scenarios use. Unknown values are allowed in the data. */
export const RUN_STATUS = {
  pending: 1,
  running: 2,
  success: 3,
  failed: 4,
  skipped: 5,
  ignoreError: 6,
  waitingUser: 7,
  terminated: 8,
  abnormal: 9,
  stopping: 10,
  stopSuccess: 11,
  confirmTerminated: 13,
  abandoned: 14,
  rollingWaiting: 15,
} as const;

/** §7.2 host task status (`ip_status`) values the scenarios use. */
export const HOST_STATUS = {
  agentError: 1,
  waiting: 5,
  running: 7,
  success: 9,
  taskTimeout: 13,
  nonZeroExitCode: 104,
} as const;

/** §7.3 StepExecuteTypeEnum. */
export const STEP_TYPE = { script: 1, file: 2, manualConfirm: 3, sql: 4 } as const;

/** §7.3 TaskStartupModeEnum. */
export const START_WAY = { web: 1, api: 2, cron: 3 } as const;

// RunStatusEnum.isFinishedStatus: an unknown status is *not* finished, as in bk-job.
const FINISHED_RUN_STATUSES: ReadonlySet<number> = new Set([3, 4, 5, 6, 8, 9, 11, 13, 14]);

export function isFinishedRunStatus(status: number): boolean {
  return FINISHED_RUN_STATUSES.has(status);
}

/** One host's task in one step (latest execution only, as BK-JOB keeps it). */
export interface SimHost {
  ip: string;
  bkCloudId: number;
  ipStatus: number;
  tag: string;
  exitCode: number;
  errorCode: number;
  executeCount: number;
  startTime: number | null;
  endTime: number | null;
  /** Raw script output, exactly as the script printed it. */
  log: string;
}

export interface SimStep {
  stepInstanceId: number;
  stepId: number;
  name: string;
  type: number;
  status: number;
  operator: string;
  executeCount: number;
  createTime: number;
  startTime: number | null;
  endTime: number | null;
  pause: 0 | 1;
  /** Empty for manual-confirm steps and steps that have not started (no GSE task yet). */
  hosts: SimHost[];
}

export interface SimJob {
  bizId: number;
  jobInstanceId: number;
  bkJobId: number;
  name: string;
  operator: string;
  status: number;
  startWay: number;
  createTime: number;
  startTime: number | null;
  endTime: number | null;
  currentStepInstanceId: number;
  steps: SimStep[];
  format: WireFormat;
}

/** `total_time` in ms, from the two ends; null while either end is unknown. */
export function durationMs(startTime: number | null, endTime: number | null): number | null {
  return startTime === null || endTime === null ? null : endTime - startTime;
}
