import { describe, expect, it } from "vitest";
import { cleanLogText, countLines, fitTailToBudget, tailLines, truncateText } from "../../src/core/log-text.js";

describe("cleanLogText", () => {
  it.each([
    ["colour codes", "\u001b[31mERROR\u001b[0m done", "ERROR done"],
    ["bold green", "\u001b[1;32mOK\u001b[0m", "OK"],
    ["OSC hyperlink", "\u001b]8;;http://x\u0007link\u001b]8;;\u0007", "link"],
    ["CRLF", "a\r\nb", "a\nb"],
    ["tabs kept", "a\tb", "a\tb"],
    ["bell and backspace", "a\u0007b\u0008c", "abc"],
  ])("removes %s", (_name, given, want) => {
    expect(cleanLogText(given)).toBe(want);
  });
});

describe("truncateText", () => {
  it("keeps short text", () => expect(truncateText("abc", 3)).toBe("abc"));
  it("never splits a CJK character", () => expect(truncateText("磁盘空间不足部署失败", 5)).toBe("磁盘空间…"));
  it("never splits an emoji with a skin tone", () => {
    const cut = truncateText("ab👍🏽cd", 5);
    expect(cut).toBe("ab…");
    expect(cut.length).toBeLessThanOrEqual(5);
  });
  it("never splits a family emoji", () => {
    const family = "👨‍👩‍👧‍👦";
    const cut = truncateText(`x${family}y`, family.length + 1);
    expect(cut).toBe("x…");
  });
  it("stays within the limit", () => {
    for (let limit = 1; limit < 20; limit += 1) expect(truncateText("日本語🔥text👍🏽日本語".repeat(3), limit).length).toBeLessThanOrEqual(limit);
  });
});

describe("tailLines", () => {
  it.each([
    ["last two", "a\nb\nc\n", 2, ["b", "c"]],
    ["more than there are", "a\nb\nc", 5, ["a", "b", "c"]],
    ["keeps a blank first line", "\nb", 2, ["", "b"]],
    ["empty text", "", 3, []],
    ["single line", "x", 1, ["x"]],
  ] as const)("%s", (_name, text, count, want) => {
    expect(tailLines(text, count)).toEqual(want);
  });
});

describe("countLines", () => {
  it.each([
    ["", 0],
    ["a", 1],
    ["a\n", 1],
    ["a\nb", 2],
    ["a\n\nb\n", 3],
  ] as const)("%j has %i lines", (text, want) => expect(countLines(text)).toBe(want));
});

describe("fitTailToBudget", () => {
  it("keeps the last whole lines that fit", () => {
    expect(fitTailToBudget(["aaaa", "bbbb", "cccc"], 10, 100)).toEqual(["bbbb", "cccc"]);
  });
  it("cuts long lines", () => {
    expect(fitTailToBudget(["x".repeat(50)], 100, 10)).toEqual(["xxxxxxxxx…"]);
  });
});
