// Fails when src/bkjob/openapi-types.ts no longer matches openapi/bk-job.openapi.yaml.
// Runs the same CLI, with the same arguments, as `npm run gen:api`, into a temp file, so the
// two can never disagree about flags or Redocly config.
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const SPEC = "openapi/bk-job.openapi.yaml";
const GENERATED = "src/bkjob/openapi-types.ts";

// The package's "exports" hide bin/cli.js, but not package.json, which names the bin.
function openapiTypescriptCli(): string {
  const require = createRequire(import.meta.url);
  const packageJson = require.resolve("openapi-typescript/package.json");
  const { bin } = require(packageJson) as { bin: Record<string, string> };
  return join(dirname(packageJson), bin["openapi-typescript"] ?? "bin/cli.js");
}

function firstDifference(a: string, b: string): string {
  const left = a.split("\n");
  const right = b.split("\n");
  const line = left.findIndex((text, i) => text !== right[i]);
  const at = line === -1 ? left.length : line;
  return `first difference at line ${at + 1}:\n  committed: ${left[at] ?? "<end>"}\n  generated: ${right[at] ?? "<end>"}`;
}

describe("openapi-types.ts", () => {
  it("is what `npm run gen:api` generates from the spec", async () => {
    const dir = await mkdtemp(join(tmpdir(), "joblog-openapi-"));
    try {
      const out = join(dir, "openapi-types.ts");
      await promisify(execFile)(process.execPath, [openapiTypescriptCli(), SPEC, "-o", out], {
        cwd: repoRoot,
      });
      const fresh = await readFile(out, "utf8");
      const committed = await readFile(join(repoRoot, GENERATED), "utf8");
      expect(
        committed === fresh,
        `${GENERATED} is out of date with ${SPEC}: run \`npm run gen:api\` and commit the result.\n` +
          firstDifference(committed, fresh),
      ).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
