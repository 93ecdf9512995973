// `npm run sim` flags and start-up text.
import { describe, expect, it } from "vitest";
import { CLI_DEFAULTS, parseCliArgs, startupLines } from "../../src/local/sim/cli.js";
import { SCENARIO_LIST } from "../../src/local/sim/scenarios.js";

describe("parseCliArgs", () => {
  it("defaults to 127.0.0.1:8700 with the simulator's credentials", () => {
    expect(parseCliArgs([])).toEqual({
      ok: true,
      settings: { host: "127.0.0.1", port: 8700, appCode: "joblog", appSecret: "sim-secret", delayMs: 0 },
    });
  });

  it("reads every flag, in both spellings", () => {
    expect(
      parseCliArgs(["--port", "9000", "--host=0.0.0.0", "--app-code", "bot", "--app-secret=s", "--delay-ms", "250"]),
    ).toEqual({ ok: true, settings: { host: "0.0.0.0", port: 9000, appCode: "bot", appSecret: "s", delayMs: 250 } });
  });

  it.each([
    [["--port", "http"], /--port must be a whole number/],
    [["--port", "70000"], /--port must be a whole number/],
    [["--delay-ms", "-1"], /--delay-ms must be a whole number/],
    [["--port"], /--port needs a value/],
    [["--verbose"], /unknown option --verbose/],
  ])("rejects %j", (argv, message) => {
    const parsed = parseCliArgs(argv);
    expect(parsed.ok).toBe(false);
    expect("error" in parsed ? parsed.error : "").toMatch(message);
  });

  it("asks for help", () => {
    expect(parseCliArgs(["--help"])).toEqual({ ok: false, help: true });
  });
});

describe("startupLines", () => {
  it("prints the bot's settings, then one line per scenario", () => {
    const lines = startupLines("http://127.0.0.1:8700", CLI_DEFAULTS);
    expect(lines.slice(0, 4)).toEqual([
      "BK_JOB_API_URL=http://127.0.0.1:8700",
      "BK_APP_CODE=joblog",
      "BK_APP_SECRET=sim-secret",
      "BK_USERNAME=admin",
    ]);
    for (const scenario of SCENARIO_LIST) {
      const listed = new RegExp(`job +${scenario.jobInstanceId}  ${scenario.name}:`);
      expect(lines.some((line) => listed.test(line))).toBe(true);
    }
  });
});
