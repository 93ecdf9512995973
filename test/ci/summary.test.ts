// .ci/run's closing line, "N passed, N failed" (.ci/summary.mjs): fed vitest's JSON reports, and
// once a real run of a tiny project whose tests all pass but leave an unhandled rejection behind,
// which vitest's JSON report alone calls a success.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const root = new URL("../../", import.meta.url).pathname;
const summaryScript = join(root, ".ci/summary.mjs");
const reporter = join(root, ".ci/unhandled-errors-reporter.mjs");
const fixture = join(root, ".ci/fixtures/unhandled-rejection");
const folder = mkdtempSync(join(tmpdir(), "joblog-ci-summary-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

let counter = 0;
function write(value: unknown): string {
  counter += 1;
  const file = join(folder, `input-${counter}.json`);
  writeFileSync(file, typeof value === "string" ? value : JSON.stringify(value));
  return file;
}

function summary(report: string, unhandled: string, exitStatus: number) {
  const run = spawnSync(process.execPath, [summaryScript, report, unhandled, String(exitStatus)], { encoding: "utf8" });
  const lines = run.stdout.trim().split("\n");
  return { lastLine: lines.at(-1), notes: lines.slice(0, -1), exitCode: run.status };
}

const test = (title: string, status: "passed" | "failed" | "skipped") => ({ title, status, failureMessages: [] });
const file = (name: string, status: "passed" | "failed", tests: ReturnType<typeof test>[], message = "") => ({ name, status, message, assertionResults: tests });
function report(files: ReturnType<typeof file>[]) {
  const tests = files.flatMap((f) => f.assertionResults);
  return {
    numPassedTests: tests.filter((t) => t.status === "passed").length,
    numFailedTests: tests.filter((t) => t.status === "failed").length,
    numFailedTestSuites: files.filter((f) => f.status === "failed").length,
    success: files.every((f) => f.status === "passed"),
    testResults: files,
  };
}
const noUnhandled = { reason: "passed", unhandledErrors: [] };

describe(".ci/summary.mjs", () => {
  it.each([
    ["everything passed", report([file("a.test.ts", "passed", [test("a", "passed"), test("b", "passed")])]), noUnhandled, 0, "2 passed, 0 failed", 0, null],
    ["a failed test", report([file("a.test.ts", "failed", [test("a", "passed"), test("b", "failed")])]), noUnhandled, 1, "1 passed, 1 failed", 1, null],
    [
      "a test file that failed to load, beside a failed test",
      report([file("a.test.ts", "failed", [test("a", "failed")]), file("b.test.ts", "failed", [], "Cannot find module './gone.js'")]),
      noUnhandled,
      1,
      "0 passed, 2 failed",
      1,
      "failed outside its tests: b.test.ts (Cannot find module './gone.js')",
    ],
    ["a failing beforeAll (its tests skipped)", report([file("a.test.ts", "failed", [test("a", "skipped"), test("b", "passed")])]), noUnhandled, 1, "1 passed, 1 failed", 1, "failed outside its tests: a.test.ts"],
    [
      "an unhandled rejection with every test passed",
      report([file("a.test.ts", "passed", [test("a", "passed"), test("b", "passed")])]),
      { reason: "failed", unhandledErrors: [{ name: "Error", message: "nobody handled this", type: "Unhandled Rejection" }] },
      1,
      "2 passed, 1 failed",
      1,
      "unhandled error outside any test: Error: nobody handled this",
    ],
    [
      "a non-zero exit nothing explains",
      report([file("a.test.ts", "passed", [test("a", "passed")])]),
      noUnhandled,
      1,
      "1 passed, 1 failed",
      1,
      "npm test exited with 1 although no test failed",
    ],
    ["no unhandled-errors file (an older run)", report([file("a.test.ts", "passed", [test("a", "passed")])]), null, 0, "1 passed, 0 failed", 0, null],
  ])("%s", (_name, json, unhandled, exitStatus, want, wantExit, wantNote) => {
    const result = summary(write(json), unhandled === null ? join(folder, "missing.json") : write(unhandled), exitStatus);
    expect(result.lastLine).toBe(want);
    expect(result.exitCode).toBe(wantExit);
    if (wantNote === null) expect(result.notes).toEqual([]);
    else expect(result.notes.join("\n")).toContain(wantNote);
  });

  it.each([
    ["missing", join(folder, "never-written.json")],
    ["cut short", "{"],
  ])("a %s JSON report counts as one failure", (_name, input) => {
    const reportFile = input.startsWith("/") ? input : write(input);
    const result = summary(reportFile, join(folder, "missing.json"), 1);
    expect(result.lastLine).toBe("0 passed, 1 failed");
    expect(result.notes.join("\n")).toContain("vitest wrote no readable JSON report (exit 1)");
    expect(result.exitCode).toBe(1);
  });

  it("counts the unhandled rejection of a real vitest run whose tests all passed", () => {
    const reportFile = join(folder, "real-report.json");
    const unhandledFile = join(folder, "real-unhandled.json");
    // A vitest of its own: none of this run's worker settings may leak into it.
    const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(VITEST|TINYPOOL|NODE_OPTIONS)/.test(key)));
    const vitest = spawnSync(
      process.execPath,
      [join(root, "node_modules/vitest/vitest.mjs"), "run", "--config", "vitest.config.mjs", "--reporter=json", `--reporter=${reporter}`, `--outputFile.json=${reportFile}`],
      { cwd: fixture, env: { ...env, VITEST_UNHANDLED_REPORT: unhandledFile }, encoding: "utf8" },
    );
    expect(vitest.status).toBe(1);
    // What the JSON report alone says: all passed, a success.
    const json = JSON.parse(readFileSync(reportFile, "utf8")) as { numPassedTests: number; numFailedTests: number; success: boolean };
    expect(json).toMatchObject({ numPassedTests: 2, numFailedTests: 0, success: true });

    const result = summary(reportFile, unhandledFile, vitest.status ?? -1);
    expect(result.lastLine).toBe("2 passed, 1 failed");
    expect(result.notes.join("\n")).toContain("unhandled error outside any test: Error: nobody handled this");
    expect(result.exitCode).toBe(1);
  });
});
