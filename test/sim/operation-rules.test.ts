// Which operation bk-job accepts in which step type and status, written down from bk-job's
// TaskExecuteServiceImpl (src/backend/job-execute/service-job-execute/src/main/java/com/tencent/
// bk/job/execute/service/impl/TaskExecuteServiceImpl.java: retryStepFail, retryStepAll,
// isStepRetryable, ignoreError, nextStep, skipStep, confirmContinue, confirmTerminate,
// confirmRestart, continueRolling, checkConfirmUser, terminateJob, startJob), checked for every
// RunStatusEnum value and step type.
import { describe, expect, it } from "vitest";
import { RUN_STATUS, STEP_TYPE, type SimStep } from "../../src/local/sim/model.js";
import { jobOperationVerdict, stepOperationVerdict } from "../../src/local/sim/operations/operation-rules.js";
import { simStep } from "../../src/local/sim/scenarios/builders.js";

const STATUSES = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 14, 15];
const TYPES = [STEP_TYPE.script, STEP_TYPE.file, STEP_TYPE.manualConfirm, STEP_TYPE.sql];
const UNSUPPORTED = 1241003;

/** The one table the product side needs: operation → (type, status) pairs bk-job accepts. */
const ACCEPTED: Record<number, (type: number, status: number) => boolean> = {
  2: (_type, status) => [4, 9, 11].includes(status), // retry failed hosts: failed, abnormal, terminate-succeeded; any type
  8: (_type, status) => [4, 9, 11].includes(status), // retry all: the same
  3: (_type, status) => [4, 9].includes(status), // ignore error: failed or abnormal
  11: (_type, status) => status === 11, // next step: only after a successful termination
  12: (_type, status) => status === 10, // forced skip: only while stopping (not on a failed step)
  6: (type, status) => type === 3 && status === 7, // confirm: a waiting manual confirmation
  9: (type, status) => type === 3 && status === 7, // reject (terminate confirmation): the same
  10: (type, status) => type === 3 && status === 13, // re-initiate: a rejected manual confirmation
  13: () => false, // continue rolling: a waiting rolling step; the simulator has none
};

const step = (type: number, status: number, extra: Partial<SimStep> = {}): SimStep =>
  simStep({ stepInstanceId: 1, name: "s", createTime: 0, type, status, ...extra });

describe("step operations: bk-job's rule for every step type and status", () => {
  const cases = Object.entries(ACCEPTED).flatMap(([operation, accepts]) =>
    TYPES.flatMap((type) => STATUSES.map((status) => [Number(operation), type, status, accepts(type, status)] as const)),
  );

  it.each(cases)("operation %i on a type-%i step in status %i: accepted %s", (operation, type, status, accepted) => {
    const verdict = stepOperationVerdict(operation, step(type, status), { operator: "zhangsan" }, "zhangsan");
    expect(verdict).toEqual(accepted ? { accepted: true } : { accepted: false, code: UNSUPPORTED });
  });

  it("forced skip (12) on a failed step is 1241003, as issue 20 says and skipStep checks", () => {
    expect(stepOperationVerdict(12, step(STEP_TYPE.script, RUN_STATUS.failed), { operator: "a" }, "a")).toEqual({ accepted: false, code: UNSUPPORTED });
  });

  it("an operation code outside StepOperationEnum is 1241002", () => {
    expect(stepOperationVerdict(4, step(STEP_TYPE.script, RUN_STATUS.failed), { operator: "a" }, "a")).toEqual({ accepted: false, code: 1241002 });
  });
});

describe("who may answer a confirmation (checkConfirmUser)", () => {
  const waiting = (users: string[], roles: string[]) =>
    step(STEP_TYPE.manualConfirm, RUN_STATUS.waitingUser, { confirmation: { users, roles, message: "ok?", notifyChannels: [] } });

  it.each([
    ["a named confirm user", ["wangwu"], ["JOB_RESOURCE_TRIGGER_USER"], "wangwu", true],
    ["the job's trigger when the trigger role is named", [], ["JOB_RESOURCE_TRIGGER_USER"], "zhangsan", true],
    ["a CMDB role member (bk_biz_maintainer: admin)", [], ["bk_biz_maintainer"], "admin", true],
    ["anyone else when roles are named", ["wangwu"], ["JOB_RESOURCE_TRIGGER_USER", "bk_biz_maintainer"], "lisi", false],
    ["anyone when no role is named (bk-job refuses only inside the roles branch)", ["wangwu"], [], "lisi", true],
  ])("%s", (_name, users, roles, user, may) => {
    for (const operation of [6, 9]) {
      const verdict = stepOperationVerdict(operation, waiting(users, roles), { operator: "zhangsan" }, user);
      expect(verdict).toEqual(may ? { accepted: true } : { accepted: false, code: 1244016 });
    }
  });

  it("re-initiating (10) checks no confirmer", () => {
    const rejected = step(STEP_TYPE.manualConfirm, RUN_STATUS.confirmTerminated, { confirmation: { users: ["wangwu"], roles: ["x"], message: "", notifyChannels: [] } });
    expect(stepOperationVerdict(10, rejected, { operator: "zhangsan" }, "lisi")).toEqual({ accepted: true });
  });
});

describe("job operations (doTaskOperation)", () => {
  it.each(STATUSES)("terminate (1) a job in status %i", (status) => {
    const expected = status === 2 || status === 7 ? { accepted: true } : { accepted: false, code: UNSUPPORTED };
    expect(jobOperationVerdict(1, { status })).toEqual(expected);
  });

  it.each(STATUSES)("start (2) a job in status %i: only a job that never started, else 1241015", (status) => {
    expect(jobOperationVerdict(2, { status })).toEqual(status === 1 ? { accepted: true } : { accepted: false, code: 1241015 });
  });
});
