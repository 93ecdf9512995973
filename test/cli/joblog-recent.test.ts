// `joblog recent <biz> [name] [--failed] [--json]` in a terminal, against a simulator: the runs the
// simulator itself lists (newest first), as lines or JSON; bad input gets a sentence and exit 2.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { simulatorVariables } from "../../src/local/sim/joblog-variables.js";
import { startSimulator, type Simulator } from "../../src/local/sim/server.js";
import { callDoor } from "../sim/doors.js";
import { runJoblog } from "./run-joblog.js";

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator();
});
afterAll(async () => sim.close());

async function simRuns(filters: Record<string, unknown>) {
  const now = Date.now();
  const answer = await callDoor(sim, "esb-v3", "get_job_instance_list", { bk_scope_type: "biz", bk_scope_id: "1", bk_biz_id: 1, create_time_start: now - 30 * 86_400_000, create_time_end: now, length: 10, ...filters });
  return answer.body.data.data as { job_instance_id: number; name: string; status: number }[];
}

describe("joblog recent", () => {
  it("--json: the ten newest failed runs whose name matches, as the simulator lists them (esb-v2 mode asks ESB jobv3)", async () => {
    const run = await runJoblog(["recent", "1", "deploy", "--failed", "--json"], { ...simulatorVariables(sim.url, undefined) });
    expect(run.code).toBe(0);
    const listed = JSON.parse(run.stdout) as { runs: { jobInstanceId: number; status: number }[] };
    expect(listed.runs.map((r) => r.jobInstanceId)).toEqual((await simRuns({ name: "deploy", status: 4 })).map((r) => r.job_instance_id));
    expect(listed.runs.every((r) => r.status === 4)).toBe(true);
  });

  it("prints one line per run with its business and job id", async () => {
    const run = await runJoblog(["recent", "1"], { ...simulatorVariables(sim.url, undefined) });
    expect(run.code).toBe(0);
    const expected = await simRuns({});
    expect(run.stdout.trim().split("\n").map((line) => line.split("  ·  ").at(-1))).toEqual(expected.map((r) => `1 ${r.job_instance_id}`));
  });

  it("a missing business is a usage error with exit 2", async () => {
    const run = await runJoblog(["recent", "--failed"], { ...simulatorVariables(sim.url, undefined) });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("needs a business id");
  });
});
