// BK-JOB status codes and what they mean for a reader: phases, "finished", and the icon we show.
// Sources: RunStatusEnum (https://github.com/TencentBlueKing/bk-job/blob/HEAD/src/backend/job-execute/api-job-execute/src/main/java/com/tencent/bk/job/execute/common/constants/RunStatusEnum.java) and
// ExecuteObjectTaskStatusEnum with the web UI's classification (bk-job's
// src/backend/job-execute/service-job-execute/.../engine/consts/ExecuteObjectTaskStatusEnum.java).

/** What a person cares about, whatever the exact code. */
export type RunPhase = "success" | "failed" | "running" | "waiting" | "pending" | "stopped" | "unknown";

const runPhases: Record<number, RunPhase> = {
  1: "pending",
  2: "running",
  3: "success",
  4: "failed",
  5: "success", // skipped
  6: "success", // ignore error: the UI counts it as success
  7: "waiting", // waiting for a user to confirm
  8: "stopped", // terminated by hand
  9: "failed", // abnormal state
  10: "running", // terminating
  11: "stopped", // terminated
  12: "failed", // terminate failed (old docs only)
  13: "stopped", // confirmation refused
  14: "failed", // abandoned
  15: "waiting", // rolling wait
};

/** RunStatusEnum 7: the step waits for a person to confirm it in BK-JOB. */
export const RUN_STATUS_WAITING_CONFIRMATION = 7;

/** Step types (`type` of a step instance): 1 script, 2 file, 3 manual confirmation, 4 SQL. */
export const STEP_TYPE_FILE = 2;
export const STEP_TYPE_MANUAL_CONFIRM = 3;

const finishedRunStatuses = new Set([3, 4, 5, 6, 8, 9, 11, 12, 13, 14]);

export function runPhase(status: number): RunPhase {
  return runPhases[status] ?? "unknown";
}

/** Unknown codes are not known to be finished: a follower keeps watching rather than stopping early. */
export function isRunFinished(status: number): boolean {
  return finishedRunStatuses.has(status);
}

export type HostPhase = "success" | "failed" | "running" | "waiting";

/** The web UI's classification: success = 9, 3; running = 7; waiting = 5; anything else failed. */
export function hostPhase(ipStatus: number): HostPhase {
  if (ipStatus === 9 || ipStatus === 3) return "success";
  if (ipStatus === 7) return "running";
  if (ipStatus === 5) return "waiting";
  return "failed";
}

/**
 * The job's state from all of its steps, for when BK-JOB's job-level status is missing.
 * Never just the first step's `is_finished`, which is per step: later steps may still be pending.
 */
export function deriveJobStatus(stepStatuses: number[]): number {
  if (stepStatuses.length === 0) return 1;
  const firstWith = (phase: RunPhase) => stepStatuses.find((status) => runPhase(status) === phase);
  const active = firstWith("running") ?? firstWith("waiting");
  if (active !== undefined) return active;
  const ended = firstWith("failed") ?? firstWith("stopped");
  if (ended !== undefined) return ended;
  const unknown = firstWith("unknown");
  if (unknown !== undefined) return unknown;
  if (stepStatuses.every((status) => runPhase(status) === "success")) return 3;
  if (stepStatuses.every((status) => runPhase(status) === "pending")) return 1;
  return 2; // some steps done, the rest pending: between steps
}
