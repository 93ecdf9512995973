// Masks secrets in log text before it leaves joblog (messages, modals, thread files, grep, the
// terminal). Pure. What is masked:
// - joblog's own configured secrets, by value (BK_APP_SECRET, the Slack tokens and signing
//   secret), wherever they appear;
// - well-known token formats, from gitleaks' published rule set (secret-rules/gitleaks-rules.ts);
// - joblog's own rules (secret-rules/joblog-rules.ts): values of keys that name a secret,
//   Authorization headers, mysql -p…, credentials in URLs, private keys, GitHub/Slack tokens;
// - the access file's `redact:` patterns, every match whole.
// The masked part reads `[redacted]`; what makes the line understandable (the key) stays.
//
// Cost: one keyword scan of the text (secret-rules/keyword-scanner.ts) decides which lines each
// rule runs on, so a 5 MB log is read once rather than once per rule (npm run bench -- masking).
import { GITLEAKS_RULES } from "./secret-rules/gitleaks-rules.js";
import { JOBLOG_RULES } from "./secret-rules/joblog-rules.js";
import { createKeywordScanner, type KeywordScanner } from "./secret-rules/keyword-scanner.js";
import { fromGitleaks, type MaskRule, type Span } from "./secret-rules/mask-rule.js";
import { REDACTED } from "./secret-rules/redacted.js";

export { REDACTED };

export interface Redactor {
  /** Every rule: for log text. */
  redact(text: string): string;
  /** Only the configured secrets, by value: for upstream text that is not a log (names, BK-JOB's error messages). */
  redactKnownSecrets(text: string): string;
}

export interface RedactorOptions {
  /** joblog's own secrets (from the configuration): masked wherever their value appears. */
  secrets?: readonly string[];
  /** Regular expressions from the access file; every match is masked whole. */
  extra?: readonly RegExp[];
}

const RULES: readonly MaskRule[] = [...JOBLOG_RULES, ...GITLEAKS_RULES.map(fromGitleaks)];
const RULE_KEYWORDS = RULES.map((rule) => rule.keywords);
const PRINTABLE_ASCII = /^[\x20-\x7e]+$/;

/** Where a rule runs: each keyword line alone, or (multi-line rules) from it over `lines` lines, windows merged. */
function windowsOf(text: string, lineStarts: readonly number[], lines: number): [number, number][] {
  const windows: [number, number][] = [];
  for (const start of lineStarts) {
    let end = text.length;
    if (lines !== Number.POSITIVE_INFINITY) {
      // The end of the keyword's line, or of the (lines - 1)th line after it.
      for (let line = 0, from = start; line < lines; line += 1) {
        const newline = text.indexOf("\n", from);
        if (newline < 0) break;
        end = newline;
        from = newline + 1;
      }
    }
    const last = windows.at(-1);
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else windows.push([start, end]);
  }
  return windows;
}

/**
 * Past this many keyword lines, a single-line rule runs once over the whole text (one native
 * search instead of a search per line) and keeps what it finds on those lines. Its pattern gets
 * the m flag there, so ^ and $ still mean a line's start and end.
 */
const DENSE_LINES = 64;
const multiline = new WeakMap<RegExp, RegExp>();

function ruleSpans(text: string, rule: MaskRule, lineStarts: readonly number[], into: Span[]): void {
  if (rule.lines === 1 && lineStarts.length > DENSE_LINES) {
    let pattern = multiline.get(rule.pattern);
    if (!pattern) multiline.set(rule.pattern, (pattern = new RegExp(rule.pattern.source, `${rule.pattern.flags}m`)));
    const keywordLines = new Set(lineStarts);
    pattern.lastIndex = 0;
    for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
      if (match[0].length === 0) pattern.lastIndex += 1;
      for (const span of rule.spansOf(match, text)) if (keywordLines.has(text.lastIndexOf("\n", span.start - 1) + 1)) into.push(span);
    }
    return;
  }
  for (const [start, end] of windowsOf(text, lineStarts, rule.lines)) {
    const searched = text.slice(start, end);
    const pattern = rule.pattern;
    pattern.lastIndex = 0;
    for (let match = pattern.exec(searched); match !== null; match = pattern.exec(searched)) {
      if (match[0].length === 0) pattern.lastIndex += 1;
      for (const span of rule.spansOf(match, searched)) into.push({ ...span, start: span.start + start, end: span.end + start });
    }
  }
}

/** Every occurrence of each form, searching only the lines the scan found it on. */
function valueSpans(text: string, forms: readonly string[], lineStarts: readonly (readonly number[])[], into: Span[]): void {
  forms.forEach((form, index) => {
    for (const start of lineStarts[index]!) {
      // Within the line only: a search of the whole rest of the text per line would be quadratic.
      const newline = text.indexOf("\n", start);
      const line = text.slice(start, newline < 0 ? text.length : newline);
      for (let at = line.indexOf(form); at >= 0; at = line.indexOf(form, at + form.length)) into.push({ start: start + at, end: start + at + form.length });
    }
  });
}

/** Every occurrence of each form, anywhere. */
function valueSpansEverywhere(text: string, forms: readonly string[], into: Span[]): void {
  for (const form of forms) {
    for (let at = text.indexOf(form); at >= 0; at = text.indexOf(form, at + form.length)) into.push({ start: at, end: at + form.length });
  }
}

function patternSpans(text: string, patterns: readonly RegExp[], into: Span[]): void {
  for (const pattern of patterns) {
    pattern.lastIndex = 0;
    for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
      if (match[0].length === 0) pattern.lastIndex += 1;
      else into.push({ start: match.index, end: match.index + match[0].length });
    }
  }
}

/** The text with every span replaced; overlapping spans become one (its own replacement only when one span covers the rest). */
function applySpans(text: string, spans: Span[]): string {
  if (spans.length === 0) return text;
  spans.sort((a, b) => a.start - b.start || b.end - a.end || (b.replacement ? 1 : 0) - (a.replacement ? 1 : 0));
  const parts: string[] = [];
  let at = 0;
  let current: Span = { ...spans[0]! };
  const flush = () => {
    parts.push(text.slice(at, current.start), current.replacement ?? REDACTED);
    at = current.end;
  };
  for (const span of spans.slice(1)) {
    if (span.start < current.end) {
      if (span.end > current.end) current = { start: current.start, end: span.end };
    } else {
      flush();
      current = { ...span };
    }
  }
  flush();
  parts.push(text.slice(at));
  return parts.join("");
}

/** A secret as it is, and as it reads inside JSON text (quotes and backslashes escaped). */
function formsOf(secrets: readonly string[]): string[] {
  const forms = secrets.filter((secret) => secret !== "").flatMap((secret) => [secret, JSON.stringify(secret).slice(1, -1)]);
  return [...new Set(forms)];
}

export function createRedactor(options: RedactorOptions = {}): Redactor {
  const forms = formsOf(options.secrets ?? []);
  // Secrets in printable ASCII ride along in the keyword scan (one pass for everything); any
  // other is searched for on its own.
  const scanned = forms.filter((form) => PRINTABLE_ASCII.test(form));
  const searched = forms.filter((form) => !PRINTABLE_ASCII.test(form));
  const extra = (options.extra ?? []).map((pattern) => new RegExp(pattern.source, pattern.flags.includes("g") ? pattern.flags : `${pattern.flags}g`));
  // Built on first use: a redactor only ever asked for redactKnownSecrets never needs it.
  let scanner: KeywordScanner | null = null;
  const scannerOf = () => (scanner ??= createKeywordScanner([...RULE_KEYWORDS, ...scanned.map((form) => [form.toLowerCase()])]));
  return {
    redact(text) {
      const spans: Span[] = [];
      const lines = scannerOf().linesWith(text);
      RULES.forEach((rule, index) => {
        if (lines[index]!.length > 0) ruleSpans(text, rule, lines[index]!, spans);
      });
      valueSpans(text, scanned, lines.slice(RULES.length), spans);
      valueSpansEverywhere(text, searched, spans);
      patternSpans(text, extra, spans);
      return applySpans(text, spans);
    },
    redactKnownSecrets(text) {
      const spans: Span[] = [];
      valueSpansEverywhere(text, forms, spans);
      return applySpans(text, spans);
    },
  };
}
