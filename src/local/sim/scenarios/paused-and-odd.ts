// Two small finished-or-frozen jobs: one waiting at a manual-confirm step, and one carrying
// status codes this code base has never heard of (they must pass through untouched).
import { beijingTime } from "../beijing-time.js";
import { RUN_STATUS, STEP_TYPE, type SimJob } from "../model.js";
import { scriptLog, simHost, simJob, simStep } from "./builders.js";

export const UNKNOWN_STEP_STATUS = 42;
export const UNKNOWN_HOST_STATUS = 777;

/** How long before the simulator started the waiting job was launched. */
export const MANUAL_CONFIRM_STARTED_BEFORE_MS = 150_000;

/**
 * Waiting for a release manager since shortly before `simulatorStartedAt`: a job that waits is
 * one someone is looking at now, so it must not say "running for 800d".
 */
export function manualConfirmJob(ids: { bizId: number; jobInstanceId: number }, simulatorStartedAt: number): SimJob {
  // Whole seconds, as BK-JOB's wall-clock times are.
  const t0 = Math.floor((simulatorStartedAt - MANUAL_CONFIRM_STARTED_BEFORE_MS) / 1000) * 1000;
  const at = (seconds: number): number => t0 + seconds * 1000;
  const build = (ip: string, pid: number) =>
    simHost({
      ip,
      startTime: at(1),
      endTime: at(25),
      log: scriptLog(at(1), pid, [[0, "job_start"], [3, "npm ci: added 812 packages"], [24, "job_success"]]),
    });
  return simJob({
    ...ids,
    bkJobId: 8008,
    name: "approve-then-deploy",
    status: RUN_STATUS.waitingUser,
    createTime: t0,
    startTime: t0,
    currentStepInstanceId: 80002,
    steps: [
      simStep({
        stepInstanceId: 80001,
        name: "build",
        status: RUN_STATUS.success,
        createTime: t0,
        startTime: at(1),
        endTime: at(25),
        hosts: [build("10.0.8.1", 8101), build("10.0.8.2", 8102)],
      }),
      // Manual confirmation has no GSE task, so no hosts and `step_results: []`.
      simStep({
        stepInstanceId: 80002,
        name: "wait for release manager approval",
        type: STEP_TYPE.manualConfirm,
        status: RUN_STATUS.waitingUser,
        createTime: t0,
        startTime: at(26),
      }),
      simStep({ stepInstanceId: 80003, name: "deploy", createTime: t0 }),
    ],
  });
}

export function unknownStatusJob(ids: { bizId: number; jobInstanceId: number }): SimJob {
  const t0 = beijingTime("2024-10-10 10:10:10");
  const at = (seconds: number): number => t0 + seconds * 1000;
  return simJob({
    ...ids,
    bkJobId: 9009,
    name: "future-status",
    status: RUN_STATUS.failed,
    createTime: t0,
    startTime: t0,
    endTime: at(12),
    currentStepInstanceId: 90902,
    steps: [
      simStep({
        stepInstanceId: 90901,
        name: "prepare",
        status: RUN_STATUS.success,
        createTime: t0,
        startTime: t0,
        endTime: at(2),
        hosts: [
          simHost({
            ip: "10.0.9.1",
            startTime: t0,
            endTime: at(2),
            log: scriptLog(t0, 9901, [[0, "job_start"], [2, "job_success"]]),
          }),
        ],
      }),
      simStep({
        stepInstanceId: 90902,
        name: "mystery",
        status: UNKNOWN_STEP_STATUS,
        createTime: t0,
        startTime: at(3),
        endTime: at(12),
        hosts: ["10.0.9.2", "10.0.9.3"].map((ip, index) =>
          simHost({
            ip,
            ipStatus: UNKNOWN_HOST_STATUS,
            startTime: at(3),
            endTime: at(12),
            log: scriptLog(at(3), 9902 + index, [[0, "job_start"], [9, "agent reported a status from the future"]]),
          }),
        ),
      }),
    ],
  });
}
