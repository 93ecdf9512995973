// Finding a literal text in a log: line numbers, one entry per line, a cap, cleaned text.
import { describe, expect, it } from "vitest";
import { findMatchingLines } from "../../src/core/grep.js";

describe("findMatchingLines", () => {
  it.each([
    ["one match", { text: "a\nNo space left\nb\n", needle: "No space", want: [{ lineNumber: 2, text: "No space left" }], count: 1 }],
    ["first and last lines", { text: "err x\nok\nerr y", needle: "err", want: [{ lineNumber: 1, text: "err x" }, { lineNumber: 3, text: "err y" }], count: 2 }],
    ["twice on one line counts once", { text: "a\nerr err\n", needle: "err", want: [{ lineNumber: 2, text: "err err" }], count: 1 }],
    ["case-sensitive and literal", { text: "ERROR\n(a+b)\n", needle: "(a+b)", want: [{ lineNumber: 2, text: "(a+b)" }], count: 1 }],
    ["no match", { text: "all good\n", needle: "fail", want: [], count: 0 }],
    ["ANSI and CR removed from what is shown", { text: "\u001b[31mFAIL\u001b[0m here\r\n", needle: "here", want: [{ lineNumber: 1, text: "FAIL here" }], count: 1 }],
    ["CJK", { text: "部署\n磁盘空间不足，部署失败\n", needle: "磁盘", want: [{ lineNumber: 2, text: "磁盘空间不足，部署失败" }], count: 1 }],
  ])("%s", (_name, { text, needle, want, count }) => {
    expect(findMatchingLines(text, needle)).toEqual({ matches: want, count });
  });

  it("keeps the first `max` lines and counts them all", () => {
    const text = Array.from({ length: 1_000 }, (_, index) => `line ${index} ${index % 2 === 0 ? "hit" : "miss"}`).join("\n");
    const found = findMatchingLines(text, "hit", 3);
    expect(found.count).toBe(500);
    expect(found.matches.map((match) => match.lineNumber)).toEqual([1, 3, 5]);
  });
});
