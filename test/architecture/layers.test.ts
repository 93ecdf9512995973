// The layer rules bite: .dependency-cruiser.cjs, run over a small tree (test/fixtures/layers/src)
// in which each file named uses-… or cycle-… breaks one rule, reports exactly those imports and
// nothing else. A rule that matched nothing (a typo in a path) would fail here, not pass quietly;
// `npm test` runs the same rules over src/ itself.
import { fileURLToPath } from "node:url";
import { cruise, type ICruiseResult } from "dependency-cruiser";
import extractDepcruiseOptions from "dependency-cruiser/config-utl/extract-depcruise-options";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const FIXTURE = fileURLToPath(new URL("../fixtures/layers", import.meta.url));

async function violationsIn(baseDir: string): Promise<string[]> {
  const options = await extractDepcruiseOptions(`${ROOT}.dependency-cruiser.cjs`);
  const { tsConfig: _projectTsConfig, ...rest } = options;
  const { output } = await cruise(["src"], { ...rest, baseDir, validate: true, outputType: "json" });
  const result = (typeof output === "string" ? JSON.parse(output) : output) as ICruiseResult;
  return (result.summary.violations ?? []).map((violation) => `${violation.rule.name}: ${violation.from} → ${violation.to}`).sort();
}

describe(".dependency-cruiser.cjs", () => {
  it("reports each rule where the fixture tree breaks it, and nothing else", async () => {
    expect(await violationsIn(FIXTURE)).toEqual(
      [
        "no-circular: src/core/cycle-a.ts → src/core/cycle-b.ts",
        "core-is-pure: src/core/uses-fs.ts → fs",
        "render-is-pure: src/render/uses-use-case.ts → src/use-cases/request.ts",
        "i18n-is-leaf: src/i18n/uses-core.ts → src/core/model.ts",
        "ports-import-core-only: src/ports/uses-render.ts → src/render/words.ts",
        "block-kit-check-is-a-library: src/block-kit-check/uses-core.ts → src/core/model.ts",
        "product-never-imports-stand-ins: src/cli/uses-sim.ts → src/local/sim.ts",
        "stand-ins-use-ports-not-product-internals: src/local/uses-render.ts → src/render/words.ts",
        "adapters-never-import-listeners: src/slack/uses-listener.ts → src/slack/listeners/command.ts",
        "use-cases-no-adapters: src/use-cases/uses-config.ts → src/config.ts",
        "only-compose-picks-adapters: src/logging.ts → src/bkjob/client.ts",
        "adapters-depend-inward: src/store/uses-bkjob.ts → src/bkjob/client.ts",
        "inner-layers-inward: src/access/uses-use-case.ts → src/use-cases/request.ts",
      ].sort(),
    );
  });

  it("finds src/ itself within the rules", async () => {
    expect(await violationsIn(ROOT)).toEqual([]);
  });
});
