import { describe, expect, it } from "vitest";
import { computeChanges, stateOf } from "../../src/core/follow-changes.js";
import { emptyPostedState } from "../../src/core/follow-model.js";
import type { JobProgress, StepProgress } from "../../src/core/follow-progress.js";
import { runPhase } from "../../src/core/status.js";

function step(id: number, status: number, failed: string[] = [], extra: Partial<StepProgress> = {}): StepProgress {
  return {
    stepInstanceId: id,
    index: id,
    name: `step ${id}`,
    status,
    phase: runPhase(status),
    finished: [3, 4, 5, 6, 8, 9, 11, 13, 14].includes(status),
    manualConfirm: false,
    durationMs: 1000,
    hosts: { total: 3, success: 3 - failed.length, failed: failed.length, running: 0, waiting: 0 },
    failedHostKeys: failed,
    ...extra,
  };
}

function job(steps: StepProgress[], status = 2, finished = false): JobProgress {
  return { ref: { bizId: 1, jobInstanceId: 1 }, name: "j", status, phase: runPhase(status), finished, startTime: null, durationMs: null, steps, fingerprint: "" };
}

const kinds = (changes: ReturnType<typeof computeChanges>) => changes.map((change) => `${change.kind}:${change.key}`);

describe("computeChanges", () => {
  it("nothing changed, nothing to say", () => {
    const progress = job([step(1, 2)]);
    expect(computeChanges(stateOf(progress), progress, { failuresOnly: false })).toEqual([]);
  });

  it("a step finishing, then the job ending", () => {
    const changes = computeChanges(emptyPostedState(), job([step(1, 3), step(2, 3)], 3, true), { failuresOnly: false });
    expect(kinds(changes)).toEqual(["step_finished:step:1:finished", "step_finished:step:2:finished", "job_ended:job:ended"]);
    expect(changes.at(-1)!.stateAfter).toEqual({ finishedSteps: [1, 2], waitingSteps: [], failedHosts: {}, ended: true });
  });

  it("hosts failing while the step runs, then the step failing, reports each host once", () => {
    const first = computeChanges(emptyPostedState(), job([step(1, 2, ["0:10.0.0.1"])]), { failuresOnly: false });
    expect(first.map((c) => c.kind)).toEqual(["hosts_failed"]);
    const afterFirst = first.at(-1)!.stateAfter;
    const second = computeChanges(afterFirst, job([step(1, 2, ["0:10.0.0.1", "0:10.0.0.2"])]), { failuresOnly: false });
    expect(second).toHaveLength(1);
    expect(second[0]).toMatchObject({ kind: "hosts_failed", newFailedHosts: ["0:10.0.0.2"] });
    const third = computeChanges(second[0]!.stateAfter, job([step(1, 4, ["0:10.0.0.1", "0:10.0.0.2"])], 4, true), { failuresOnly: false });
    expect(third.map((c) => c.kind)).toEqual(["step_failed", "job_ended"]);
    expect(third[0]).toMatchObject({ newFailedHosts: [] });
  });

  it("the same new failures always get the same key", () => {
    const progress = job([step(1, 2, ["0:10.0.0.2", "0:10.0.0.1"].sort())]);
    expect(kinds(computeChanges(emptyPostedState(), progress, { failuresOnly: false }))).toEqual(kinds(computeChanges(emptyPostedState(), progress, { failuresOnly: false })));
  });

  it("a step waiting for confirmation is said once", () => {
    const waiting = job([step(1, 3), step(2, 7)], 7);
    const changes = computeChanges({ ...emptyPostedState(), finishedSteps: [1] }, waiting, { failuresOnly: false });
    expect(kinds(changes)).toEqual(["waiting:step:2:waiting"]);
    expect(computeChanges(changes[0]!.stateAfter, waiting, { failuresOnly: false })).toEqual([]);
  });

  it("failures only: successes are recorded but not said", () => {
    const changes = computeChanges(emptyPostedState(), job([step(1, 3), step(2, 4, ["0:10.0.0.9"])], 4, true), { failuresOnly: true });
    expect(changes.map((c) => c.kind)).toEqual(["step_failed", "job_ended"]);
    expect(changes.at(-1)!.stateAfter.finishedSteps).toEqual([1, 2]);
  });

  it("a new follow starts from the job as it is: past steps and failures are not replayed", () => {
    const progress = job([step(1, 4, ["0:10.0.0.1"]), step(2, 2)]);
    const start = stateOf(progress);
    expect(start).toEqual({ finishedSteps: [1], waitingSteps: [], failedHosts: { "1": ["0:10.0.0.1"] }, ended: false });
    expect(computeChanges(start, progress, { failuresOnly: false })).toEqual([]);
  });
});
