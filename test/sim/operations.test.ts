// operate_step_instance / operate_job_instance on every door, and their refusals as bk-job
// sends them: the service's checks (TaskExecuteServiceImpl), the controller's parameter check
// (Esb{OperateStepInstance,OperateJobInstance}{,V3}ResourceImpl.checkRequest: 1241002), the
// business interceptor (AuthAppInterceptor: access_business, 9900403 since EsbResp.
// buildAuthFailResult) and the confirmer check (1244016).
import { beforeEach, describe, expect, it } from "vitest";
import { OPERABLE, OPERABLE_STEPS } from "../../src/local/sim/scenarios/operable.js";
import { SCENARIOS } from "../../src/local/sim/scenarios.js";
import { callDoor, DOORS, scopeOf, V3_DOORS, type Door } from "./doors.js";
import { useSimulator } from "./sim-client.js";

const { retryable, awaitingConfirmation, longRunning } = OPERABLE;
const S = OPERABLE_STEPS;

describe("operations through every door", () => {
  const sim = useSimulator();
  beforeEach(() => sim().resetOperations());

  const operateStep = (door: Door, ref: { bizId: number; jobInstanceId: number }, stepInstanceId: number, code: number, options = {}) =>
    callDoor(sim(), door, "operate_step_instance", { ...scopeOf(door, ref.bizId), job_instance_id: ref.jobInstanceId, step_instance_id: stepInstanceId, operation_code: code }, options);
  const operateJob = (door: Door, ref: { bizId: number; jobInstanceId: number }, code: number, options = {}) =>
    callDoor(sim(), door, "operate_job_instance", { ...scopeOf(door, ref.bizId), job_instance_id: ref.jobInstanceId, operation_code: code }, options);
  const jobStatus = async (ref: { bizId: number; jobInstanceId: number }, user?: string) =>
    (await callDoor(sim(), "apigw-v3", "get_job_instance_status", { ...scopeOf("apigw-v3", ref.bizId), job_instance_id: ref.jobInstanceId }, { user })).body;

  it.each(DOORS)("%s: retrying the failed hosts is accepted, and the job runs again", async (door) => {
    const answer = await operateStep(door, retryable, S.retryable.deploy, 2);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ result: true, code: 0, data: { job_instance_id: 1500, job_instance_name: null, step_instance_id: S.retryable.deploy } });
    const status = await jobStatus(retryable);
    expect(status.data.job_instance.status).toBe(2);
    expect(status.data.step_instance_list[1]).toMatchObject({ status: 2, execute_count: 1 });
  });

  it.each(DOORS)("%s: terminating a running job is accepted (ESB v2's answer has no step_instance_id)", async (door) => {
    const answer = await operateJob(door, longRunning, 1);
    expect(answer.body.result).toBe(true);
    expect(answer.body.data).toEqual(door === "esb-v2" ? { job_instance_id: 1520, job_instance_name: null } : { job_instance_id: 1520, job_instance_name: null, step_instance_id: null });
    expect((await jobStatus(longRunning)).data.job_instance.status).toBe(10);
  });

  it.each(DOORS)("%s: forced skip on a failed step is 1241003, in Chinese by default and in English on request", async (door) => {
    const zh = await operateStep(door, retryable, S.retryable.deploy, 12);
    expect(zh.body).toMatchObject({ result: false, code: 1241003, message: "不支持的操作", data: null, job_request_id: expect.any(String) });
    const en = await operateStep(door, retryable, S.retryable.deploy, 12, { language: "en" });
    expect(en.body).toMatchObject({ result: false, code: 1241003, message: "Unsupported operation" });
    expect((await jobStatus(retryable)).data.job_instance.status).toBe(4); // nothing happened
  });

  it.each(DOORS)("%s: a step that is not failed cannot be retried, a finished job not terminated", async (door) => {
    expect((await operateStep(door, retryable, S.retryable.fetch, 2)).body.code).toBe(1241003);
    expect((await operateJob(door, retryable, 1)).body.code).toBe(1241003);
    const restart = await operateJob(door, retryable, 2, { language: "en" });
    expect(restart.body).toMatchObject({ code: 1241015, message: "Unsupported operation,do not repeat start the job,job_instance_id=1500" });
  });

  it.each([
    ["an operation code outside StepOperationEnum", { operation_code: 4 }],
    ["no step_instance_id", { step_instance_id: undefined }],
    ["no operation_code", { operation_code: undefined }],
  ])("%s is 1241002 (checkRequest)", async (_name, change) => {
    const params = { ...scopeOf("esb-v3", 1), job_instance_id: 1500, step_instance_id: S.retryable.deploy, operation_code: 2, ...change };
    const answer = await callDoor(sim(), "esb-v3", "operate_step_instance", params, { language: "en" });
    expect(answer.body).toMatchObject({ result: false, code: 1241002, message: "Invalid request parameters" });
  });

  it("an unknown job is 1244006, a step of another job 1244007", async () => {
    expect((await operateStep("apigw-v3", { bizId: 1, jobInstanceId: 123456789 }, 1, 2)).body.code).toBe(1244006);
    expect((await operateStep("apigw-v3", { bizId: 2, jobInstanceId: 1500 }, S.retryable.deploy, 2)).body.code).toBe(1244006);
    expect((await operateStep("apigw-v3", retryable, S.awaitingConfirmation.approve, 6)).body.code).toBe(1244007);
  });

  describe("who may operate", () => {
    it.each(DOORS)("%s: a user without access_business on the business is refused everything with 9900403", async (door) => {
      for (const answer of [await operateStep(door, retryable, S.retryable.deploy, 2, { user: "outsider" }), await operateJob(door, longRunning, 1, { user: "outsider" })]) {
        expect(answer.body).toMatchObject({ result: false, code: 9900403, message: "用户(outsider)权限不足，请前往权限中心确认并申请补充后重试" });
        expect(answer.body.permission.actions[0]).toMatchObject({ id: "access_business", related_resource_types: [{ type: "biz", instances: [[{ id: "1" }]] }] });
      }
      const read = await callDoor(sim(), door, "get_job_instance_status", { ...scopeOf(door, 1), job_instance_id: 1500 }, { user: "outsider" });
      expect(read.body.code).toBe(9900403);
      expect((await jobStatus(retryable)).data.job_instance.status).toBe(4);
    });

    it("lisi may read the waiting confirmation but not answer it (1244016); wangwu may", async () => {
      expect((await jobStatus(awaitingConfirmation, "lisi")).data.job_instance.status).toBe(7);
      for (const code of [6, 9]) {
        const refused = await operateStep("apigw-v3", awaitingConfirmation, S.awaitingConfirmation.approve, code, { user: "lisi", language: "en" });
        expect(refused.body).toMatchObject({ result: false, code: 1244016, message: "Only the confirmer of the step can operate" });
      }
      const zh = await operateStep("esb-v3", awaitingConfirmation, S.awaitingConfirmation.approve, 6, { user: "lisi" });
      expect(zh.body.message).toBe("只有步骤的确认人可以操作");
      expect((await operateStep("apigw-v3", awaitingConfirmation, S.awaitingConfirmation.approve, 6, { user: "wangwu" })).body.result).toBe(true);
    });

    it("operations check no view permission: lisi may not read job 410 (1238001) but may retry it", async () => {
      const ref = SCENARIOS.operatorOnly;
      expect((await jobStatus(ref, "lisi")).code).toBe(1238001);
      const retried = await operateStep("apigw-v3", ref, 20002, 2, { user: "lisi" });
      expect(retried.body).toMatchObject({ result: true, data: { job_instance_id: 410, step_instance_id: 20002 } });
    });
  });

  it("resetOperations puts every operated job back to its scenario", async () => {
    await operateStep("apigw-v3", retryable, S.retryable.deploy, 2);
    expect((await jobStatus(retryable)).data.job_instance.status).toBe(2);
    sim().resetOperations();
    expect((await jobStatus(retryable)).data.job_instance.status).toBe(4);
  });

  it("restartJob forgets the operations on that job", async () => {
    await operateJob("apigw-v3", longRunning, 1);
    sim().restartJob(longRunning.jobInstanceId);
    expect((await jobStatus(longRunning)).data.job_instance.status).toBe(2);
  });
});

describe("a gateway whose app was not granted the operation resources", () => {
  const sim = useSimulator({ gateway: { operationsGranted: false } });

  it("answers 403 APP_NO_PERMISSION for operations, and still serves reads", async () => {
    for (const door of ["apigw-v3", "apigw-v3-system"] as const) {
      const answer = await callDoor(sim(), door, "operate_job_instance", { ...scopeOf(door, 1), job_instance_id: 1520, operation_code: 1 });
      expect(answer.status).toBe(403);
      expect(answer.body).toMatchObject({ code_name: "APP_NO_PERMISSION", code: 1640301, result: false });
    }
    const read = await callDoor(sim(), "apigw-v3", "get_job_instance_status", { ...scopeOf("apigw-v3", 1), job_instance_id: 1520 });
    expect(read.body.data.job_instance.status).toBe(2);
  });
});

describe("get_step_instance_detail (gateway only)", () => {
  const sim = useSimulator();
  const detail = (door: Door, ref: { bizId: number; jobInstanceId: number }, stepInstanceId: number, options = {}) =>
    callDoor(sim(), door, "get_step_instance_detail", { ...scopeOf(door, ref.bizId), job_instance_id: ref.jobInstanceId, step_instance_id: stepInstanceId }, options);

  it.each(["apigw-v3", "apigw-v3-system"] as const)("%s: a manual confirmation's detail carries only its message, as bk-job fills it", async (door) => {
    const answer = await detail(door, awaitingConfirmation, S.awaitingConfirmation.approve);
    expect(answer.body).toMatchObject({ result: true, code: 0 });
    expect(answer.body.data).toEqual({
      id: S.awaitingConfirmation.approve,
      name: "approve release",
      type: 3,
      script_info: null,
      file_info: null,
      approval_info: {
        approval_type: null,
        approval_user: null,
        approval_message: "Release web 2.15.0 to production? Check the canary dashboard first.",
        notify_channel: null,
      },
    });
  });

  it("a script step's detail names its target hosts", async () => {
    const answer = await detail("apigw-v3", retryable, S.retryable.deploy);
    expect(answer.body.data).toMatchObject({ type: 1, file_info: null, approval_info: null, script_info: { script_language: 1, account: { name: "root" } } });
    expect(answer.body.data.script_info.server.ip_list.map((host: any) => host.ip)).toEqual(["10.0.15.1", "10.0.15.2", "10.0.15.3", "10.0.15.4", "10.0.15.5", "10.0.15.6"]);
  });

  it("an unknown job's step is 1244007, a missing parameter 1240003 Bad Request, a view refusal 1238001", async () => {
    expect((await detail("apigw-v3", { bizId: 1, jobInstanceId: 123456789 }, 1)).body.code).toBe(1244007);
    const missing = await callDoor(sim(), "apigw-v3", "get_step_instance_detail", { bk_scope_type: "biz", bk_scope_id: "1", job_instance_id: 1510 }, { language: "en" });
    expect(missing.body).toMatchObject({ result: false, code: 1240003, message: "Bad Request" });
    const zero = await detail("apigw-v3", awaitingConfirmation, 0, { language: "en" });
    expect(zero.body).toMatchObject({ code: 1240003, message: "Step instance id must be a positive number" });
    expect((await detail("apigw-v3", SCENARIOS.operatorOnly, 20002, { user: "lisi" })).body.code).toBe(1238001);
  });

  it.each(["esb-v2", "esb-v3"] as const)("%s has no get_step_instance_detail (404)", async (door) => {
    expect((await detail(door, awaitingConfirmation, S.awaitingConfirmation.approve)).status).toBe(404);
  });

  it.each(V3_DOORS)("%s: the step detail and operations are recorded like the reads", async (door) => {
    await callDoor(sim(), door, "operate_job_instance", { ...scopeOf(door, 1), job_instance_id: 1500, operation_code: 1 });
    expect(sim().requests.at(-1)).toMatchObject({ api: "operate_job_instance", bizId: 1, jobInstanceId: 1500 });
  });
});
