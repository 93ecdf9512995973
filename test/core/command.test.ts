import { describe, expect, it } from "vitest";
import { parseCommand, parseMention, type Command } from "../../src/core/command.js";

const noDefault = { defaultBizId: null };

describe("parseCommand", () => {
  const cases: [string, { given: string; defaults?: { defaultBizId: number | null }; want: Command }][] = [
    ["biz and job", { given: "2 100", want: { kind: "report", ref: { bizId: 2, jobInstanceId: 100 }, grep: null } }],
    ["extra spaces and full-width space", { given: "  2\u3000 100 ", want: { kind: "report", ref: { bizId: 2, jobInstanceId: 100 }, grep: null } }],
    ["largest safe id", { given: "1 9007199254740991", want: { kind: "report", ref: { bizId: 1, jobInstanceId: 9007199254740991 }, grep: null } }],
    ["empty", { given: "", want: { kind: "help" } }],
    ["only spaces", { given: "   ", want: { kind: "help" } }],
    ["help", { given: "help", want: { kind: "help" } }],
    ["HELP in capitals", { given: "HELP", want: { kind: "help" } }],
    ["--help", { given: "--help", want: { kind: "help" } }],
    ["letters for job", { given: "2 abc", want: { kind: "invalid", problem: { code: "notANumber", word: "abc" } } }],
    ["letters for biz", { given: "abc 100", want: { kind: "invalid", problem: { code: "notANumber", word: "abc" } } }],
    ["negative job", { given: "2 -5", want: { kind: "invalid", problem: { code: "notANumber", word: "-5" } } }],
    ["zero", { given: "0 100", want: { kind: "invalid", problem: { code: "notANumber", word: "0" } } }],
    ["decimal", { given: "2 1.5", want: { kind: "invalid", problem: { code: "notANumber", word: "1.5" } } }],
    ["beyond 2^53", { given: "2 9007199254740993", want: { kind: "invalid", problem: { code: "tooLarge", word: "9007199254740993" } } }],
    ["huge number", { given: "99999999999999999999999 1", want: { kind: "invalid", problem: { code: "tooLarge", word: "99999999999999999999999" } } }],
    ["too many words", { given: "2 100 300", want: { kind: "invalid", problem: { code: "tooManyWords" } } }],
    ["one number without a default business", { given: "100", want: { kind: "invalid", problem: { code: "missingJob" } } }],
    ["one number with a default business", { given: "100", defaults: { defaultBizId: 7 }, want: { kind: "report", ref: { bizId: 7, jobInstanceId: 100 }, grep: null } }],
    ["task link", { given: "https://job.example.com/biz/3/execute/task/4567", want: { kind: "report", ref: { bizId: 3, jobInstanceId: 4567 }, grep: null } }],
    ["step link with query", { given: "https://job.example.com/biz/3/execute/step/4567?stepInstanceId=9", want: { kind: "report", ref: { bizId: 3, jobInstanceId: 4567 }, grep: null } }],
    ["quick-launch link wrapped by Slack", { given: "<https://job.example.com/biz/3/execute/quick-launch/4567|job>", want: { kind: "report", ref: { bizId: 3, jobInstanceId: 4567 }, grep: null } }],
    ["biz_set link", { given: "http://job.example.com/biz_set/9000001/execute/task/12", want: { kind: "report", ref: { bizId: 9000001, jobInstanceId: 12 }, grep: null } }],
    ["api_execute link needs a business", { given: "https://job.example.com/api_execute/4567", want: { kind: "invalid", problem: { code: "missingBiz" } } }],
    ["api_execute link with business first", { given: "5 https://job.example.com/api_execute/4567", want: { kind: "report", ref: { bizId: 5, jobInstanceId: 4567 }, grep: null } }],
    ["api_execute link with default business", { given: "https://job.example.com/job/api_execute/4567", defaults: { defaultBizId: 8 }, want: { kind: "report", ref: { bizId: 8, jobInstanceId: 4567 }, grep: null } }],
    ["link with another business than given", { given: "5 https://job.example.com/biz/3/execute/task/4567", want: { kind: "invalid", problem: { code: "bizMismatch", linkBiz: 3, givenBiz: 5 } } }],
    ["link that is not JOB's", { given: "https://example.com/something/else", want: { kind: "invalid", problem: { code: "unknownLink" } } }],
    ["follow", { given: "follow 2 100", want: { kind: "follow", ref: { bizId: 2, jobInstanceId: 100 }, failuresOnly: false } }],
    ["follow failures only", { given: "FOLLOW 2 100 --failures-only", want: { kind: "follow", ref: { bizId: 2, jobInstanceId: 100 }, failuresOnly: true } }],
    ["follow a link", { given: "follow https://job.example.com/biz/3/execute/task/4567", want: { kind: "follow", ref: { bizId: 3, jobInstanceId: 4567 }, failuresOnly: false } }],
    ["follow without a job", { given: "follow", want: { kind: "invalid", problem: { code: "missingJob" } } }],
    ["follow with an unknown option", { given: "follow 2 100 --quiet", want: { kind: "invalid", problem: { code: "unknownOption", word: "--quiet" } } }],
    ["an option without follow", { given: "2 100 --failures-only", want: { kind: "invalid", problem: { code: "unknownOption", word: "--failures-only" } } }],
    ["grep with spaces kept", { given: "2 100 grep No  space left", want: { kind: "report", ref: { bizId: 2, jobInstanceId: 100 }, grep: "No  space left" } }],
    ["grep after a link", { given: "https://job.example.com/biz/3/execute/task/4567 grep ERROR", want: { kind: "report", ref: { bizId: 3, jobInstanceId: 4567 }, grep: "ERROR" } }],
    ["grep without text", { given: "2 100 grep", want: { kind: "invalid", problem: { code: "grepNeedsText" } } }],
    ["grep too long", { given: `2 100 grep ${"x".repeat(201)}`, want: { kind: "invalid", problem: { code: "grepTooLong", max: 200 } } }],
    ["grep without a job", { given: "grep foo", want: { kind: "invalid", problem: { code: "missingJob" } } }],
    ["a mention-like word", { given: "<!channel> 100", want: { kind: "invalid", problem: { code: "notANumber", word: "<!channel>" } } }],
  ];

  it.each(cases)("%s", (_name, { given, defaults, want }) => {
    expect(parseCommand(given, defaults ?? noDefault)).toEqual(want);
  });

  it("shortens a very long word in the problem it reports", () => {
    const result = parseCommand(`2 ${"x".repeat(5000)}`, noDefault);
    expect(result.kind).toBe("invalid");
    if (result.kind === "invalid" && result.problem.code === "notANumber") expect(result.problem.word.length).toBeLessThanOrEqual(41);
    else throw new Error("expected notANumber");
  });
});

describe("parseMention", () => {
  it.each([
    ["a sentence around a link", "what happened <https://job.example.com/biz/2/execute/task/9>?", { kind: "report", ref: { bizId: 2, jobInstanceId: 9 }, grep: null }],
    ["a business before an api_execute link", "2 see https://job.example.com/api_execute/9", { kind: "report", ref: { bizId: 2, jobInstanceId: 9 }, grep: null }],
    ["plain ids", "2 9", { kind: "report", ref: { bizId: 2, jobInstanceId: 9 }, grep: null }],
    ["words only", "please look", { kind: "invalid", problem: { code: "notANumber", word: "please" } }],
    ["a link, then grep", "<https://job.example.com/biz/2/execute/task/9> grep No space left", { kind: "report", ref: { bizId: 2, jobInstanceId: 9 }, grep: "No space left" }],
    ["grep, then a link", "grep disk full in <https://job.example.com/biz/2/execute/task/9>", { kind: "report", ref: { bizId: 2, jobInstanceId: 9 }, grep: "disk full in" }],
    ["a link and grep with nothing to search: the report", "https://job.example.com/biz/2/execute/task/9 grep", { kind: "report", ref: { bizId: 2, jobInstanceId: 9 }, grep: null }],
  ] as const)("%s", (_name, given, want) => {
    expect(parseMention(given, noDefault)).toEqual(want);
  });
});
