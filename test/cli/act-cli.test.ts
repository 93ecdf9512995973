// `joblog retry …`, `joblog terminate …` in a terminal, against a simulator the test can watch:
// the action is sent once with bk-job's operation code and step, asked first on a terminal (and
// not sent on "no"), refused without --yes when there is no terminal, and refused with the job's
// state where bk-job would not accept it.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/run-cli.js";
import { simulatorVariables } from "../../src/local/sim/joblog-variables.js";
import { OPERABLE, OPERABLE_STEPS } from "../../src/local/sim/scenarios/operable.js";
import { startSimulator, type Simulator } from "../../src/local/sim/server.js";
import { runJoblog } from "./run-joblog.js";

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator();
});
afterAll(async () => sim.close());
let seen = 0;
beforeEach(() => {
  sim.resetOperations();
  seen = sim.requests.length;
});

const sent = () => sim.requests.slice(seen).filter((request) => request.operation !== undefined).map((request) => request.operation);

function terminal(argv: string[], answer: boolean) {
  const out: string[] = [];
  const err: string[] = [];
  const asked: string[] = [];
  const io = {
    argv,
    env: { ...simulatorVariables(sim.url, "esb-v2") },
    stdout: { write: (text: string) => out.push(text), isTTY: true },
    stderr: { write: (text: string) => err.push(text) },
    ask: async (question: string) => {
      asked.push(question);
      return answer;
    },
  };
  return { io, out, err, asked };
}

describe("joblog retry / terminate", () => {
  it("retry --yes: the failed hosts of the failed step, once, as BK_USERNAME", async () => {
    const run = await runJoblog(["retry", "1", "1500", "--yes"], { ...simulatorVariables(sim.url, "apigw-v3"), BK_JOB_API: "apigw-v3" });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("BK-JOB took it (as admin, operation 2): Retry the 4 failed hosts of step 2 deploy in job 1500.");
    expect(sent()).toEqual([{ username: "admin", code: 2, stepInstanceId: OPERABLE_STEPS.retryable.deploy }]);
  });

  it("on a terminal it asks first; no sends nothing, yes sends retry all (--all) of --step 2", async () => {
    const no = terminal(["retry", "1", "1500", "--all", "--step", "2"], false);
    expect(await runCli(no.io)).toBe(1);
    expect(no.asked).toEqual(["Run step 2 deploy of job 1500 again on all 6 hosts? [y/N] "]);
    expect(no.out.join("")).toBe("Nothing was done.\n");
    expect(sent()).toEqual([]);

    const yes = terminal(["retry", "1", "1500", "--all", "--step", String(OPERABLE_STEPS.retryable.deploy)], true);
    expect(await runCli(yes.io)).toBe(0);
    expect(sent()).toEqual([{ username: "admin", code: 8, stepInstanceId: OPERABLE_STEPS.retryable.deploy }]);
  });

  it("without a terminal and without --yes, nothing is sent", async () => {
    const run = await runJoblog(["terminate", "1", String(OPERABLE.longRunning.jobInstanceId)], { ...simulatorVariables(sim.url, "esb-v3"), BK_JOB_API: "esb-v3" });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("Terminate job 1520 (long-migration)? Running hosts are stopped.");
    expect(run.stderr).toContain("add --yes to act without asking");
    expect(sent()).toEqual([]);
  });

  it("where bk-job would not accept it: refused with the job's state, nothing sent", async () => {
    const run = await runJoblog(["skip", "1", "1500", "--yes"], { ...simulatorVariables(sim.url, "esb-v2") });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("BK-JOB would not accept skip on job 1500 now. The job is Failed:");
    expect(run.stderr).toContain("2. deploy: Failed");
    expect(sent()).toEqual([]);
  });

  it("terminate --yes stops a running job", async () => {
    const run = await runJoblog(["--sim", "terminate", "1", String(OPERABLE.longRunning.jobInstanceId), "--yes"]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("operation 1): Terminate job 1520 (long-migration)");
  });
});
