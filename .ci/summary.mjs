// The closing line of .ci/run, "N passed, N failed", from what vitest left behind:
//   node .ci/summary.mjs <vitest JSON report> <unhandled-errors file> <exit status of npm test>
// Failed counts failed tests, test files that failed without a failed test (an import error, a
// failing beforeAll), and every error vitest caught outside a test (.ci/unhandled-errors-reporter.mjs),
// which its JSON report leaves out. A non-zero exit that none of these explains counts as one
// failure, so the line never says "0 failed" for a failed run. Exits 1 when anything failed.
import { existsSync, readFileSync } from "node:fs";

function readJson(file) {
  if (!file || !existsSync(file)) return null;
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch {
    return null;
  }
}

/** The notes to print and the counts, from the parsed files (null when missing) and the exit status. */
function summarize(report, unhandled, exitStatus) {
  const notes = [];
  if (report === null || typeof report.numPassedTests !== "number") {
    notes.push(`vitest wrote no readable JSON report (exit ${exitStatus})`);
    return { notes, passed: 0, failed: 1 };
  }
  const files = Array.isArray(report.testResults) ? report.testResults : [];
  const failedFiles = files.filter(
    (file) => file.status === "failed" && !(file.assertionResults ?? []).some((test) => test.status === "failed"),
  );
  for (const file of failedFiles) notes.push(`failed outside its tests: ${file.name}${file.message ? ` (${file.message})` : ""}`);
  const errors = Array.isArray(unhandled?.unhandledErrors) ? unhandled.unhandledErrors : [];
  for (const error of errors) notes.push(`unhandled error outside any test: ${error.name}: ${error.message}`);
  let failed = (report.numFailedTests ?? 0) + failedFiles.length + errors.length;
  if (failed === 0 && exitStatus !== 0) {
    notes.push(`npm test exited with ${exitStatus} although no test failed: counted as one failure`);
    failed = 1;
  }
  return { notes, passed: report.numPassedTests, failed };
}

const [reportFile, unhandledFile, status] = process.argv.slice(2);
const exitStatus = Number.parseInt(status ?? "", 10);
const { notes, passed, failed } = summarize(readJson(reportFile), readJson(unhandledFile), Number.isNaN(exitStatus) ? 1 : exitStatus);
for (const note of notes) console.log(note);
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 ? 1 : 0;
