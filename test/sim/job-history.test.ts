// The history behind get_job_instance_list: the same seed and start give the same runs, every
// run answers the status and log APIs like any job, new runs appear over time when a rule asks
// for them, and operated or running scenarios show their current status in the list.
import { describe, expect, it } from "vitest";
import { beijingTime } from "../../src/local/sim/beijing-time.js";
import { HISTORY_FIRST_ID } from "../../src/local/sim/history/job-history.js";
import { startSimulator } from "../../src/local/sim/server.js";
import { callDoor, scopeOf } from "./doors.js";
import { manualClock, useSimulator } from "./sim-client.js";

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const START = beijingTime("2025-06-01 09:00:00");

async function listOnce(seed: number | undefined): Promise<unknown> {
  const sim = await startSimulator({ clock: { now: () => START }, ...(seed === undefined ? {} : { history: { seed } }) });
  try {
    const answer = await callDoor(sim, "esb-v3", "get_job_instance_list", { ...scopeOf("esb-v3", 2), create_time_start: START - 30 * DAY, create_time_end: START, length: 1000 });
    return answer.body.data;
  } finally {
    await sim.close();
  }
}

describe("the history is seeded", () => {
  it("the same seed and start give the same history; another seed another one", async () => {
    const first = await listOnce(undefined);
    expect(await listOnce(undefined)).toEqual(first);
    expect(await listOnce(7)).not.toEqual(first);
  });
});

describe("history runs answer like any job", () => {
  const clock = manualClock(START);
  const sim = useSimulator({ clock });
  const recent = async (params: Record<string, unknown>) =>
    (await callDoor(sim(), "apigw-v3", "get_job_instance_list", { ...scopeOf("apigw-v3", 1), create_time_start: START - 30 * DAY, create_time_end: START, length: 1000, ...params })).body.data.data;

  it("a failed deploy-web run: failed in the status API, its failing hosts and log lines in every protocol", async () => {
    // The newest failed deploy-web is scenario 1500; the history's runs come after it.
    const run = (await recent({ name: "deploy-web", status: 4, launch_mode: 1 })).find((item: any) => item.job_instance_id >= HISTORY_FIRST_ID);
    const status = await callDoor(sim(), "apigw-v3", "get_job_instance_status", { ...scopeOf("apigw-v3", 1), job_instance_id: run.job_instance_id, return_ip_result: true });
    expect(status.body.data.job_instance).toMatchObject({ status: 4, name: "deploy-web", create_time: run.create_time, end_time: run.end_time });
    const failedStep = status.body.data.step_instance_list.find((step: any) => step.status === 4);
    const failing = failedStep.step_ip_result_list.filter((host: any) => host.status === 104);
    expect(failing.length).toBeGreaterThan(0);
    const v2 = await callDoor(sim(), "esb-v2", "get_job_instance_log", { bk_biz_id: 1, job_instance_id: run.job_instance_id });
    const v2Step = v2.body.data.find((step: any) => step.step_instance_id === failedStep.step_instance_id);
    const v2Failing = v2Step.step_results.find((group: any) => group.ip_status === 104);
    expect(v2Failing.ip_logs[0].log_content).toContain("job_fail: health check failed");
    const log = await callDoor(sim(), "esb-v3", "get_job_instance_ip_log", { ...scopeOf("esb-v3", 1), job_instance_id: run.job_instance_id, step_instance_id: failedStep.step_instance_id, bk_cloud_id: 0, ip: failing[0].ip });
    expect(log.body.data.log_content).toContain("job_fail");
  });

  it("the 3 a.m. cron: db-backup runs launched by cron (3) at 03:00 Beijing time, owned by admin", async () => {
    const runs = await recent({ name: "db-backup" });
    expect(runs.length).toBeGreaterThanOrEqual(29);
    for (const run of runs) {
      expect(run).toMatchObject({ launch_mode: 3, operator: "admin", job_plan_id: 1005 });
      expect(new Date(run.create_time + 8 * 60 * MINUTE).toISOString().slice(11, 19)).toBe("03:00:00");
    }
  });

  it("a history run in another business is 'not found' (1244006)", async () => {
    const [run] = await recent({});
    const answer = await callDoor(sim(), "apigw-v3", "get_job_instance_status", { ...scopeOf("apigw-v3", 2), job_instance_id: run.job_instance_id });
    expect(answer.body.code).toBe(1244006);
  });

  it("a history run can be operated like any job: retrying a failed run's step", async () => {
    const run = (await recent({ name: "deploy-web", status: 4 })).find((item: any) => item.job_instance_id >= HISTORY_FIRST_ID);
    const status = await callDoor(sim(), "apigw-v3", "get_job_instance_status", { ...scopeOf("apigw-v3", 1), job_instance_id: run.job_instance_id });
    const failedStep = status.body.data.step_instance_list.find((step: any) => step.status === 4);
    const retried = await callDoor(sim(), "apigw-v3", "operate_step_instance", { ...scopeOf("apigw-v3", 1), job_instance_id: run.job_instance_id, step_instance_id: failedStep.step_instance_id, operation_code: 2 });
    expect(retried.body.result).toBe(true);
    const [listed] = await recent({ job_instance_id: run.job_instance_id });
    expect(listed).toMatchObject({ status: 2, end_time: null });
    sim().resetOperations();
  });

  it("running and operated scenarios show their current status, and a running job's total_time counts up to now", async () => {
    clock.set(START + 5 * MINUTE);
    const window = { create_time_start: START - DAY, create_time_end: START + DAY };
    const [rolling] = await recent({ ...window, job_instance_id: 700 });
    expect(rolling).toMatchObject({ status: 4 }); // rolling-restart failed 40 s after the start
    const [migration] = await recent({ ...window, name: "long-migration" });
    expect(migration).toMatchObject({ job_instance_id: 1520, status: 2, end_time: null, total_time: 5 * MINUTE });
    await callDoor(sim(), "apigw-v3", "operate_job_instance", { ...scopeOf("apigw-v3", 1), job_instance_id: 1520, operation_code: 1 });
    expect((await recent({ ...window, name: "long-migration" }))[0].status).toBe(10);
    sim().resetOperations();
  });
});

describe("new runs over time (watch scenarios)", () => {
  const clock = manualClock(START);
  const sim = useSimulator({ clock, history: { newRuns: [{ bizId: 1, name: "deploy-web", everyMs: 10 * MINUTE }] } });
  const since = async () =>
    (await callDoor(sim(), "apigw-v3", "get_job_instance_list", { ...scopeOf("apigw-v3", 1), name: "deploy-web", create_time_start: START, create_time_end: clock.now() + 1 })).body.data;

  it("a failed deploy-web run appears every 10 minutes: running for a minute, then failed; newest first with growing ids", async () => {
    clock.set(START + 10 * MINUTE - 1);
    expect(await since()).toMatchObject({ total: 0, data: null });
    clock.set(START + 10 * MINUTE);
    const fresh = await since();
    expect(fresh.data).toEqual([expect.objectContaining({ status: 2, create_time: START + 10 * MINUTE, end_time: null, operator: "zhangsan", launch_mode: 1 })]);
    clock.set(START + 11 * MINUTE);
    expect((await since()).data[0]).toMatchObject({ status: 4, end_time: START + 11 * MINUTE, total_time: MINUTE });
    clock.set(START + 30 * MINUTE);
    const three = (await since()).data;
    expect(three.map((run: any) => run.create_time)).toEqual([START + 30 * MINUTE, START + 20 * MINUTE, START + 10 * MINUTE]);
    const ids = three.map((run: any) => run.job_instance_id);
    expect(ids[0]).toBeGreaterThan(ids[1]);
    expect(ids[1]).toBeGreaterThan(ids[2]);
    expect(ids[2]).toBe(fresh.data[0].job_instance_id);
  });

  it("a new run has a report like any other: its failing hosts", async () => {
    clock.set(START + 45 * MINUTE);
    const [run] = (await since()).data;
    const status = await callDoor(sim(), "esb-v3", "get_job_instance_status", { ...scopeOf("esb-v3", 1), job_instance_id: run.job_instance_id, return_ip_result: true });
    expect(status.body.data.job_instance.status).toBe(4);
    const failed = status.body.data.step_instance_list.find((step: any) => step.status === 4);
    expect(failed.step_ip_result_list.filter((host: any) => host.status === 104)).toHaveLength(2);
  });

  it("a run not created yet is not found (1244006)", async () => {
    clock.set(START + 45 * MINUTE);
    const [run] = (await since()).data;
    const future = await callDoor(sim(), "apigw-v3", "get_job_instance_status", { ...scopeOf("apigw-v3", 1), job_instance_id: run.job_instance_id + 1 });
    expect(future.body.code).toBe(1244006);
  });
});
