// snapshotTimedJob is pure: the same timeline, start and instant always give the same job.
import { describe, expect, it } from "vitest";
import { RUN_STATUS } from "../../src/local/sim/model.js";
import { rollingRestartTimeline } from "../../src/local/sim/scenarios/running-jobs.js";
import { snapshotTimedJob } from "../../src/local/sim/timed-job.js";

const timeline = rollingRestartTimeline({ bizId: 1, jobInstanceId: 700 });
const START = 1_700_000_000_000;

describe("snapshotTimedJob", () => {
  it("treats a clock before the start as the start", () => {
    expect(snapshotTimedJob(timeline, START, START - 5_000)).toEqual(snapshotTimedJob(timeline, START, START));
  });

  it("gives waiting hosts no times and no log, running hosts a start and a partial log", () => {
    const job = snapshotTimedJob(timeline, START, START + 21_000);
    const [a, b] = job.steps[1]?.hosts ?? [];
    expect(a).toMatchObject({ ipStatus: 7, startTime: START + 20_000, endTime: null });
    expect(a?.log.split("\n").filter(Boolean)).toHaveLength(2);
    expect(b).toMatchObject({ ipStatus: 5, startTime: null, endTime: null, log: "" });
  });

  it("ends the job with the timeline's final status and end time", () => {
    const job = snapshotTimedJob(timeline, START, START + 40_000);
    expect(job).toMatchObject({ status: RUN_STATUS.failed, endTime: START + 40_000, currentStepInstanceId: 70002 });
    expect(job.steps.map((step) => step.status)).toEqual([3, 4, 1]);
  });
});
