// The terminal command as a person runs it: the real bin/joblog.js in its own process, against
// the BK-JOB simulator, checking what it prints and its exit codes.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { validateMessage } from "../../src/render/limits.js";
import { simulatorVariables } from "../../src/local/sim/joblog-variables.js";
import { SCENARIOS } from "../../src/local/sim/scenarios.js";
import { LARGE_JOB_OTHER_CLOUD, largeJobHostIp } from "../../src/local/sim/scenarios/large-job.js";
import { startSimulator, type Simulator } from "../../src/local/sim/server.js";
import { runJoblog, type Run } from "./run-joblog.js";

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator();
});
afterAll(async () => sim.close());

/** The command against this suite's simulator (its BK_* values), unless `withSim` is false. */
function joblog(args: string[], env: Record<string, string> = {}, withSim = true): Promise<Run> {
  return runJoblog(args, { ...(withSim ? simulatorVariables(sim.url, undefined) : {}), ...env });
}

const job = (scenario: { bizId: number; jobInstanceId: number }) => [String(scenario.bizId), String(scenario.jobInstanceId)];
const noStackTrace = (text: string) => expect(text).not.toMatch(/\n\s+at /);

describe("joblog <biz> <job>", () => {
  it("prints the seed example's report and exits 0: the job succeeded", async () => {
    const run = await joblog(job(SCENARIOS.seed));
    expect(run.stderr).toBe("");
    expect(run.stdout).toMatchInlineSnapshot(`
      "✅ test
      Success · the 1 host succeeded · took 1m 1s
      Business 1 · Job 100 · Started 2018-03-15 14:39:30 UTC+8 · by admin

      ✅ 1. test · Success · 1m 1s · ✓ 1
      "
    `);
    expect(run.code).toBe(0);
  });

  it("exits 1 for a failed job, with failing hosts and log tails, without colours when piped", async () => {
    const run = await joblog(job(SCENARIOS.multiStepFailure));
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("❌ deploy-web-release");
    expect(run.stdout).toContain("Failing hosts (7)");
    expect(run.stdout).toContain("  • 10.0.2.21 · BK-Net 0 · exit 1 · 11s");
    expect(run.stdout).toContain("Last 12 lines of 10.0.2.21");
    expect(run.stdout).not.toContain("\u001b[");
  });

  it("colours with --color, and NO_COLOR does not override an explicit --color", async () => {
    const run = await joblog([...job(SCENARIOS.multiStepFailure), "--color"], { NO_COLOR: "1" });
    expect(run.stdout).toContain("\u001b[31m");
  });

  it("exits 1 for a job that is still running", async () => {
    const run = await joblog(job(SCENARIOS.running));
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("rolling-restart");
  });

  it("accepts a JOB link, in the language of JOBLOG_LANG", async () => {
    const run = await joblog(["https://job.example.com/biz/1/execute/task/100"], { JOBLOG_LANG: "zh-CN" });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("业务 1 · 作业 100");
  });
});

describe("--sim: the simulator built into the command", () => {
  it("answers without any BK_* variable, as the simulator run on its own does", async () => {
    const run = await joblog(["--sim", ...job(SCENARIOS.multiStepFailure)], {}, false);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(1);
    expect(run.stdout).toBe((await joblog(job(SCENARIOS.multiStepFailure))).stdout);
    expect(run.stdout).toContain("Failing hosts (7)");
  });

  it("goes before or after the job, and works with --log and --json", async () => {
    const log = await joblog([...job(SCENARIOS.multiStepFailure), "--log", "10.0.2.22", "--sim"], {}, false);
    expect(log.code).toBe(0);
    expect(log.stdout.split("\n")[0]).toBe("[2024-05-20 10:15:38][PID:41902] job_start");
    const json = await joblog([...job(SCENARIOS.seed), "--sim", "--json"], {}, false);
    expect(json.code).toBe(0);
    expect(validateMessage(JSON.parse(json.stdout))).toEqual([]);
  });

  it("asks the simulator, not BK_JOB_API_URL, and speaks the protocol BK_JOB_API names", async () => {
    const env = { BK_JOB_API: "apigw-v3", BK_JOB_API_URL: "http://127.0.0.1:1", BK_APP_SECRET: "not-the-simulator's" };
    const run = await joblog(["--sim", ...job(SCENARIOS.seed)], env, false);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("✅ test");
  });

  it("shows jobs that are running or waiting now, not years ago", async () => {
    const run = await joblog(["--sim", ...job(SCENARIOS.running)], {}, false);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^Running · 0 of 3 hosts done · running for \d+(\.\d)?s$/m);
    const waiting = await joblog(["--sim", ...job(SCENARIOS.manualConfirm)], {}, false);
    expect(waiting.stdout).toMatch(/^Waiting for confirmation · 2 of 2 hosts done · running for 2m 3\ds$/m);
  });

  it("is what the error suggests to someone with no BK-JOB settings", async () => {
    const run = await joblog(job(SCENARIOS.multiStepFailure), {}, false);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("BK_JOB_API_URL: is required");
    expect(run.stderr).toContain("Try joblog with its built-in simulator: joblog --sim 1 200");
    // Someone who set BK_JOB_API_URL is setting up a real BK-JOB: the hint would be noise.
    const partial = await joblog(job(SCENARIOS.multiStepFailure), { BK_JOB_API_URL: sim.url }, false);
    expect(partial.stderr).toContain("BK_APP_CODE: is required");
    expect(partial.stderr).not.toContain("--sim");
  });
});

describe("--json", () => {
  it("prints the Block Kit message, within Slack's limits", async () => {
    const run = await joblog([...job(SCENARIOS.largeJob), "--json"]);
    expect(run.code).toBe(1);
    const message = JSON.parse(run.stdout) as { text: string; blocks: unknown[] };
    expect(validateMessage(message)).toEqual([]);
    expect(message.text).toContain("of 2,000 hosts failed");
  });
});

describe("--log <ip>", () => {
  it("prints one host's whole log and exits 0", async () => {
    const run = await joblog([...job(SCENARIOS.multiStepFailure), "--log", "10.0.2.22"]);
    expect(run.code).toBe(0);
    expect(run.stdout.split("\n")[0]).toBe("[2024-05-20 10:15:38][PID:41902] job_start");
    expect(run.stdout.trimEnd().split("\n")).toHaveLength(6);
  });

  it("prints a 5 MB log whole", async () => {
    const run = await joblog([...job(SCENARIOS.hugeLog), "--log=10.0.5.1"]);
    expect(run.code).toBe(0);
    expect(run.stdout.length).toBeGreaterThan(5_000_000);
  });

  it("finds a host that succeeded (not in the failing list) in the last step that ran", async () => {
    const run = await joblog([...job(SCENARIOS.running), "--log", "10.0.7.1"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("job_start");
  });

  it("exits 2 for a host that is not in the job", async () => {
    const run = await joblog([...job(SCENARIOS.multiStepFailure), "--log", "10.9.9.9"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe("joblog: host 10.9.9.9 is not in any step of job 200 that ran.\n");
  });

  it("names the BK-Net to ask for when the IP is only in another one", async () => {
    // 10.1.6.1 succeeded in BK-Net 2, so the report does not list it: BK-Net 0 is looked in.
    const ip = largeJobHostIp(LARGE_JOB_OTHER_CLOUD[0]);
    const run = await joblog([...job(SCENARIOS.largeJob), "--log", ip]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toBe(`joblog: host ${ip} in BK-Net 0 is not in any step of job 2000 that ran.\n${ip} is in BK-Net 2: try --log 2:${ip}\n`);
    const wrongNet = await joblog([...job(SCENARIOS.largeJob), "--log", `3:${ip}`]);
    expect(wrongNet.stderr).toContain(`${ip} is in BK-Net 2: try --log 2:${ip}`);

    const asSuggested = await joblog([...job(SCENARIOS.largeJob), "--log", `2:${ip}`]);
    expect(asSuggested.code).toBe(0);
    expect(asSuggested.stdout).toContain("job_start");
  });
});

describe("errors: exit 2, one message on stderr, no stack trace, no secret", () => {
  it.each([
    ["no job", [], "which job?"],
    ["a bad id", ["1", "two"], "two is not a positive whole number"],
    ["an unknown option", ["1", "100", "--nope"], "unknown option --nope"],
    ["--log without a host", ["1", "100", "--log"], "--log needs a value"],
    ["follow", ["follow", "1", "700"], "follow is a Slack feature"],
  ])("usage: %s", async (_name, args, message) => {
    const run = await joblog(args);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain(message);
    expect(run.stderr).toContain("joblog --help");
  });

  it("--help prints the usage and exits 0, without configuration", async () => {
    const run = await joblog(["--help"], {}, false);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("usage: joblog [options] <bk_biz_id> <job_instance_id>");
    expect(run.stdout).toContain("--sim ");
    expect(run.stdout).toContain("exit status: 0 the job succeeded");
  });

  it("names every missing variable and never prints the secret", async () => {
    const run = await joblog(["1", "100"], { BK_APP_SECRET: "do-not-print-me", BK_JOB_API_URL: "not a url" }, false);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("BK_JOB_API_URL: must be a URL");
    expect(run.stderr).not.toContain("do-not-print-me");
    noStackTrace(run.stderr);
    const missing = await joblog(["1", "100"], {}, false);
    for (const name of ["BK_JOB_API_URL", "BK_APP_CODE", "BK_APP_SECRET", "BK_USERNAME"]) expect(missing.stderr).toContain(`${name}: is required`);
  });

  it("explains a BK-JOB refusal with its code and request id", async () => {
    const run = await joblog(job(SCENARIOS.permissionDenied));
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain("BK-JOB says the user admin may not view this job.");
    expect(run.stderr).toMatch(/BK-JOB code 1238001 · request id \S+/);
    noStackTrace(run.stderr);
  });

  it("explains bad credentials without echoing them", async () => {
    const run = await joblog(job(SCENARIOS.seed), { BK_APP_SECRET: "wrong-secret-value" });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("BlueKing rejected joblog's credentials");
    expect(run.stderr).not.toContain("wrong-secret-value");
  });

  it("explains an unreachable BK-JOB", async () => {
    const run = await joblog(job(SCENARIOS.seed), { BK_JOB_API_URL: "http://127.0.0.1:1", BK_JOB_TIMEOUT_MS: "2000" });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("could not reach BK-JOB");
    // Neither a code nor a request id came back: no "none" placeholders stand in for them.
    expect(run.stderr).not.toMatch(/\bnone\b/);
    expect(run.stderr).not.toContain("request id");
    noStackTrace(run.stderr);
  });
});
