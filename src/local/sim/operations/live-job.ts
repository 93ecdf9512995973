// A job after someone operated it: a copy of what the job looked like at the first accepted
// operation, moved on by operations and, over the simulator's clock, by what bk-job's engine
// does next (a retry re-runs hosts, the next step starts, a termination is confirmed by GSE).
// Scheduled changes are applied at their own instant however rarely the job is looked at, so
// a poll every second and one after an hour see the same history.
//
// The engine's moves follow bk-job's listeners (src/backend/job-execute/service-job-execute/
// src/main/java/com/tencent/bk/job/execute/engine/listener/): GseStepEventHandler (retry,
// ignore, skip, next step, stop), ConfirmStepEventHandler (confirm, reject, restart) and
// JobListener (stop a job; refresh: next step or finish). Where bk-job's service accepts an
// operation that its engine then ignores (retry or next-step on a manual step, ignore on an
// abnormal step), only the service's synchronous change happens: the job says running and
// nothing moves, as in bk-job.
import { formatBeijingTime } from "../beijing-time.js";
import { HOST_STATUS, RUN_STATUS, STEP_TYPE, type SimHost, type SimJob, type SimStep } from "../model.js";
import { JOB_OPERATION, STEP_OPERATION } from "./operation-rules.js";

/** How long the engine's moves take on the simulator's clock. */
export const LIVE_TIMING = {
  /** A retry's hosts run this long, then report their scripted outcome. */
  retryMs: 20_000,
  /** A step started by the engine (after ignore, skip, confirm) runs this long; its hosts succeed. */
  stepMs: 15_000,
  /** GSE confirms a termination this long after it was asked (status 10 until then). */
  stopMs: 5_000,
} as const;

/** A host's end after a re-run: what it reports, and the last line it prints. */
export interface HostOutcome {
  ipStatus: number;
  exitCode: number;
  errorCode: number;
  tag: string;
  lastLine: string;
}

/** What a scenario scripts for its operations (scenarios/operable.ts); every part optional. */
export interface LiveScript {
  /** The outcome of `before` re-run as execution `executeCount`; null: it succeeds. */
  retryOutcome?(before: SimHost, executeCount: number): HostOutcome | null;
  /** GSE never confirms a termination: the step stays at 10 "stopping" (what forced skip is for). */
  stopNeverConfirms?: boolean;
}

/** Without a script, a retry fixes what a rerun can fix: an agent still down and a disk still full fail again. */
export function defaultRetryOutcome(before: SimHost): HostOutcome | null {
  if (before.ipStatus === HOST_STATUS.agentError) {
    return { ipStatus: HOST_STATUS.agentError, exitCode: 0, errorCode: before.errorCode, tag: "", lastLine: "" };
  }
  if (before.tag === "disk_full") {
    return { ipStatus: HOST_STATUS.nonZeroExitCode, exitCode: 1, errorCode: 0, tag: "disk_full", lastLine: "No space left on device; job_fail" };
  }
  return null;
}

const SUCCEEDED: ReadonlySet<number> = new Set([HOST_STATUS.success, 3 /* LAST_SUCCESS */]);

interface Scheduled {
  at: number;
  seq: number;
  apply: (at: number) => void;
}

export interface LiveJob {
  /** The job as bk-job reports it at `now` (a fresh copy each time). */
  snapshot(now: number): SimJob;
  /** Performs an accepted step operation (operation-rules.ts decided) at `now`. */
  operateStep(operation: number, stepInstanceId: number, user: string, now: number): void;
  /** Performs an accepted job operation at `now`. */
  operateJob(operation: number, now: number): void;
}

export function createLiveJob(base: SimJob, script: LiveScript = {}): LiveJob {
  const job: SimJob = structuredClone(base);
  let queue: Scheduled[] = [];
  let seq = 0;

  const schedule = (at: number, apply: (at: number) => void): void => {
    queue.push({ at, seq: (seq += 1), apply });
    queue.sort((a, b) => a.at - b.at || a.seq - b.seq);
  };

  function advance(now: number): void {
    while (queue.length > 0 && (queue[0]?.at ?? Infinity) <= now) {
      const next = queue.shift();
      next?.apply(next.at);
    }
  }

  const indexOf = (stepInstanceId: number): number => job.steps.findIndex((step) => step.stepInstanceId === stepInstanceId);
  const stepAt = (index: number): SimStep => job.steps[index] as SimStep;

  function finishJob(status: number, at: number): void {
    job.status = status;
    job.endTime = at;
  }

  /** The job runs again (TaskInstanceDAO.resetTaskExecuteInfoForRetry / updateTaskStatus RUNNING). */
  function jobRunning(): void {
    job.status = RUN_STATUS.running;
    job.endTime = null;
  }

  /** JobListener.refreshJob after a step ended well: the next step, or the job's success. */
  function continueAfter(index: number, at: number): void {
    const next = job.steps[index + 1];
    if (!next) return finishJob(RUN_STATUS.success, at);
    job.currentStepInstanceId = next.stepInstanceId;
    if (next.type === STEP_TYPE.manualConfirm) {
      // ConfirmStepEventHandler.executeConfirmStep: the step and the job wait for a person.
      next.status = RUN_STATUS.waitingUser;
      next.startTime = at;
      job.status = RUN_STATUS.waitingUser;
      return;
    }
    if (next.hosts.length === 0) next.hosts = targetsOf(index + 1);
    runHosts(index + 1, next.hosts, at, LIVE_TIMING.stepMs, () => null);
  }

  /** A step that never ran takes the hosts of the step before it that had some (a plan's usual shape). */
  function targetsOf(index: number): SimHost[] {
    for (let earlier = index - 1; earlier >= 0; earlier -= 1) {
      const hosts = stepAt(earlier).hosts;
      if (hosts.length > 0) {
        return hosts.map(({ ip, bkCloudId, bkHostId, ipv6 }) => ({
          ip, bkCloudId, ...(bkHostId !== undefined ? { bkHostId } : {}), ...(ipv6 !== undefined ? { ipv6 } : {}),
          ipStatus: HOST_STATUS.waiting, tag: "", exitCode: 0, errorCode: 0, executeCount: 0, startTime: null, endTime: null, log: "",
        }));
      }
    }
    return [];
  }

  /** Runs `hosts` of step `index` from `at` for `durationMs`; each then reports `outcome(before)`. */
  function runHosts(index: number, hosts: SimHost[], at: number, durationMs: number, outcome: (before: SimHost) => HostOutcome | null): void {
    const step = stepAt(index);
    jobRunning();
    job.currentStepInstanceId = step.stepInstanceId;
    step.status = RUN_STATUS.running;
    step.startTime ??= at;
    step.endTime = null;
    const befores = hosts.map((host) => structuredClone(host));
    hosts.forEach((host, hostIndex) => {
      Object.assign(host, {
        ipStatus: HOST_STATUS.running, exitCode: 0, errorCode: 0, tag: "", executeCount: step.executeCount,
        startTime: at, endTime: null, log: logLine(at, pidOf(index, hostIndex, step.executeCount), "job_start"),
      });
    });
    const ends = at + durationMs;
    schedule(ends, () => {
      hosts.forEach((host, hostIndex) => {
        const result = outcome(befores[hostIndex] as SimHost);
        const pid = pidOf(index, hostIndex, step.executeCount);
        host.endTime = ends;
        if (result === null) {
          Object.assign(host, { ipStatus: HOST_STATUS.success });
          host.log += logLine(ends, pid, "job_success");
        } else {
          Object.assign(host, { ipStatus: result.ipStatus, exitCode: result.exitCode, errorCode: result.errorCode, tag: result.tag });
          host.log = result.ipStatus === HOST_STATUS.agentError ? "" : host.log + logLine(ends, pid, result.lastLine);
        }
      });
      const failed = step.hosts.some((host) => !SUCCEEDED.has(host.ipStatus));
      step.status = failed ? RUN_STATUS.failed : RUN_STATUS.success;
      step.endTime = ends;
      if (failed) finishJob(RUN_STATUS.failed, ends);
      else continueAfter(index, ends);
    });
  }

  function retry(index: number, all: boolean, at: number): void {
    const step = stepAt(index);
    step.executeCount += 1; // StepInstanceService.addStepInstanceExecuteCount, before the engine runs
    jobRunning();
    if (step.type === STEP_TYPE.manualConfirm) return; // ConfirmStepEventHandler has no retry
    const hosts = all ? step.hosts : step.hosts.filter((host) => !SUCCEEDED.has(host.ipStatus));
    const scripted = script.retryOutcome;
    runHosts(index, hosts, at, LIVE_TIMING.retryMs, (before) => (scripted ? scripted(before, step.executeCount) : defaultRetryOutcome(before)));
  }

  /** The step ends without running (ignored, skipped) and the job goes on at once. */
  function passOver(index: number, status: number, at: number): void {
    const step = stepAt(index);
    step.status = status;
    step.startTime ??= at;
    step.endTime = at;
    jobRunning();
    continueAfter(index, at);
  }

  return {
    snapshot(now) {
      advance(now);
      return structuredClone(job);
    },
    operateStep(operation, stepInstanceId, user, now) {
      advance(now);
      const index = indexOf(stepInstanceId);
      const step = stepAt(index);
      const manual = step.type === STEP_TYPE.manualConfirm;
      switch (operation) {
        case STEP_OPERATION.retryFailed:
        case STEP_OPERATION.retryAll:
          return retry(index, operation === STEP_OPERATION.retryAll, now);
        case STEP_OPERATION.ignoreError:
          // GseStepEventHandler.ignoreError goes on only from a failed step.
          if (step.status === RUN_STATUS.failed) return passOver(index, RUN_STATUS.ignoreError, now);
          return jobRunning();
        case STEP_OPERATION.nextStep:
          if (manual) return jobRunning();
          return passOver(index, RUN_STATUS.skipped, now);
        case STEP_OPERATION.skip:
          // GseStepEventHandler.skipStep: only the job's current step.
          if (job.currentStepInstanceId !== stepInstanceId) return;
          return passOver(index, RUN_STATUS.skipped, now);
        case STEP_OPERATION.confirmContinue:
          step.operator = user; // updateStepOperator: the step now names who confirmed
          return passOver(index, RUN_STATUS.success, now);
        case STEP_OPERATION.confirmTerminate:
          step.operator = user;
          step.status = RUN_STATUS.confirmTerminated;
          step.endTime = now;
          return finishJob(RUN_STATUS.confirmTerminated, now);
        case STEP_OPERATION.confirmRestart:
          // executeConfirmStep again. bk-job leaves the old end_time on the step and the job
          // (updateStepExecutionInfo skips nulls); the simulator clears it so durations stay sane.
          step.status = RUN_STATUS.waitingUser;
          step.startTime = now;
          step.endTime = null;
          job.status = RUN_STATUS.waitingUser;
          job.endTime = null;
          return;
        default:
          return;
      }
    },
    operateJob(operation, now) {
      advance(now);
      if (operation !== JOB_OPERATION.terminate) return;
      queue = []; // nothing the engine had planned happens after a stop
      job.status = RUN_STATUS.stopping; // JobListener.stopJob
      const index = indexOf(job.currentStepInstanceId);
      const step = job.steps[index];
      if (!step) return;
      if (step.status === RUN_STATUS.waitingUser) {
        // GseStepEventHandler.stopStep: a waiting step ends at once; refreshJob finishes the job.
        step.status = RUN_STATUS.stopSuccess;
        step.endTime = now;
        return finishJob(RUN_STATUS.stopSuccess, now);
      }
      if (step.status !== RUN_STATUS.running) return; // bk-job leaves the job stopping
      step.status = RUN_STATUS.stopping;
      if (script.stopNeverConfirms) return;
      schedule(now + LIVE_TIMING.stopMs, (at) => {
        for (const host of step.hosts) {
          if (host.ipStatus !== HOST_STATUS.running) continue;
          host.ipStatus = HOST_STATUS.forceTerminated;
          host.endTime = at;
        }
        step.status = RUN_STATUS.stopSuccess; // onStopSuccess, then JobListener.finishJob(STOP_SUCCESS)
        step.endTime = at;
        finishJob(RUN_STATUS.stopSuccess, at);
      });
    },
  };
}

function pidOf(stepIndex: number, hostIndex: number, executeCount: number): number {
  return 30_000 + stepIndex * 1_000 + executeCount * 100 + hostIndex;
}

function logLine(at: number, pid: number, text: string): string {
  return `[${formatBeijingTime(at)}][PID:${pid}] ${text}\n`;
}
