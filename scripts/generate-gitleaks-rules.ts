// Generates src/core/secret-rules/gitleaks-rules.ts from gitleaks' default rule set, kept as
// published in third_party/gitleaks/gitleaks.toml (MIT, third_party/gitleaks/LICENSE):
//   npm run gen:secret-rules
// test/core/gitleaks-rules.test.ts fails when the committed module differs from what this writes.
// To update: replace the .toml with a newer release's config/gitleaks.toml, set its version and
// commit below, run the command, and review which rules the conversion now refuses.
// Why gitleaks and not secretlint's recommended preset: secretlint 13 (its kept line) needs
// Node >= 22, this project runs on Node 20; and gitleaks' rules are data (regex, keywords,
// entropy) that port as they are, where secretlint's are code run per file.
import { readFileSync, writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { parse } from "smol-toml";

export const GITLEAKS_SOURCE = {
  url: "https://github.com/gitleaks/gitleaks/blob/v8.30.0/config/gitleaks.toml",
  version: "v8.30.0",
  commit: "6eaad039603a4de39fddd1cf5f727391efe9974e",
  licence: "MIT (Copyright (c) 2019 Zachary Rice), third_party/gitleaks/LICENSE",
} as const;

/**
 * Rules not ported, and why. Everything else in the file is ported. A rule the conversion
 * cannot express in JavaScript stops the generator rather than being dropped silently.
 */
export const LEFT_OUT: Readonly<Record<string, string>> = {
  "generic-api-key":
    "generic: any 10-150 characters after a key, access, auth, token or secret word: masks commit SHAs, ids and hashes; joblog's own key/value rule masks values of keys that name a secret",
  "sourcegraph-access-token": "one alternative is any bare 40-hex string: every commit SHA in a log that mentions Sourcegraph",
  "kubernetes-secret-yaml": "gitleaks applies it only to files whose path names a secret manifest; a job log has no path",
  "nuget-config-password": "path-scoped to nuget.config files",
  "hashicorp-tf-password": "path-scoped to Terraform files; joblog's key/value rule masks password = values anywhere",
  "freemius-secret-key": "path-scoped to PHP files",
  "pkcs12-file": "matches file paths only (no content regex)",
};

/** Lines a rule's match may span, from the line its keyword is on; 1 for every other rule. */
const MULTI_LINE: Readonly<Record<string, number>> = {
  // -----BEGIN … PRIVATE KEY----- to its END line, however far.
  "private-key": Number.POSITIVE_INFINITY,
  // curl, then up to five continuation lines (gitleaks' own bound).
  "curl-auth-header": 6,
  "curl-auth-user": 6,
};

interface TomlRule {
  id: string;
  regex?: string;
  keywords?: string[];
  entropy?: number;
  secretGroup?: number;
  path?: string;
}

export interface ConvertedPattern {
  source: string;
  flags: string;
}

const IDENTIFIER_PREFIX = String.raw`[\w.-]{0,50}?`;

/**
 * Go RE2 syntax → JavaScript (Node 20, no inline modifiers):
 * - `(?i)` anywhere, or a `(?i:…)` group, makes the whole pattern case-insensitive (flag i), and
 *   `(?-i:…)` groups become plain groups: a prefix written in one case (`LTAI(?i)[a-z0-9]{20}`)
 *   then matches in any case. Looser, never stricter: masking errs towards masking.
 * - `[[:alnum:]]` → `[a-zA-Z0-9]`; `\z` → `$` (no m flag: end of the text searched);
 *   `(?P<name>` → `(?<name>`.
 * - The leading `[\w.-]{0,50}?` of gitleaks' semi-generic rules (an optional run before the
 *   identifier, outside every group) is dropped: it changes where a match starts, never which
 *   secret it finds, and a lazy prefix tried at every position is what makes those rules slow.
 * - Their separators (`[\s'"]{0,3}` after the identifier, `[\x60'"\s=]{0,5}` before the secret)
 *   stay on the line (space or tab for \s): a key at the end of one line does not take the start
 *   of the next as its value, as joblog's own key/value rule does not.
 * Anything else RE2-only (`(?s)`, `(?m)`, `\Q…\E`, `\p{…}`, other POSIX classes) throws.
 */
export function convertPattern(re2: string, id: string): ConvertedPattern {
  let source = re2;
  const insensitive = source.includes("(?i)") || source.includes("(?i:");
  source = source.replaceAll("(?i)", "").replaceAll("(?i:", "(?:").replaceAll("(?-i:", "(?:");
  source = source.replaceAll("[[:alnum:]]", "[a-zA-Z0-9]").replaceAll(String.raw`\z`, "$").replaceAll("(?P<", "(?<");
  source = source.replaceAll(String.raw`[\s'"]{0,3}`, String.raw`[ \t'"]{0,3}`).replaceAll(String.raw`[\x60'"\s=]{0,5}`, String.raw`[\x60'" \t=]{0,5}`);
  while (source.startsWith(IDENTIFIER_PREFIX)) source = source.slice(IDENTIFIER_PREFIX.length);
  if (source.startsWith(`(?:${IDENTIFIER_PREFIX}`)) source = `(?:${source.slice(3 + IDENTIFIER_PREFIX.length)}`;
  for (const unsupported of [IDENTIFIER_PREFIX, "(?s", "(?m", "(?U", String.raw`\Q`, String.raw`\p{`, String.raw`\P{`, "[:", String.raw`\A`]) {
    if (source.includes(unsupported)) throw new Error(`${id}: cannot convert ${unsupported} in ${re2}`);
  }
  const flags = insensitive ? "i" : "";
  new RegExp(source, `${flags}gd`); // throws on anything JavaScript reads differently enough to reject
  return { source, flags };
}

export function generateGitleaksRules(tomlText: string): string {
  const config = parse(tomlText) as unknown as { rules: TomlRule[] };
  const ported: string[] = [];
  const seen = new Set<string>();
  for (const rule of config.rules) {
    seen.add(rule.id);
    if (rule.id in LEFT_OUT) continue;
    if (!rule.regex || !rule.keywords || rule.keywords.length === 0) {
      throw new Error(`${rule.id}: no regex or no keywords; port it by hand or add it to LEFT_OUT with a reason`);
    }
    if (rule.path) throw new Error(`${rule.id}: path-scoped; add it to LEFT_OUT with a reason`);
    const { source, flags } = convertPattern(rule.regex, rule.id);
    const fields = [
      `id: ${JSON.stringify(rule.id)}`,
      `keywords: ${JSON.stringify(rule.keywords.map((keyword) => keyword.toLowerCase()))}`,
      `source: ${JSON.stringify(source)}`,
      `flags: ${JSON.stringify(flags)}`,
      ...(rule.entropy ? [`entropy: ${rule.entropy}`] : []),
      ...(rule.secretGroup ? [`secretGroup: ${rule.secretGroup}`] : []),
      ...(MULTI_LINE[rule.id] ? [`lines: ${MULTI_LINE[rule.id] === Number.POSITIVE_INFINITY ? "Number.POSITIVE_INFINITY" : MULTI_LINE[rule.id]}`] : []),
    ];
    ported.push(`  { ${fields.join(", ")} },`);
  }
  for (const id of Object.keys(LEFT_OUT)) if (!seen.has(id)) throw new Error(`LEFT_OUT names ${id}, which the rule set no longer has`);
  const leftOut = Object.entries(LEFT_OUT).map(([id, why]) => `//   ${id}: ${why}`);
  return [
    "// GENERATED by scripts/generate-gitleaks-rules.ts (npm run gen:secret-rules); do not edit.",
    `// gitleaks' default rules, ${GITLEAKS_SOURCE.version} (commit ${GITLEAKS_SOURCE.commit}):`,
    `// ${GITLEAKS_SOURCE.url}`,
    `// Licence: ${GITLEAKS_SOURCE.licence}.`,
    "// Patterns are converted from Go RE2 to JavaScript (see convertPattern in the generator);",
    "// gitleaks' allowlists are not ported: for masking, a false positive costs one [redacted].",
    `// ${ported.length} rules ported; left out:`,
    ...leftOut,
    'import type { GitleaksRule } from "./gitleaks-rule.js";',
    "",
    "export const GITLEAKS_RULES: readonly GitleaksRule[] = [",
    ...ported,
    "];",
    "",
  ].join("\n");
}

export const TOML_PATH = new URL("../third_party/gitleaks/gitleaks.toml", import.meta.url);
export const OUTPUT_PATH = new URL("../src/core/secret-rules/gitleaks-rules.ts", import.meta.url);

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  writeFileSync(OUTPUT_PATH, generateGitleaksRules(readFileSync(TOML_PATH, "utf8")));
  process.stdout.write(`wrote ${OUTPUT_PATH.pathname}\n`);
}
