// The simulator's own picture of a job: plain data that every scenario is written in and
// that the wire serialisers (ESB v2, and v3 for ESB jobv3 and the gateway) turn into response
// shapes.
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
  fileTransferFailed: 202,
  forceTerminated: 403,
} as const;

/** §7.3 FileDistStatusEnum. */
export const FILE_STATUS = { pulling: 0, waiting: 1, uploading: 2, downloading: 3, finished: 4, failed: 5 } as const;

/** §7.3 StepExecuteTypeEnum. */
export const STEP_TYPE = { script: 1, file: 2, manualConfirm: 3, sql: 4 } as const;

/** §7.3 TaskStartupModeEnum. */
export const START_WAY = { web: 1, api: 2, cron: 3 } as const;

// RunStatusEnum.isFinishedStatus: an unknown status is *not* finished, as in bk-job.
const FINISHED_RUN_STATUSES: ReadonlySet<number> = new Set([3, 4, 5, 6, 8, 9, 11, 13, 14]);

export function isFinishedRunStatus(status: number): boolean {
  return FINISHED_RUN_STATUSES.has(status);
}

/** One file's transfer as seen from one host of a file-distribution step (get_job_instance_ip_log's file_logs: openapi/bk-job.openapi.yaml). */
export interface SimFileLog {
  mode: 0 | 1; // 0 upload (the source side), 1 download (a destination)
  source: { ip: string; bkCloudId: number; bkHostId?: number };
  sourcePath: string;
  /** null for an upload. */
  destination: { ip: string; bkCloudId: number; bkHostId?: number } | null;
  destinationPath: string | null;
  status: number; // §7.3 FileDistStatusEnum: 0 pulling … 4 finished, 5 failed
  /** Raw text, as GSE reports the transfer. */
  log: string;
  size: string;
  speed: string;
  progress: string;
}

/** One host's task in one step (latest execution only, as BK-JOB keeps it). */
export interface SimHost {
  ip: string; // "" for a host with only an IPv6 address
  bkCloudId: number;
  /** CMDB host id; derived from BK-Net + IPv4 when left out (simHostId). */
  bkHostId?: number;
  ipv6?: string;
  /** A file step's per-file logs; the host's log is then their text joined (simHostLogText). */
  fileLogs?: SimFileLog[];
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
  /** A manual-confirm step's request: who may answer it and what it says (permissions.ts mayConfirm). */
  confirmation?: SimConfirmation;
}

/** What a manual-confirm step asks, as bk-job keeps it on the step instance (StepInstanceDTO). */
export interface SimConfirmation {
  /** confirm_users: who may answer. */
  users: string[];
  /** confirm_roles: JOB_RESOURCE_TRIGGER_USER or CMDB roles such as bk_biz_maintainer. */
  roles: string[];
  /** confirm_message: the text shown to them. */
  message: string;
  /** notify_channel: how they are told (wechat, mail, sms...). */
  notifyChannels: string[];
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

/**
 * The host's CMDB id: given, or derived from BK-Net and IPv4 so every IPv4 host has a stable,
 * unique id without scenarios spelling one out. Hosts without IPv4 must give theirs.
 */
export function simHostId(host: Pick<SimHost, "bkHostId" | "bkCloudId" | "ip">): number {
  if (host.bkHostId !== undefined) return host.bkHostId;
  const octets = host.ip.split(".").map(Number);
  if (octets.length !== 4 || octets.some((octet) => !Number.isInteger(octet) || octet < 0 || octet > 255)) {
    throw new Error(`host ${host.bkCloudId}:${host.ip || "(no IPv4)"} needs an explicit bkHostId`);
  }
  const [a, b, c, d] = octets as [number, number, number, number];
  return host.bkCloudId * 2 ** 32 + a * 2 ** 24 + b * 2 ** 16 + c * 2 ** 8 + d;
}

/** What the host's log says as text: the script's output, or a file step's per-file logs joined (as v2 sends them). */
export function simHostLogText(host: Pick<SimHost, "log" | "fileLogs">): string {
  if (!host.fileLogs) return host.log;
  return host.fileLogs.map((file) => (file.log.endsWith("\n") || file.log === "" ? file.log : `${file.log}\n`)).join("");
}
