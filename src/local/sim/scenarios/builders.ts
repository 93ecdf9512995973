// Small helpers for writing scenario data by hand: defaults for hosts, steps and jobs, and
// script logs in the shape BK-JOB's script helpers print them.
import { formatBeijingTime } from "../beijing-time.js";
import { HOST_STATUS, RUN_STATUS, START_WAY, STEP_TYPE, type SimHost, type SimJob, type SimStep } from "../model.js";

/**
 * A line from bk-job's script helpers (job_start, log_info...): "[yyyy-MM-dd HH:mm:ss][PID:n] text".
 * Anything the script itself printed (a traceback, `tar` errors) comes through unprefixed.
 */
export type LogEntry = readonly [offsetSeconds: number, text: string] | string;

export function scriptLog(startMs: number, pid: number, entries: readonly LogEntry[]): string {
  return entries
    .map((entry) =>
      typeof entry === "string"
        ? `${entry}\n`
        : `[${formatBeijingTime(startMs + entry[0] * 1000)}][PID:${pid}] ${entry[1]}\n`,
    )
    .join("");
}

export function simHost(init: Partial<SimHost> & Pick<SimHost, "ip">): SimHost {
  return {
    bkCloudId: 0,
    ipStatus: HOST_STATUS.success,
    tag: "",
    exitCode: 0,
    errorCode: 0,
    executeCount: 0,
    startTime: null,
    endTime: null,
    log: "",
    ...init,
  };
}

export function simStep(
  init: Partial<SimStep> & Pick<SimStep, "stepInstanceId" | "name" | "createTime">,
): SimStep {
  return {
    stepId: init.stepInstanceId,
    type: STEP_TYPE.script,
    status: RUN_STATUS.pending,
    operator: "admin",
    executeCount: 0,
    startTime: null,
    endTime: null,
    pause: 0,
    hosts: [],
    ...init,
  };
}

export function simJob(
  init: Partial<SimJob> & Pick<SimJob, "bizId" | "jobInstanceId" | "name" | "status" | "createTime" | "steps">,
): SimJob {
  const firstStep = init.steps[0];
  return {
    bkJobId: 1,
    operator: "admin",
    startWay: START_WAY.web,
    startTime: init.createTime,
    endTime: null,
    currentStepInstanceId: firstStep?.stepInstanceId ?? 0,
    format: "3.x",
    ...init,
  };
}

/** Memoises a builder so large data is made once, on first use. */
export function lazy<T>(build: () => T): () => T {
  let value: { built: T } | null = null;
  return () => {
    value ??= { built: build() };
    return value.built;
  };
}

/**
 * Memoises a builder of a job placed in time relative to the simulator's start, rebuilding only
 * when that moment changes (a restart): a job still waiting must not look years old.
 */
export function anchored<T>(build: (startedAt: number) => T): (startedAt: number) => T {
  let value: { startedAt: number; built: T } | null = null;
  return (startedAt) => {
    if (value?.startedAt !== startedAt) value = { startedAt, built: build(startedAt) };
    return value.built;
  };
}
