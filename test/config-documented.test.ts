// Every variable joblog reads is documented, in .env.example and in README's configuration table,
// nothing else is, and the defaults written there are the ones the code applies.
import { readFileSync } from "node:fs";
import { parseEnv } from "node:util";
import { describe, expect, it } from "vitest";
import { loadConfig, loadLocalModeConfig } from "../src/config.js";
import { configVariables } from "./support/config-variables.js";

const read = (file: string) => readFileSync(new URL(`../${file}`, import.meta.url), "utf8");
const envExample = read(".env.example");

/** `NAME=value` and `# NAME=value` lines of .env.example. */
function exampleLines(): Map<string, { value: string; commented: boolean }> {
  const lines = new Map<string, { value: string; commented: boolean }>();
  for (const match of envExample.matchAll(/^(# )?([A-Z][A-Z0-9_]*)=(.*)$/gm)) {
    lines.set(match[2]!, { value: match[3]!, commented: match[1] !== undefined });
  }
  return lines;
}

/** README's "## Configuration" table: variable → the first `value` in its Default column ("" when none). */
function readmeTable(): Map<string, string> {
  const section = /^## Configuration\n([\s\S]*?)^## /m.exec(read("README.md"))?.[1] ?? "";
  const rows = new Map<string, string>();
  for (const match of section.matchAll(/^\| `([A-Z][A-Z0-9_]*)` \| [^|]* \| ([^|]*) \|/gm)) {
    rows.set(match[1]!, /`([^`]*)`/.exec(match[2]!)?.[1] ?? "");
  }
  return rows;
}

describe("the documented configuration", () => {
  it("names every variable the code reads, in .env.example and README, and no other", () => {
    const variables = configVariables();
    expect(variables.length).toBeGreaterThan(20);
    expect([...exampleLines().keys()].sort()).toEqual(variables);
    expect([...readmeTable().keys()].sort()).toEqual(variables);
  });

  it("gives the same default in .env.example as in README", () => {
    const table = readmeTable();
    for (const [name, line] of exampleLines()) {
      // Required values and secrets are left empty to fill in; the rest show their default, commented out.
      const expected = line.commented ? table.get(name) : "";
      expect(line.value, name).toBe(expected);
    }
  });

  it("shows the defaults the code applies: uncommenting every line changes nothing", () => {
    const uncommented = parseEnv(envExample.replace(/^# ([A-Z][A-Z0-9_]*=)/gm, "$1"));
    expect(Object.keys(uncommented).length).toBe(exampleLines().size);
    // With what must be filled in, in HTTP mode (where PORT counts too).
    const filledIn = {
      SLACK_BOT_TOKEN: "xoxb-1",
      SLACK_SIGNING_SECRET: "secret",
      BK_JOB_API_URL: "http://paas.example.com",
      BK_APP_CODE: "joblog",
      BK_APP_SECRET: "app-secret",
      BK_USERNAME: "admin",
    };
    expect(loadConfig({ ...uncommented, ...filledIn })).toEqual(loadConfig(filledIn));
    expect(loadConfig(uncommented)).toEqual(loadConfig({}));
    expect(loadLocalModeConfig(uncommented).consolePort).toBe(loadLocalModeConfig({}).consolePort);
  });
});
