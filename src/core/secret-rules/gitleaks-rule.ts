// The shape of one rule ported from gitleaks (gitleaks-rules.ts is generated from its published
// rule set): the converted pattern, the keywords that must appear for it to run, and the
// entropy a found secret must exceed.
export interface GitleaksRule {
  id: string;
  /** Lower-case; the rule runs only on lines holding one of them (gitleaks' pre-filter). */
  keywords: readonly string[];
  /** JavaScript source and flags (i or none), converted from gitleaks' RE2. */
  source: string;
  flags: string;
  /** gitleaks skips a secret whose Shannon entropy is at most this; absent: no check. */
  entropy?: number;
  /** Which capture group is the secret; absent: the first non-empty group, else the whole match. */
  secretGroup?: number;
  /** Lines a match may span from its keyword's line (default 1). */
  lines?: number;
}
