// README.md's "Why did it fail: the digest", tried as written: every example of the rule table
// normalises to the signature it shows, and the figures it states are the code's.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { normaliseLine } from "../../src/core/cause-normalise.js";
import { DEFAULT_SCAN_CHARS } from "../../src/core/cause-signature.js";
import { DEFAULT_CAUSE_DIGEST_LIMITS, DIGEST_LOG_BATCH } from "../../src/use-cases/read-cause-digest.js";
import { runJoblog } from "../cli/run-joblog.js";

const README = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
const start = README.indexOf("\n## Why did it fail: the digest\n");
const section = README.slice(start, README.indexOf("\n## ", start + 1));

/** The rows of the section's table: [in the log, in the signature]. */
const rows = section
  .split("\n")
  .filter((line) => line.startsWith("| `"))
  .map((line) => {
    const cells = /^\| `(.*)` \| `(.*)` \|$/.exec(line);
    if (!cells) throw new Error(`unreadable row: ${line}`);
    return [cells[1]!, cells[2]!] as const;
  });

describe("README: Why did it fail", () => {
  it("has the section and its table", () => {
    expect(start).toBeGreaterThanOrEqual(0);
    expect(rows.length).toBeGreaterThanOrEqual(10);
  });

  it.each(rows)("%s", (given, want) => {
    expect(normaliseLine(given)).toBe(want);
  });

  it("states the code's limits", () => {
    const english = (value: number) => value.toLocaleString("en-US");
    expect(section).toContain(`last ${english(DEFAULT_SCAN_CHARS)} characters`);
    expect(section).toContain(`${english(DEFAULT_CAUSE_DIGEST_LIMITS.maxHosts)} hosts or ${DEFAULT_CAUSE_DIGEST_LIMITS.maxLogChars / 1_000_000} MB`);
    expect(section).toContain(`${DIGEST_LOG_BATCH} hosts a call`);
  });

  it("shows the terminal's digest of the simulator's job 1 1600 as joblog prints it", async () => {
    const open = section.indexOf("```\n");
    const example = section.slice(open + 4, section.indexOf("\n```", open + 4)).split("\n").filter((line) => line.trim() !== "…");
    expect(example.length).toBeGreaterThan(5);
    const run = await runJoblog(["--sim", "1", "1600"]);
    expect(run.stdout).toContain(example.join("\n"));
  });
});
