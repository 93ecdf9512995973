// A vitest reporter that writes down the errors vitest caught outside any test (an unhandled
// rejection, an error thrown after a test ended). vitest's JSON report leaves them out: with one,
// it says every test passed and `success: true`, while vitest exits 1. .ci/summary.mjs adds them
// to the failures. Written to the file named by VITEST_UNHANDLED_REPORT; nothing when unset.
// Reporter API: https://vitest.dev/advanced/api/reporters (onTestRunEnd's unhandledErrors).
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

export default class UnhandledErrorsReporter {
  onTestRunEnd(_testModules, unhandledErrors, reason) {
    const file = process.env.VITEST_UNHANDLED_REPORT;
    if (!file) return;
    const errors = unhandledErrors.map((error) => ({
      name: String(error?.name ?? "Error"),
      message: String(error?.message ?? error),
      ...(error?.type ? { type: String(error.type) } : {}),
    }));
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `${JSON.stringify({ reason, unhandledErrors: errors }, null, 2)}\n`);
  }
}
