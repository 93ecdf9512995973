// End to end: the ESB v2 client over real HTTP against the BK-JOB simulator on loopback.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEsbV2Client, type EsbV2Client, type EsbV2ClientOptions } from "../../src/bkjob/esb-v2-client.js";
import {
  SCENARIOS,
  SIM_DEFAULTS,
  UNKNOWN_BIZ_ID,
  UNKNOWN_JOB_INSTANCE_ID,
} from "../../src/local/sim/scenarios.js";
import { startSimulator, type Simulator } from "../../src/local/sim/server.js";

let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator();
});

afterAll(async () => {
  await sim.close();
});

function api(overrides: Partial<EsbV2ClientOptions> = {}): EsbV2Client {
  return createEsbV2Client({
    baseUrl: `${sim.url}/`,
    appCode: SIM_DEFAULTS.appCode,
    appSecret: SIM_DEFAULTS.appSecret,
    username: SIM_DEFAULTS.username,
    timeoutMs: 5_000,
    fetch: globalThis.fetch,
    sleep: async () => {},
    ...overrides,
  });
}

describe("ESB v2 client against the simulator", () => {
  it("reads the seed job's log and status", async () => {
    const client = api();
    const log = await client.getJobInstanceLog(SCENARIOS.seed);
    const status = await client.getJobInstanceStatus(SCENARIOS.seed);
    expect(log.ok, JSON.stringify(log)).toBe(true);
    expect(status.ok, JSON.stringify(status)).toBe(true);
    if (log.ok) expect(log.value.steps.length).toBeGreaterThan(0);
    if (status.ok) expect(status.value.job.jobInstanceId).toBe(SCENARIOS.seed.jobInstanceId);
  });

  it("reads the old-format (2.x docs) job", async () => {
    const log = await api().getJobInstanceLog(SCENARIOS.seedOldFormat);
    expect(log.ok, JSON.stringify(log)).toBe(true);
  });

  it("parses the 2,000-host job", async () => {
    const log = await api().getJobInstanceLog(SCENARIOS.largeJob);
    expect(log.ok, JSON.stringify(log).slice(0, 500)).toBe(true);
    if (log.ok) {
      const groups = log.value.steps.flatMap((step) => step.groups);
      expect(groups.reduce((sum, group) => sum + group.hostCount, 0)).toBeGreaterThanOrEqual(2000);
      // Hosts are validated as they are read: every one reads.
      for (const group of groups) for (let index = 0; index < group.hostCount; index += 1) expect(group.hostAt(index).ip).not.toBe("");
    }
  });

  it.each([
    ["unknown job", { bizId: SCENARIOS.seed.bizId, jobInstanceId: UNKNOWN_JOB_INSTANCE_ID }, "not_found"],
    ["unknown business", { bizId: UNKNOWN_BIZ_ID, jobInstanceId: SCENARIOS.seed.jobInstanceId }, "business_not_found"],
    ["permission denied", SCENARIOS.permissionDenied, "no_permission"],
  ] as const)("classifies %s", async (_name, ref, kind) => {
    const log = await api().getJobInstanceLog(ref);
    expect(log).toMatchObject({ ok: false, error: { kind } });
  });

  it("classifies a wrong app secret as bad_credentials, without leaking it", async () => {
    const log = await api({ appSecret: "wrong-secret-1234" }).getJobInstanceLog(SCENARIOS.seed);
    expect(log).toMatchObject({ ok: false, error: { kind: "bad_credentials" } });
    expect(JSON.stringify(log)).not.toContain("wrong-secret-1234");
  });

  it("rides out a one-off server error with its retry", async () => {
    sim.restartJob(SCENARIOS.serverErrorOnce.jobInstanceId);
    const log = await api().getJobInstanceLog(SCENARIOS.serverErrorOnce);
    expect(log.ok, JSON.stringify(log)).toBe(true);
  });

  it("reports a truncated body as bad_response", async () => {
    const log = await api().getJobInstanceLog(SCENARIOS.truncated);
    expect(log).toMatchObject({ ok: false, error: { kind: "bad_response" } });
  });

  it("times out on a hanging request", async () => {
    const log = await api({ timeoutMs: 100 }).getJobInstanceLog(SCENARIOS.hang);
    expect(log).toMatchObject({ ok: false, error: { kind: "timeout" } });
  });
});
