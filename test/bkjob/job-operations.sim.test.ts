// joblog's action table (src/core/step-actions.ts) against the simulator's own reading of bk-job
// (src/local/sim/operations/operation-rules.ts), each written independently: for every step of
// every operable job and every action, joblog offers it exactly when BK-JOB accepts it, and what
// BK-JOB refuses comes back with its code and reads in words. Through every protocol's operations.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createJobApi } from "../../src/bkjob/create-job-api.js";
import { createJobOperations } from "../../src/bkjob/job-operations-client.js";
import type { BkJobProtocol } from "../../src/config.js";
import { actionAllowed, OPERATION_CODE, STEP_ACTIONS } from "../../src/core/step-actions.js";
import { isManualConfirm } from "../../src/core/step-summary.js";
import { messagesFor } from "../../src/i18n/index.js";
import { OPERABLE } from "../../src/local/sim/scenarios/operable.js";
import { SIM_DEFAULTS } from "../../src/local/sim/scenarios.js";
import { startSimulator, type Simulator } from "../../src/local/sim/server.js";
import { renderActionRefusal } from "../../src/render/step-action-notes.js";

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator();
});
afterAll(async () => sim.close());

const silent = { debug() {}, info() {}, warn() {}, error() {}, child() { return silent; } } as never;

function settings(protocol: BkJobProtocol, username: string) {
  return {
    protocol,
    apigwSystem: false,
    apiUrl: protocol === "apigw-v3" ? `${sim.url}/api/bk-job/prod` : sim.url,
    appCode: SIM_DEFAULTS.appCode,
    appSecret: SIM_DEFAULTS.appSecret,
    username,
    timeoutMs: 3_000,
  };
}

const deps = { fetch: globalThis.fetch.bind(globalThis), logger: silent, language: "en" as const };

describe.each(["esb-v2", "esb-v3", "apigw-v3"] as const)("over %s", (protocol) => {
  // wangwu: the confirmation of job 1510 is addressed to them, so a refusal there is the state's alone.
  const adapters = () => ({ operations: createJobOperations(settings(protocol, "wangwu"), deps), jobApi: createJobApi(settings(protocol, "wangwu"), deps) });

  it("joblog offers an action exactly where BK-JOB accepts it", async () => {
    const { operations, jobApi } = adapters();
    const verdicts: string[] = [];
    for (const ref of Object.values(OPERABLE)) {
      sim.resetOperations();
      const status = await jobApi.read(ref).getJobStatus({ withHosts: true });
      if (!status.ok) throw new Error(`status of ${ref.jobInstanceId}: ${status.error.kind}`);
      const targets = [null, ...status.value.steps];
      for (const action of STEP_ACTIONS) {
        for (const step of targets) {
          if ((action === "terminate") !== (step === null)) continue;
          sim.resetOperations();
          const offered = actionAllowed(action, status.value.job.status, step && { status: step.status, manualConfirm: isManualConfirm(step, step.hosts.length > 0) });
          const sent = step === null ? await operations.operateJob(ref, OPERATION_CODE[action]) : await operations.operateStep(ref, step.stepInstanceId, OPERATION_CODE[action]);
          const where = `${action} on job ${ref.jobInstanceId}${step ? ` step ${step.stepInstanceId} (status ${step.status})` : ` (status ${status.value.job.status})`}`;
          if (!sent.ok && sent.error.code !== 1241003) throw new Error(`${where}: unexpected refusal ${sent.error.code}`);
          verdicts.push(`${where}: joblog ${offered ? "offers" : "hides"}, BK-JOB ${sent.ok ? "accepts" : "refuses"}`);
          expect(offered, where).toBe(sent.ok);
        }
      }
    }
    sim.resetOperations();
    // The table is not vacuous: each action is accepted somewhere.
    for (const action of STEP_ACTIONS) expect(verdicts.some((line) => line.startsWith(`${action} `) && line.endsWith("accepts"))).toBe(true);
  });

  it("a wrong operation comes back with bk-job's code, explained in words", async () => {
    const { operations, jobApi } = adapters();
    sim.resetOperations();
    const status = await jobApi.read(OPERABLE.retryable).getJobStatus();
    if (!status.ok) throw new Error("no status");
    const failedStep = status.value.steps.find((step) => step.status === 4)!;
    // Forced skip on a failed step: bk-job accepts it only on a step being stopped.
    const refused = await operations.operateStep(OPERABLE.retryable, failedStep.stepInstanceId, OPERATION_CODE.skip);
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.error.code).toBe(1241003);
    const message = renderActionRefusal(refused.error, { ref: OPERABLE.retryable, actingUser: "wangwu", timeoutMs: 3_000 }, messagesFor("en"));
    expect(JSON.stringify(message.blocks)).toContain("BK-JOB does not accept this action in the step's current state (unsupported operation).");
    expect(JSON.stringify(message.blocks)).toContain("BK-JOB code 1241003");
  });
});
