// For every scenario that answers with data, the status API and the log API tell the same
// story: same steps in the same order, same statuses, same hosts, times inside their step.
import { describe, expect, it } from "vitest";
import { SCENARIO_LIST, SCENARIOS, type Scenario } from "../../src/local/sim/scenarios.js";
import { callJob, LOG_API, manualClock, STATUS_API, useSimulator } from "./sim-client.js";

const DATA_KINDS = new Set(["job", "timed", "fail-once"]);
const dataScenarios = SCENARIO_LIST.filter((scenario) => DATA_KINDS.has(scenario.behaviour.kind));

const hostKey = (ip: string, cloud: number, status: number): string => `${cloud}:${ip}=${status}`;
// Same-format "yyyy-MM-dd HH:mm:ss" strings order like the times they name.
const within = (time: string | null, from: string | null, to: string | null): boolean =>
  time === null || ((from === null || time >= from) && (to === null || time <= to));

function expectAgreement(scenario: Scenario, log: any, status: any): void {
  expect(log.result, "log API succeeded").toBe(true);
  expect(status.result, "status API succeeded").toBe(true);
  const job = status.data.job_instance;
  expect(job).toMatchObject({ job_instance_id: scenario.jobInstanceId, bk_biz_id: scenario.bizId });

  const stepInstances = status.data.blocks.map((block: any) => {
    expect(block.step_instances).toHaveLength(1); // one step per block in 3.x
    return block.step_instances[0];
  });
  expect(log.data.map((step: any) => [step.step_instance_id, step.name, step.status])).toEqual(
    stepInstances.map((step: any) => [step.step_instance_id, step.name, step.status]),
  );
  expect(stepInstances.map((step: any) => step.step_instance_id)).toContain(job.current_step_instance_id);

  log.data.forEach((logStep: any, index: number) => {
    const statusStep = stepInstances[index];
    const fromLog = logStep.step_results
      .flatMap((group: any) => group.ip_logs.map((entry: any) => hostKey(entry.ip, entry.bk_cloud_id, group.ip_status)))
      .sort();
    const fromStatus = statusStep.step_ip_status.map((host: any) => hostKey(host.ip, host.bk_cloud_id, host.status)).sort();
    expect(fromLog, `hosts of step ${statusStep.name}`).toEqual(fromStatus);

    expect(within(statusStep.start_time, job.start_time, job.end_time)).toBe(true);
    expect(within(statusStep.end_time, statusStep.start_time, job.end_time)).toBe(true);
    for (const group of logStep.step_results) {
      for (const entry of group.ip_logs) {
        expect(within(entry.start_time, statusStep.start_time, statusStep.end_time), `${entry.ip} start`).toBe(true);
        expect(within(entry.end_time, entry.start_time, statusStep.end_time), `${entry.ip} end`).toBe(true);
      }
    }
  });
}

describe("status and log APIs agree", () => {
  const clock = manualClock(Date.UTC(2025, 5, 1, 2, 0, 0));
  const sim = useSimulator({ clock });

  it("covers every scenario name exactly once, with unique job ids", () => {
    expect(SCENARIO_LIST.map((scenario) => scenario.name).sort()).toEqual(Object.keys(SCENARIOS).sort());
    for (const scenario of SCENARIO_LIST) expect(SCENARIOS[scenario.name]).toEqual({ bizId: scenario.bizId, jobInstanceId: scenario.jobInstanceId });
    expect(new Set(SCENARIO_LIST.map((scenario) => scenario.jobInstanceId)).size).toBe(SCENARIO_LIST.length);
  });

  it.each(dataScenarios.map((scenario) => [scenario.name, scenario] as const))("for %s", async (_name, scenario) => {
    if (scenario.behaviour.kind === "fail-once") await callJob(sim(), LOG_API, scenario); // use up the failure
    const elapsedTimes = scenario.behaviour.kind === "timed" ? [0, 9_000, 20_000, 29_500, 35_000, 40_000, 90_000] : [0];
    for (const elapsed of elapsedTimes) {
      sim().restartJob(scenario.jobInstanceId);
      if (scenario.behaviour.kind === "fail-once") await callJob(sim(), LOG_API, scenario);
      clock.advance(elapsed);
      const log = (await callJob(sim(), LOG_API, scenario)).json();
      const status = (await callJob(sim(), STATUS_API, scenario)).json();
      expectAgreement(scenario, log, status);
    }
  });
});
