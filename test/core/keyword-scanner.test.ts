// The keyword pre-filter: which lines hold which rules' keywords, in one scan.
import { describe, expect, it } from "vitest";
import { createKeywordScanner } from "../../src/core/secret-rules/keyword-scanner.js";

describe("the keyword scanner", () => {
  const scanner = createKeywordScanner([["ghp_", "gho_"], ["password"], ["ey"], ["://"]]);

  it("gives each rule the start of every line holding one of its keywords, once per line", () => {
    const text = "a\nuse ghp_x and gho_y\nno\nPASSWORD=1 password=2\nhttps://h and the key\n";
    const lineOf = (words: string) => text.indexOf(words);
    expect(scanner.linesWith(text)).toEqual([[lineOf("use ghp_")], [lineOf("PASSWORD")], [lineOf("https")], [lineOf("https")]]);
  });

  it("finds keywords in any case, overlapping, and at the very end of a text without a newline", () => {
    expect(scanner.linesWith("xGhP_")).toEqual([[0], [], [], []]);
    expect(scanner.linesWith("passwordpassword")).toEqual([[], [0], [], []]);
    expect(scanner.linesWith("line\nthey")).toEqual([[], [], [5], []]);
  });

  it("finds a keyword across the middle of a long text, and each one once in either half", () => {
    const line = "-".repeat(99) + "\n";
    const text = `${"-".repeat(1012)}password\n${line.repeat(10)}ghp_ again\n`;
    expect(text.indexOf("password")).toBeLessThan(text.length / 2);
    expect(text.indexOf("password") + "password".length).toBeGreaterThan(text.length / 2);
    expect(scanner.linesWith(text)).toEqual([[text.indexOf("ghp_")], [0], [], []]);
    const twice = `ey here\n${line.repeat(20)}ey there\n`;
    expect(scanner.linesWith(twice)).toEqual([[], [], [0, twice.indexOf("ey there")], []]);
  });

  it("reads text beyond ASCII without missing a keyword", () => {
    expect(scanner.linesWith("磁盘空间不足\n密码 password：x\n")).toEqual([[], [7], [], []]);
  });

  it("finds nothing in text without keywords", () => {
    expect(scanner.linesWith("line 000001: dumping t_event row 1 checksum=0a1b2c3d\n".repeat(3))).toEqual([[], [], [], []]);
  });

  it("refuses a keyword it could not find", () => {
    expect(() => createKeywordScanner([["密码"]])).toThrow("printable ASCII only");
  });
});
