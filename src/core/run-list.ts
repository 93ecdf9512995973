// A business's executions as get_job_instance_list lists them (the list, not a report): what
// `recent`, `last`, the watches and the App Home read. Pure data.

export interface RunSummary {
  bizId: number;
  jobInstanceId: number;
  name: string;
  operator: string | null;
  /** RunStatusEnum (src/core/status.ts). */
  status: number;
  /** 1 web, 2 API, 3 cron. */
  launchMode: number | null;
  createTime: number | null;
  startTime: number | null;
  endTime: number | null;
  totalTimeMs: number | null;
}

export interface RunQuery {
  bizId: number;
  /** Epoch ms; BK-JOB allows at most 30 days between start and end. */
  createTimeStart: number;
  createTimeEnd: number;
  /** BK-JOB's fuzzy match (LIKE '%name%'). */
  name?: string | null;
  /** Exact match: the BlueKing user who launched the job. */
  operator?: string | null;
  status?: number | null;
  start: number;
  /** At most MAX_RUN_PAGE_LENGTH. */
  length: number;
}

export interface RunPage {
  total: number;
  runs: RunSummary[];
}

/** bk-job's window (Consts.MAX_SEARCH_TASK_HISTORY_RANGE_MILLS) and page cap (EsbJobReq.DEFAULT_PAGE_LENGTH_LIMIT). */
export const MAX_RUN_WINDOW_MS = 30 * 24 * 60 * 60 * 1000;
export const MAX_RUN_PAGE_LENGTH = 1000;

/** RunStatusEnum 4: what BK-JOB's own history page filters as "failed". */
export const RUN_STATUS_FAILED = 4;

/** The last 30 days up to `now`: the widest window BK-JOB accepts. */
export function lastThirtyDays(now: number): { createTimeStart: number; createTimeEnd: number } {
  return { createTimeStart: now - MAX_RUN_WINDOW_MS, createTimeEnd: now };
}
