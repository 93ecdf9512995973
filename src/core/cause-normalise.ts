// One log line reduced to what stays the same when the same thing goes wrong on another host:
// the numbers, addresses, ids, times and temporary names that differ from host to host become
// placeholders, and the words that say what went wrong stay. Two hosts whose error lines
// normalise alike failed alike (cause-signature.ts). Pure; the rules, in the order they run,
// are documented with examples in README.md ("Why did it fail: the digest").

interface Rule {
  pattern: RegExp;
  replacement: string | ((match: string) => string);
  /** A cheap test on the line as it is at that point: false means the pattern cannot match, so it is not run. */
  when: (text: string, hasDigit: boolean) => boolean;
}

/** A run of letters, digits, `_` and `-` inside a path that holds a digit: a release, a hash, a version. */
const NUMERIC_PART = /[A-Za-z0-9_-]*\d[A-Za-z0-9_-]*/g;
const NON_ASCII = /[^\x00-\x7f]/;

const digits = (_text: string, hasDigit: boolean) => hasDigit;
const digitsAnd = (needle: string) => (text: string, hasDigit: boolean) => hasDigit && text.includes(needle);

const RULES: readonly Rule[] = [
  { pattern: /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, replacement: "<uuid>", when: digitsAnd("-") },
  // Dates with an optional time and zone (ISO 8601, "yyyy-MM-dd HH:mm:ss,SSS", "yyyy/MM/dd"), then
  // times of day, then syslog's "May 20 <time>".
  {
    pattern: /\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?:[ T]\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d+)?)?(?:\s?(?:Z|[+-]\d{2}:?\d{2}|UTC)(?![A-Za-z]))?/g,
    replacement: "<time>",
    when: digits,
  },
  { pattern: /\b\d{1,2}:\d{2}:\d{2}(?:[.,]\d+)?\b/g, replacement: "<time>", when: digitsAnd(":") },
  { pattern: /\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) +\d{1,2} <time>/g, replacement: "<time>", when: (text) => text.includes(" <time>") },
  // IPv6 (with "::" or all eight groups; an IPv4 tail and a zone allowed), then IPv4 with its port.
  {
    pattern: /(?<![\w:])(?=[0-9a-f:]*::|(?:[0-9a-f]{1,4}:){7})[0-9a-f]{0,4}(?::[0-9a-f]{0,4}){2,7}(?:\d{1,3}(?:\.\d{1,3}){3})?(?:%\w+)?(?![\w:])/gi,
    replacement: "<ip>",
    when: (text, hasDigit) => hasDigit && (text.includes("::") || text.split(":").length > 7),
  },
  { pattern: /\b\d{1,3}(?:\.\d{1,3}){3}(?::\d{1,5})?\b/g, replacement: "<ip>", when: digitsAnd(".") },
  // Temporary names: mktemp's tmp.XXXXXXXXXX, Python's tmpXXXXXXXX (with or without digits).
  { pattern: /\btmp(?:\.[A-Za-z0-9]{6,}|[a-z0-9_]{6,})\b/g, replacement: "<tmp>", when: (text) => text.includes("tmp") },
  // Paths (absolute or relative): each part with a digit (a release directory, a hash, a versioned file) is one <n>.
  {
    pattern: /(?<![\w.<>/~-])(?:~|\.{1,2}|[\w.-]+)?(?:\/[^\s'"()[\]{},;:/]*)+/g,
    replacement: (path) => path.replace(NUMERIC_PART, "<n>"),
    when: digitsAnd("/"),
  },
  // Host names with numbers: lower-case dotted names with a digit, ending in a word (web-03.prod.example.com),
  // not followed by more name (so urllib3.exceptions.MaxRetryError is not a host).
  {
    pattern: /\b(?=[a-z0-9.-]*\d)[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*\.[a-z][a-z-]*[a-z](?![\w-]|\.\w)/g,
    replacement: "<host>",
    when: digitsAnd("."),
  },
  // Hex ids: 0x…, and runs of six or more hex digits mixing digits and letters (hashes, container ids).
  { pattern: /\b0x[0-9a-f]+\b/gi, replacement: "<hex>", when: digitsAnd("0x") },
  { pattern: /\b(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{6,}\b/gi, replacement: "<hex>", when: digits },
  // Durations, whatever the unit ("90s", "1m30s", "3021 ms", "2 minutes", "3000毫秒").
  { pattern: /\b(?:\d+(?:\.\d+)?(?:ms|h|m|s))+\b/g, replacement: "<duration>", when: digits },
  { pattern: /\b\d+(?:\.\d+)?\s?(?:ms|milliseconds?|s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?)\b/gi, replacement: "<duration>", when: digits },
  { pattern: /\d+(?:\.\d+)?\s?(?:毫秒|秒钟|秒|分钟|小时|天)/g, replacement: "<duration>", when: (text, hasDigit) => hasDigit && NON_ASCII.test(text) },
  // Generated names: five or more letters and digits, with digits between letters (a pod's x2x9k).
  { pattern: /\b(?=[a-z0-9]*[a-z]\d+[a-z])(?=(?:[a-z]*\d){2})[a-z0-9]{5,}\b/gi, replacement: "<id>", when: digits },
  // Every other number (PIDs, ports, counts, sizes, line numbers, versions).
  { pattern: /\d+(?:[.,]\d+)*/g, replacement: "<n>", when: digits },
];

/** A timestamp (and its brackets) at the start of a line, once normalised: when it was printed. */
const LEADING_TIME = /^(?:[[(]?<time>[\])]?[\s,:|-]*)+/;

/**
 * A line's signature: Unicode compatibility forms folded (full-width digits and punctuation in
 * CJK text), the rules above in order, a leading timestamp dropped, spaces collapsed, lower case.
 */
export function normaliseLine(line: string): string {
  let text = NON_ASCII.test(line) ? line.normalize("NFKC") : line;
  // Rules replace digits, never add them: a line without one skips every rule that needs one.
  const hasDigit = /\d/.test(text);
  for (const { pattern, replacement, when } of RULES) {
    if (!when(text, hasDigit)) continue;
    text = typeof replacement === "string" ? text.replace(pattern, replacement) : text.replace(pattern, replacement);
  }
  return text.replace(LEADING_TIME, "").replace(/\s+/g, " ").trim().toLowerCase();
}
