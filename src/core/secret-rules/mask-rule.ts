// One masking rule as the redactor runs it: keywords that must be on a line for it to run, a
// pattern searched on that line (or a few lines from it), and what part of each match to mask.
// gitleaks' rules are turned into this shape here, with its entropy check. Pure.
import type { GitleaksRule } from "./gitleaks-rule.js";

/** Text to replace, by offsets into the text searched; `replacement` defaults to [redacted]. */
export interface Span {
  start: number;
  end: number;
  replacement?: string;
}

export interface MaskRule {
  id: string;
  /** Lower-case ASCII; at least one. */
  keywords: readonly string[];
  /** Global, with indices (flags g and d). */
  pattern: RegExp;
  /** Lines a match may span from its keyword's line: 1 for most rules. */
  lines: number;
  /** What to mask in one match; `searched` is the text the match was found in. */
  spansOf(match: RegExpExecArray, searched: string): Span[];
}

/** Shannon entropy in bits per character, as gitleaks computes it (detect/utils.go). */
export function shannonEntropy(text: string): number {
  if (text.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const char of text) counts.set(char, (counts.get(char) ?? 0) + 1);
  // gitleaks divides by the byte length; every secret these rules find is ASCII, so they agree.
  let entropy = 0;
  for (const count of counts.values()) {
    const frequency = count / text.length;
    entropy -= frequency * Math.log2(frequency);
  }
  return entropy;
}

/**
 * The secret of a gitleaks match: its `secretGroup`, else the first non-empty group, else the
 * whole match (detect/detect.go, detectRule); skipped when its entropy is at most the rule's.
 */
export function fromGitleaks(rule: GitleaksRule): MaskRule {
  return {
    id: `gitleaks:${rule.id}`,
    keywords: rule.keywords,
    pattern: new RegExp(rule.source, `${rule.flags}gd`),
    lines: rule.lines ?? 1,
    spansOf(match) {
      const indices = match.indices!;
      let group = 0;
      if (rule.secretGroup !== undefined) group = rule.secretGroup;
      else {
        for (let index = 1; index < match.length; index += 1) {
          if (match[index]) {
            group = index;
            break;
          }
        }
      }
      const found = indices[group];
      const secret = match[group];
      if (!found || !secret) return [];
      if (rule.entropy !== undefined && shannonEntropy(secret) <= rule.entropy) return [];
      // gitleaks trims newlines off a whole match (detectRule); a group never ends in one here.
      let end = found[1];
      while (end > found[0] && secret.charCodeAt(end - found[0] - 1) === 10) end -= 1;
      return [{ start: found[0], end }];
    },
  };
}
