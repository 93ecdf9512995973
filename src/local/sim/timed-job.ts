// Jobs that run while you watch: a timeline written as data (offsets from the job's start)
// and one pure function that tells what BK-JOB would report at a given instant. The server
// anchors each timeline at a start time taken from the injected clock.
import { formatBeijingTime } from "./beijing-time.js";
import { HOST_STATUS, RUN_STATUS, type SimHost, type SimJob, type SimStep } from "./model.js";

export interface TimedLogLine {
  atMs: number; // from the job's start
  text: string;
}

export interface TimedHost {
  ip: string;
  bkCloudId: number;
  pid: number;
  /** Waiting (ip_status 5) before this, running (7) until runsUntilMs, then the outcome. */
  runsFromMs: number;
  runsUntilMs: number;
  outcome: { ipStatus: number; exitCode: number; errorCode: number; tag: string };
  lines: TimedLogLine[];
}

export interface TimedStep {
  stepInstanceId: number;
  stepId: number;
  name: string;
  type: number;
  /** null: the step never starts in this scenario (stays pending with no GSE task). */
  startsAtMs: number | null;
  endsAtMs: number | null;
  finalStatus: number;
  hosts: TimedHost[];
}

export interface TimedJob {
  bizId: number;
  jobInstanceId: number;
  bkJobId: number;
  name: string;
  operator: string;
  startWay: number;
  endsAtMs: number;
  finalStatus: number;
  steps: TimedStep[];
}

/** What the job looks like `now`, for a run that started at `startedAt` (both epoch ms). */
export function snapshotTimedJob(timeline: TimedJob, startedAt: number, now: number): SimJob {
  const elapsed = Math.max(0, now - startedAt);
  const at = (offsetMs: number): number => startedAt + offsetMs;
  const jobEnded = elapsed >= timeline.endsAtMs;

  const steps = timeline.steps.map((step): SimStep => snapshotStep(step, elapsed, at, timeline.operator, startedAt));
  const started = timeline.steps.filter((step) => step.startsAtMs !== null && step.startsAtMs <= elapsed);
  const current = started.at(-1) ?? timeline.steps[0];

  return {
    bizId: timeline.bizId,
    jobInstanceId: timeline.jobInstanceId,
    bkJobId: timeline.bkJobId,
    name: timeline.name,
    operator: timeline.operator,
    status: jobEnded ? timeline.finalStatus : RUN_STATUS.running,
    startWay: timeline.startWay,
    createTime: startedAt,
    startTime: startedAt,
    endTime: jobEnded ? at(timeline.endsAtMs) : null,
    currentStepInstanceId: current?.stepInstanceId ?? 0,
    steps,
    format: "3.x",
  };
}

function snapshotStep(
  step: TimedStep,
  elapsed: number,
  at: (offsetMs: number) => number,
  operator: string,
  createTime: number,
): SimStep {
  const base = {
    stepInstanceId: step.stepInstanceId,
    stepId: step.stepId,
    name: step.name,
    type: step.type,
    operator,
    executeCount: 0,
    createTime,
    pause: 0 as const,
  };
  if (step.startsAtMs === null || elapsed < step.startsAtMs) {
    return { ...base, status: RUN_STATUS.pending, startTime: null, endTime: null, hosts: [] };
  }
  const ended = step.endsAtMs !== null && elapsed >= step.endsAtMs;
  return {
    ...base,
    status: ended ? step.finalStatus : RUN_STATUS.running,
    startTime: at(step.startsAtMs),
    endTime: ended && step.endsAtMs !== null ? at(step.endsAtMs) : null,
    hosts: step.hosts.map((host) => snapshotHost(host, elapsed, at)),
  };
}

function snapshotHost(host: TimedHost, elapsed: number, at: (offsetMs: number) => number): SimHost {
  const identity = { ip: host.ip, bkCloudId: host.bkCloudId, executeCount: 0 };
  if (elapsed < host.runsFromMs) {
    return {
      ...identity,
      ipStatus: HOST_STATUS.waiting,
      tag: "",
      exitCode: 0,
      errorCode: 0,
      startTime: null,
      endTime: null,
      log: "",
    };
  }
  // The log grows line by line while the host runs.
  const log = host.lines
    .filter((line) => line.atMs <= elapsed)
    .map((line) => `[${formatBeijingTime(at(line.atMs))}][PID:${host.pid}] ${line.text}\n`)
    .join("");
  if (elapsed < host.runsUntilMs) {
    return {
      ...identity,
      ipStatus: HOST_STATUS.running,
      tag: "",
      exitCode: 0,
      errorCode: 0,
      startTime: at(host.runsFromMs),
      endTime: null,
      log,
    };
  }
  return { ...identity, ...host.outcome, startTime: at(host.runsFromMs), endTime: at(host.runsUntilMs), log };
}
