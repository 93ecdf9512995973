// The browser tests launch the Chromium .ci/run found (CHROMIUM_PATH) or the one on PATH, and
// say plainly what to install when there is none.
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { chromiumPath } from "../support/chromium.js";

const folder = mkdtempSync(join(tmpdir(), "joblog-chromium-path-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function executable(path: string): string {
  mkdirSync(join(path, ".."), { recursive: true });
  writeFileSync(path, "#!/bin/sh\n");
  chmodSync(path, 0o755);
  return path;
}

const empty = join(folder, "empty");
mkdirSync(empty);
const onPath = executable(join(folder, "bin", "chromium"));
const chosen = executable(join(folder, "elsewhere", "my-chromium"));
const notExecutable = join(folder, "plain", "chromium");
mkdirSync(join(folder, "plain"));
writeFileSync(notExecutable, "");

describe("chromiumPath", () => {
  it("takes CHROMIUM_PATH first", () => {
    expect(chromiumPath({ CHROMIUM_PATH: chosen, PATH: join(folder, "bin") })).toBe(chosen);
  });

  it("else finds chromium on PATH, skipping folders without an executable one", () => {
    expect(chromiumPath({ PATH: [empty, join(folder, "plain"), join(folder, "bin")].join(delimiter) })).toBe(onPath);
  });

  it("fails with what to install when there is none", () => {
    expect(() => chromiumPath({ PATH: [empty, join(folder, "plain")].join(delimiter) })).toThrow(
      "the browser tests need Chromium, and there is no `chromium` on PATH (CHROMIUM_PATH is not set either): install Debian's with `apt-get install chromium` (.ci/run does), or set CHROMIUM_PATH to a Chromium binary",
    );
  });

  it("names a CHROMIUM_PATH that is not a program", () => {
    expect(() => chromiumPath({ CHROMIUM_PATH: join(folder, "gone"), PATH: join(folder, "bin") })).toThrow(`CHROMIUM_PATH is ${join(folder, "gone")}, which is not an executable file`);
  });
});
