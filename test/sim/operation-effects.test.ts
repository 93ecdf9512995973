// What an accepted operation does over time on the simulator's clock, as bk-job's engine does it
// (engine/listener/GseStepEventHandler, ConfirmStepEventHandler, JobListener): a retry re-runs
// hosts with execute_count + 1, ignore and skip move on to the next step, terminate stops the
// job (10, then 11), confirm / reject / re-initiate a waiting confirmation.
import { beforeEach, describe, expect, it } from "vitest";
import { beijingTime } from "../../src/local/sim/beijing-time.js";
import { LIVE_TIMING } from "../../src/local/sim/operations/live-job.js";
import { OPERABLE, OPERABLE_STEPS, RETRYABLE_HOSTS } from "../../src/local/sim/scenarios/operable.js";
import { callDoor, scopeOf } from "./doors.js";
import { manualClock, useSimulator } from "./sim-client.js";

const clock = manualClock(beijingTime("2025-03-03 03:00:00"));
const S = OPERABLE_STEPS;
type Ref = { bizId: number; jobInstanceId: number };

describe("what operations do over time", () => {
  const sim = useSimulator({ clock });
  const started = clock.now();
  beforeEach(() => {
    sim().resetOperations();
    clock.set(started + 60_000);
  });

  const operateStep = async (ref: Ref, stepInstanceId: number, code: number, user = "admin") =>
    (await callDoor(sim(), "apigw-v3", "operate_step_instance", { ...scopeOf("apigw-v3", ref.bizId), job_instance_id: ref.jobInstanceId, step_instance_id: stepInstanceId, operation_code: code }, { user })).body;
  const operateJob = async (ref: Ref, code: number) =>
    (await callDoor(sim(), "esb-v3", "operate_job_instance", { ...scopeOf("esb-v3", ref.bizId), job_instance_id: ref.jobInstanceId, operation_code: code })).body;

  /** Job status, then per step: status, execute_count and each host's status by IP. */
  async function look(ref: Ref) {
    const answer = await callDoor(sim(), "apigw-v3", "get_job_instance_status", { ...scopeOf("apigw-v3", ref.bizId), job_instance_id: ref.jobInstanceId, return_ip_result: true });
    const data = answer.body.data;
    return {
      job: data.job_instance.status as number,
      steps: data.step_instance_list.map((step: any) => ({
        status: step.status,
        count: step.execute_count,
        hosts: Object.fromEntries(step.step_ip_result_list.map((host: any) => [host.ip, host.status])),
      })),
    };
  }

  const hostLog = async (ref: Ref, stepInstanceId: number, ip: string): Promise<string> =>
    (await callDoor(sim(), "apigw-v3", "get_job_instance_ip_log", { ...scopeOf("apigw-v3", ref.bizId), job_instance_id: ref.jobInstanceId, step_instance_id: stepInstanceId, bk_cloud_id: 0, ip })).body.data.log_content;

  it("retry failed hosts: the 4 failed hosts run again, 2 succeed and 2 fail again; a second retry fixes them and the job goes on", async () => {
    const ref = OPERABLE.retryable;
    expect((await operateStep(ref, S.retryable.deploy, 2)).result).toBe(true);
    const running = await look(ref);
    expect(running.job).toBe(2);
    expect(running.steps[1]).toMatchObject({ status: 2, count: 1 });
    for (const ip of RETRYABLE_HOSTS.succeeded) expect(running.steps[1].hosts[ip]).toBe(9); // not re-run
    for (const ip of RETRYABLE_HOSTS.failed) expect(running.steps[1].hosts[ip]).toBe(7);

    clock.advance(LIVE_TIMING.retryMs);
    const once = await look(ref);
    expect(once.job).toBe(4);
    expect(once.steps[1]).toMatchObject({ status: 4, count: 1 });
    expect(once.steps[1].hosts).toMatchObject({ "10.0.15.3": 9, "10.0.15.4": 9, "10.0.15.5": 104, "10.0.15.6": 104 });
    expect(await hostLog(ref, S.retryable.deploy, "10.0.15.5")).toMatch(/job_start\n.*job_fail: migration lock held by another deploy\n$/);
    expect(await hostLog(ref, S.retryable.deploy, "10.0.15.3")).toMatch(/job_success\n$/);

    expect((await operateStep(ref, S.retryable.deploy, 2)).result).toBe(true);
    clock.advance(LIVE_TIMING.retryMs);
    const twice = await look(ref);
    expect(twice.steps[1]).toMatchObject({ status: 3, count: 2 });
    expect(twice.steps[2].status).toBe(2); // restart-nginx starts on the deploy's hosts
    expect(Object.keys(twice.steps[2].hosts)).toHaveLength(6);
    clock.advance(2 * LIVE_TIMING.stepMs);
    const done = await look(ref);
    expect(done.job).toBe(3);
    expect(done.steps.map((step: any) => step.status)).toEqual([3, 3, 3, 3]);
  });

  it("changes happen at their own time however late someone looks", async () => {
    const ref = OPERABLE.retryable;
    await operateStep(ref, S.retryable.deploy, 2);
    clock.advance(60 * 60_000);
    const later = await look(ref);
    expect(later.job).toBe(4);
    expect(later.steps[1].hosts["10.0.15.5"]).toBe(104);
  });

  it("retry all: every host of the step runs again", async () => {
    const ref = OPERABLE.retryable;
    await operateStep(ref, S.retryable.deploy, 8);
    const running = await look(ref);
    expect(Object.values(running.steps[1].hosts)).toEqual([7, 7, 7, 7, 7, 7]);
  });

  it("ignore error: the step says 6 and the next steps run; the job succeeds", async () => {
    const ref = OPERABLE.retryable;
    await operateStep(ref, S.retryable.deploy, 3);
    const moved = await look(ref);
    expect(moved.job).toBe(2);
    expect(moved.steps.map((step: any) => step.status)).toEqual([3, 6, 2, 1]);
    clock.advance(2 * LIVE_TIMING.stepMs);
    expect((await look(ref)).job).toBe(3);
  });

  it("terminate: 10 while GSE stops the hosts, then 11 with the running hosts force-terminated (403); next step then moves on", async () => {
    const ref = OPERABLE.longRunning;
    await operateJob(ref, 1);
    const stopping = await look(ref);
    expect(stopping.job).toBe(10);
    expect(stopping.steps[1].status).toBe(10);
    expect(await operateStep(ref, S.longRunning.migrate, 2)).toMatchObject({ code: 1241003 }); // not while stopping
    clock.advance(LIVE_TIMING.stopMs);
    const stopped = await look(ref);
    expect(stopped.job).toBe(11);
    expect(stopped.steps[1]).toMatchObject({ status: 11, hosts: { "10.0.15.21": 403, "10.0.15.22": 403, "10.0.15.23": 403 } });
    expect(await operateJob(ref, 1)).toMatchObject({ code: 1241003 });
    expect((await operateStep(ref, S.longRunning.migrate, 11)).result).toBe(true);
    const next = await look(ref);
    expect(next.steps[1].status).toBe(5);
    expect(next.job).toBe(3); // migrate was the last step
  });

  it("a terminated step can be retried (status 11 is retryable)", async () => {
    const ref = OPERABLE.longRunning;
    await operateJob(ref, 1);
    clock.advance(LIVE_TIMING.stopMs);
    expect((await operateStep(ref, S.longRunning.migrate, 2)).result).toBe(true);
    expect((await look(ref)).steps[1]).toMatchObject({ status: 2, count: 1 });
  });

  it("forced skip of a stopping step: skipped (5), the job runs the next step and succeeds", async () => {
    const ref = OPERABLE.stuckStopping;
    expect(await operateStep(ref, S.stuckStopping.drain, 2)).toMatchObject({ code: 1241003 });
    expect((await operateStep(ref, S.stuckStopping.drain, 12)).result).toBe(true);
    const skipped = await look(ref);
    expect(skipped.job).toBe(2);
    expect(skipped.steps.map((step: any) => step.status)).toEqual([3, 5, 2]);
    clock.advance(LIVE_TIMING.stepMs);
    expect((await look(ref)).job).toBe(3);
  });

  it("confirm: the step succeeds, names who confirmed (v2 step operator), and the next step runs", async () => {
    const ref = OPERABLE.awaitingConfirmation;
    expect((await operateStep(ref, S.awaitingConfirmation.approve, 6, "wangwu")).result).toBe(true);
    const v2 = await callDoor(sim(), "esb-v2", "get_job_instance_status", { bk_biz_id: 1, job_instance_id: ref.jobInstanceId });
    expect(v2.body.data.blocks[1].step_instances[0]).toMatchObject({ status: 3, operator: "wangwu" });
    expect(v2.body.data.job_instance.status).toBe(2);
    clock.advance(LIVE_TIMING.stepMs);
    expect((await look(ref)).job).toBe(3);
  });

  it("reject: step and job 13; confirming is then refused, re-initiating (by anyone) waits again, and the trigger may confirm", async () => {
    const ref = OPERABLE.awaitingConfirmation;
    expect((await operateStep(ref, S.awaitingConfirmation.approve, 9, "admin")).result).toBe(true);
    const rejected = await look(ref);
    expect([rejected.job, rejected.steps[1].status]).toEqual([13, 13]);
    expect(await operateStep(ref, S.awaitingConfirmation.approve, 6, "admin")).toMatchObject({ code: 1241003 });
    expect((await operateStep(ref, S.awaitingConfirmation.approve, 10, "lisi")).result).toBe(true);
    const waiting = await look(ref);
    expect([waiting.job, waiting.steps[1].status]).toEqual([7, 7]);
    expect((await operateStep(ref, S.awaitingConfirmation.approve, 6, "zhangsan")).result).toBe(true);
  });

  it("terminating a waiting job ends it at once (11), and a retry of that manual step is accepted but moves nothing (bk-job's engine ignores it)", async () => {
    const ref = OPERABLE.awaitingConfirmation;
    await operateJob(ref, 1);
    const stopped = await look(ref);
    expect([stopped.job, stopped.steps[1].status]).toEqual([11, 11]);
    expect((await operateStep(ref, S.awaitingConfirmation.approve, 2)).result).toBe(true);
    clock.advance(60 * 60_000);
    const stuck = await look(ref);
    expect(stuck.job).toBe(2);
    expect(stuck.steps[1]).toMatchObject({ status: 11, count: 1 });
  });

  it("the failed deploy of scenario 200 can be retried too: the agent error and the full disk fail again", async () => {
    const ref = { bizId: 1, jobInstanceId: 200 };
    await operateStep(ref, 20002, 2);
    clock.advance(LIVE_TIMING.retryMs);
    const after = await look(ref);
    expect(after.steps[1].count).toBe(1);
    expect(after.steps[1].hosts).toMatchObject({ "10.0.2.21": 9, "10.0.2.24": 104, "10.0.2.25": 104, "10.0.2.26": 1 });
  });
});
