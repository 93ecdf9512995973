// A fleet of identical running jobs (business 1, ids 10000–10199) for the follow benchmark:
// 200 jobs to follow at once, each with a busy phase (hosts finishing every 10 s), a long quiet
// phase (one host running for 3 minutes with nothing to report) and a failing end.
//   0–60 s    step 1 "rollout": 6 hosts, one finishing every 10 s
//   60–240 s  step 2 "soak": 1 host running, nothing changes
//   240–250 s step 3 "verify": 2 hosts, one fails; the job fails at 250 s
import { HOST_STATUS, RUN_STATUS, START_WAY, STEP_TYPE } from "../model.js";
import type { TimedHost, TimedJob } from "../timed-job.js";

const SECOND = 1000;

export const FLEET = { bizId: 1, firstJobInstanceId: 10_000, size: 200 } as const;

export const FLEET_TIMING = { busyEndsAtMs: 60 * SECOND, quietEndsAtMs: 240 * SECOND, jobEndsAtMs: 250 * SECOND } as const;

export function isFleetJob(jobInstanceId: number): boolean {
  return jobInstanceId >= FLEET.firstJobInstanceId && jobInstanceId < FLEET.firstJobInstanceId + FLEET.size;
}

const success: TimedHost["outcome"] = { ipStatus: HOST_STATUS.success, exitCode: 0, errorCode: 0, tag: "" };

function host(index: number, fromS: number, untilS: number, outcome: TimedHost["outcome"] = success): TimedHost {
  return {
    ip: `10.9.0.${index + 1}`,
    bkCloudId: 0,
    pid: 9000 + index,
    runsFromMs: fromS * SECOND,
    runsUntilMs: untilS * SECOND,
    outcome,
    lines: [
      { atMs: fromS * SECOND, text: "job_start" },
      { atMs: untilS * SECOND, text: outcome === success ? "job_success" : "verify failed: checksum mismatch; job_fail" },
    ],
  };
}

export function fleetTimeline(jobInstanceId: number): TimedJob {
  const stepBase = jobInstanceId * 10;
  return {
    bizId: FLEET.bizId,
    jobInstanceId,
    bkJobId: 9001,
    name: `fleet-rollout-${jobInstanceId}`,
    operator: "admin",
    startWay: START_WAY.api,
    endsAtMs: FLEET_TIMING.jobEndsAtMs,
    finalStatus: RUN_STATUS.failed,
    steps: [
      {
        stepInstanceId: stepBase + 1,
        stepId: 1,
        name: "rollout",
        type: STEP_TYPE.script,
        startsAtMs: 0,
        endsAtMs: FLEET_TIMING.busyEndsAtMs,
        finalStatus: RUN_STATUS.success,
        hosts: [0, 1, 2, 3, 4, 5].map((index) => host(index, 0, (index + 1) * 10)),
      },
      {
        stepInstanceId: stepBase + 2,
        stepId: 2,
        name: "soak",
        type: STEP_TYPE.script,
        startsAtMs: FLEET_TIMING.busyEndsAtMs,
        endsAtMs: FLEET_TIMING.quietEndsAtMs,
        finalStatus: RUN_STATUS.success,
        hosts: [host(6, 60, 240)],
      },
      {
        stepInstanceId: stepBase + 3,
        stepId: 3,
        name: "verify",
        type: STEP_TYPE.script,
        startsAtMs: FLEET_TIMING.quietEndsAtMs,
        endsAtMs: FLEET_TIMING.jobEndsAtMs,
        finalStatus: RUN_STATUS.failed,
        hosts: [host(7, 240, 250), host(8, 240, 250, { ipStatus: HOST_STATUS.nonZeroExitCode, exitCode: 3, errorCode: 0, tag: "" })],
      },
    ],
  };
}
