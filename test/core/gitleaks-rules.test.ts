// The gitleaks port: the committed module is what the generator makes of the vendored rule set,
// and the conversion from Go RE2 to JavaScript keeps each rule's meaning.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { convertPattern, generateGitleaksRules, LEFT_OUT, OUTPUT_PATH, TOML_PATH } from "../../scripts/generate-gitleaks-rules.js";
import { GITLEAKS_RULES } from "../../src/core/secret-rules/gitleaks-rules.js";
import { fromGitleaks, shannonEntropy } from "../../src/core/secret-rules/mask-rule.js";

describe("the ported gitleaks rules", () => {
  it("are exactly what npm run gen:secret-rules makes of third_party/gitleaks/gitleaks.toml", () => {
    expect(readFileSync(OUTPUT_PATH, "utf8")).toBe(generateGitleaksRules(readFileSync(TOML_PATH, "utf8")));
  });

  it("cover the well-known formats and leave out the rules that would mask commit SHAs", () => {
    const ids = new Set(GITLEAKS_RULES.map((rule) => rule.id));
    for (const id of ["aws-access-token", "gcp-api-key", "azure-ad-client-secret", "github-pat", "gitlab-pat", "slack-bot-token", "stripe-access-token", "npm-access-token", "pypi-upload-token", "private-key", "jwt", "curl-auth-user"]) {
      expect(ids.has(id), id).toBe(true);
    }
    for (const id of Object.keys(LEFT_OUT)) expect(ids.has(id), id).toBe(false);
  });

  it("each compile in JavaScript with lower-case keywords", () => {
    for (const rule of GITLEAKS_RULES) {
      expect(() => fromGitleaks(rule), rule.id).not.toThrow();
      expect(rule.keywords.length, rule.id).toBeGreaterThan(0);
      for (const keyword of rule.keywords) expect(keyword, rule.id).toBe(keyword.toLowerCase());
    }
  });
});

describe("converting Go RE2 to JavaScript", () => {
  it.each([
    ["a leading (?i) becomes the i flag", "(?i)xoxe-\\d-[A-Z0-9]{146}", { source: "xoxe-\\d-[A-Z0-9]{146}", flags: "i" }],
    ["a (?i) in the middle makes the whole pattern case-insensitive", "\\b(LTAI(?i)[a-z0-9]{20})", { source: "\\b(LTAI[a-z0-9]{20})", flags: "i" }],
    ["(?i:…) and (?-i:…) groups become plain groups", "\\b(hf_(?i:[a-z]{34}))(?-i:x)", { source: "\\b(hf_(?:[a-z]{34}))(?:x)", flags: "i" }],
    ["POSIX [[:alnum:]]", "\\b(pat[[:alnum:]]{14})\\b", { source: "\\b(pat[a-zA-Z0-9]{14})\\b", flags: "" }],
    ["\\z (end of text)", "(sha256~[\\w-]{43})(?:[^\\w-]|\\z)", { source: "(sha256~[\\w-]{43})(?:[^\\w-]|$)", flags: "" }],
    ["named groups", "\\bZXlK(?:(?P<alg>aGJH))", { source: "\\bZXlK(?:(?<alg>aGJH))", flags: "" }],
    [
      "a semi-generic rule's separators, kept on the key's line",
      "(?i)(?:okta)(?:[ \\t\\w.-]{0,20})[\\s'\"]{0,3}(?:=|:)[\\x60'\"\\s=]{0,5}(00[\\w=\\-]{40})",
      { source: "(?:okta)(?:[ \\t\\w.-]{0,20})[ \\t'\"]{0,3}(?:=|:)[\\x60'\" \\t=]{0,5}(00[\\w=\\-]{40})", flags: "i" },
    ],
    ["the optional identifier run before a semi-generic rule", "(?i)[\\w.-]{0,50}?(?:adafruit)(?:[ \\t\\w.-]{0,20})=([a-z]{32})", { source: "(?:adafruit)(?:[ \\t\\w.-]{0,20})=([a-z]{32})", flags: "i" }],
  ])("%s", (_name, re2, want) => {
    expect(convertPattern(re2, "test")).toEqual(want);
  });

  it("refuses syntax JavaScript would read differently", () => {
    expect(() => convertPattern("(?s:.){0,200}", "test")).toThrow("cannot convert (?s");
    expect(() => convertPattern("\\p{Greek}+", "test")).toThrow("cannot convert");
  });
});

describe("gitleaks' entropy check", () => {
  it("computes Shannon entropy per character as gitleaks does", () => {
    expect(shannonEntropy("")).toBe(0);
    expect(shannonEntropy("aaaa")).toBe(0);
    expect(shannonEntropy("abcd")).toBe(2);
  });

  it("skips a match whose secret is too regular", () => {
    const aws = fromGitleaks(GITLEAKS_RULES.find((rule) => rule.id === "aws-access-token")!);
    const spans = (text: string) => {
      aws.pattern.lastIndex = 0;
      const match = aws.pattern.exec(text);
      return match ? aws.spansOf(match, text) : [];
    };
    expect(spans("AKIAIOSFODNN7EXAMPLE")).toEqual([{ start: 0, end: 20 }]);
    expect(spans("AKIAAAAAAAAAAAAAAAAA")).toEqual([]);
  });
});
