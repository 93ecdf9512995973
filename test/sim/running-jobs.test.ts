// The running jobs advance with the injected clock from the moment the simulator starts.
import { describe, expect, it } from "vitest";
import { beijingTime } from "../../src/local/sim/beijing-time.js";
import { SCENARIOS } from "../../src/local/sim/scenarios.js";
import { CANARY_TIMING, ROLLING_RESTART_TIMING } from "../../src/local/sim/scenarios/running-jobs.js";
import { callJob, LOG_API, manualClock, STATUS_API, useSimulator } from "./sim-client.js";

const START = beijingTime("2025-01-01 10:00:00");
const clock = manualClock(START);

interface StepState {
  status: number;
  finished: boolean;
  hosts: Record<string, number>; // ip → ip_status
}

// Reads the log API's answer into "what a client would see".
function stepStates(data: any[]): StepState[] {
  return data.map((step) => ({
    status: step.status,
    finished: step.is_finished,
    hosts: Object.fromEntries(
      step.step_results.flatMap((group: any) => group.ip_logs.map((log: any) => [log.ip, group.ip_status])),
    ),
  }));
}

const hosts = (a: number, b: number, c: number): Record<string, number> => ({ "10.0.7.1": a, "10.0.7.2": b, "10.0.7.3": c });
const pending: StepState = { status: 1, finished: false, hosts: {} };

const rollingRestart: [number, { job: number; steps: StepState[] }][] = [
  [0, { job: 2, steps: [{ status: 2, finished: false, hosts: hosts(7, 7, 7) }, pending, pending] }],
  [8_000, { job: 2, steps: [{ status: 2, finished: false, hosts: hosts(9, 7, 7) }, pending, pending] }],
  [14_000, { job: 2, steps: [{ status: 2, finished: false, hosts: hosts(9, 9, 7) }, pending, pending] }],
  [19_999, { job: 2, steps: [{ status: 2, finished: false, hosts: hosts(9, 9, 7) }, pending, pending] }],
  [
    20_000,
    {
      job: 2,
      steps: [{ status: 3, finished: true, hosts: hosts(9, 9, 9) }, { status: 2, finished: false, hosts: hosts(7, 5, 5) }, pending],
    },
  ],
  [
    28_000,
    {
      job: 2,
      steps: [{ status: 3, finished: true, hosts: hosts(9, 9, 9) }, { status: 2, finished: false, hosts: hosts(9, 7, 5) }, pending],
    },
  ],
  [
    ROLLING_RESTART_TIMING.hostFailsAtMs,
    {
      job: 2,
      steps: [
        { status: 3, finished: true, hosts: hosts(9, 9, 9) },
        { status: 2, finished: false, hosts: hosts(9, 104, 7) },
        pending,
      ],
    },
  ],
  [
    39_999,
    {
      job: 2,
      steps: [
        { status: 3, finished: true, hosts: hosts(9, 9, 9) },
        { status: 2, finished: false, hosts: hosts(9, 104, 7) },
        pending,
      ],
    },
  ],
  [
    ROLLING_RESTART_TIMING.jobEndsAtMs,
    {
      job: 4,
      steps: [{ status: 3, finished: true, hosts: hosts(9, 9, 9) }, { status: 4, finished: true, hosts: hosts(9, 104, 9) }, pending],
    },
  ],
  [
    3_600_000,
    {
      job: 4,
      steps: [{ status: 3, finished: true, hosts: hosts(9, 9, 9) }, { status: 4, finished: true, hosts: hosts(9, 104, 9) }, pending],
    },
  ],
];

describe("running job 700 (rolling-restart)", () => {
  const sim = useSimulator({ clock });

  it.each(rollingRestart)("at %i ms", async (elapsed, want) => {
    clock.set(START + elapsed);
    const log = (await callJob(sim(), LOG_API, SCENARIOS.running)).json();
    const status = (await callJob(sim(), STATUS_API, SCENARIOS.running)).json();
    expect(stepStates(log.data)).toEqual(want.steps);
    expect(status.data.is_finished).toBe(want.job !== 2);
    expect(status.data.job_instance.status).toBe(want.job);
    expect(status.data.blocks.map((block: any) => block.step_instances[0].status)).toEqual(want.steps.map((s) => s.status));
  });

  it("grows host logs line by line", async () => {
    const hostB = async (elapsed: number): Promise<string> => {
      clock.set(START + elapsed);
      const log = (await callJob(sim(), LOG_API, SCENARIOS.running)).json();
      const entry = log.data[1].step_results.flatMap((group: any) => group.ip_logs).find((l: any) => l.ip === "10.0.7.2");
      return entry?.log_content ?? "";
    };
    expect(await hostB(27_000)).toBe("");
    expect(await hostB(28_000)).toBe("[2025-01-01 10:00:28][PID:4202] job_start\n");
    const at33 = await hostB(33_000);
    expect(at33.split("\n").filter(Boolean)).toHaveLength(4);
    expect(at33).toContain("connection refused");
    const final = await hostB(50_000);
    expect(final.endsWith("job_fail: app did not become healthy within 5s\n")).toBe(true);
  });

  it("reports times from the run's start, and nulls for what has not happened", async () => {
    clock.set(START + 25_000);
    const status = (await callJob(sim(), STATUS_API, SCENARIOS.running)).json();
    expect(status.data.job_instance).toMatchObject({
      start_time: "2025-01-01 10:00:00",
      end_time: null,
      total_time: null,
      current_step_instance_id: 70002,
    });
    const [step1, step2, step3] = status.data.blocks.map((block: any) => block.step_instances[0]);
    expect(step1).toMatchObject({ start_time: "2025-01-01 10:00:00", end_time: "2025-01-01 10:00:20", total_time: 20 });
    expect(step2).toMatchObject({ start_time: "2025-01-01 10:00:20", end_time: null, total_time: null });
    expect(step3).toMatchObject({ start_time: null, end_time: null, step_ip_status: [] });

    clock.set(START + 45_000);
    const done = (await callJob(sim(), STATUS_API, SCENARIOS.running)).json();
    expect(done.data.job_instance).toMatchObject({ status: 4, end_time: "2025-01-01 10:00:40", total_time: 40 });
  });

  it("restartJob starts the run again from the clock's now", async () => {
    clock.set(START + 3_600_000);
    sim().restartJob(SCENARIOS.running.jobInstanceId);
    clock.advance(1_000);
    const status = (await callJob(sim(), STATUS_API, SCENARIOS.running)).json();
    expect(status.data).toMatchObject({ is_finished: false, job_instance: { status: 2, start_time: "2025-01-01 11:00:00" } });
  });
});

describe("running job 701 (canary-deploy)", () => {
  const canaryClock = manualClock(START);
  const sim = useSimulator({ clock: canaryClock });

  it.each([
    [0, 2, [2, 1, 1]],
    [CANARY_TIMING.stepMs, 2, [3, 2, 1]],
    [2 * CANARY_TIMING.stepMs + 5_000, 2, [3, 3, 2]],
    [CANARY_TIMING.jobEndsAtMs, 3, [3, 3, 3]],
  ])("at %i ms the job is %i with steps %j", async (elapsed, jobStatus, stepStatuses) => {
    canaryClock.set(START + elapsed);
    const status = (await callJob(sim(), STATUS_API, SCENARIOS.runningSuccess)).json();
    expect(status.data.job_instance.status).toBe(jobStatus);
    expect(status.data.blocks.map((block: any) => block.step_instances[0].status)).toEqual(stepStatuses);
  });
});

describe("job 800, waiting for a confirmation", () => {
  // Started a little after a whole second: the job's times are whole seconds, as BK-JOB's are.
  const waitingClock = manualClock(START + 400);
  const sim = useSimulator({ clock: waitingClock });

  it("was launched shortly before the simulator started, and stays there while the clock moves", async () => {
    for (const elapsed of [0, 3_600_000]) {
      waitingClock.set(START + 400 + elapsed);
      const status = (await callJob(sim(), STATUS_API, SCENARIOS.manualConfirm)).json();
      expect(status.data.job_instance).toMatchObject({ status: 7, start_time: "2025-01-01 09:57:30", end_time: null });
      const [build, approval] = status.data.blocks.map((block: any) => block.step_instances[0]);
      expect(build).toMatchObject({ start_time: "2025-01-01 09:57:31", end_time: "2025-01-01 09:57:55", total_time: 24 });
      expect(approval).toMatchObject({ status: 7, start_time: "2025-01-01 09:57:56", end_time: null });
    }
    const log = (await callJob(sim(), LOG_API, SCENARIOS.manualConfirm)).json();
    expect(log.data[0].step_results[0].ip_logs[0].log_content).toContain("[2025-01-01 09:57:31][PID:8101] job_start\n");
  });

  it("restartJob launches it again relative to the clock's now", async () => {
    waitingClock.set(START + 7_200_000);
    sim().restartJob(SCENARIOS.manualConfirm.jobInstanceId);
    const status = (await callJob(sim(), STATUS_API, SCENARIOS.manualConfirm)).json();
    expect(status.data.job_instance).toMatchObject({ status: 7, start_time: "2025-01-01 11:57:30" });
  });
});
