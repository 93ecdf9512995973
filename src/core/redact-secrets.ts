// Masks secrets in log text before it leaves joblog (messages, modals, thread files): values of
// password/token/secret-like keys, Authorization headers, AWS-style access keys, private key
// blocks, `mysql -p…`, and credentials in URLs, plus patterns from the access file. Pure.
// The masked part reads `[redacted]`; what makes the line understandable (the key) stays.

export const REDACTED = "[redacted]";

interface Rule {
  pattern: RegExp;
  replace: (match: string, ...groups: string[]) => string;
}

// A key that names a secret: it ENDS with one of these words (DB_PASSWORD, github_token,
// aws_secret_access_key), so "token_count", "secretary" or "password_policy" are left alone.
const SECRET_KEY = String.raw`[A-Za-z0-9_.-]*?(?:password|passwd|pwd|passphrase|secret|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key|credentials?)`;
const VALUE = String.raw`(?:"[^"\n]*"|'[^'\n]*'|[^\s"',;&]+)`;

const RULES: Rule[] = [
  {
    // -----BEGIN … PRIVATE KEY----- … -----END … PRIVATE KEY----- (or to the end, when cut off)
    pattern: /-----BEGIN ([A-Z0-9 ]*)PRIVATE KEY-----[\s\S]*?(?:-----END \1PRIVATE KEY-----|$)/g,
    replace: () => `-----BEGIN PRIVATE KEY----- ${REDACTED} -----END PRIVATE KEY-----`,
  },
  {
    // Authorization: Bearer xxx / Basic xxx / token xxx / {"bk_app_secret": …}: the whole value,
    // to the end of the line (curl -v output, gateway headers in logs)
    pattern: /\b((?:proxy-)?authorization)(["']?\s*[:=]\s*["']?)(?:(bearer|basic|token|digest)\s+)?\S[^\n]*/gi,
    replace: (_match, name, separator, scheme) => `${name}${separator}${scheme ? `${scheme} ` : ""}${REDACTED}`,
  },
  {
    // key=value, key: value, "key": "value", --key=value, --key value
    pattern: new RegExp(String.raw`(^|[^A-Za-z0-9_])(--?)?(${SECRET_KEY})(["']?)(\s*[=:]\s*|\s+(?=\S)(?<=--\S+\s+))(${VALUE})`, "gim"),
    replace: (match, before, dashes, key, quote, separator, value) => {
      if (value === "" || /^["']{2}$/.test(value)) return match;
      const quoted = /^["']/.test(value) ? `${value[0]}${REDACTED}${value[0]}` : REDACTED;
      return `${before}${dashes ?? ""}${key}${quote}${separator}${quoted}`;
    },
  },
  {
    // mysql -uroot -pS3cret (the password glued to -p; "-p" alone makes mysql prompt)
    pattern: /\b(mysql(?:dump|admin|import|sh)?\b[^\n]*?\s-p)(?!\s)(\S+)/g,
    replace: (_match, command) => `${command}${REDACTED}`,
  },
  {
    // scheme://user:password@host
    pattern: /\b([a-z][a-z0-9+.-]*:\/\/[^\s/:@]*):([^\s/@]+)@/gi,
    replace: (_match, userPart) => `${userPart}:${REDACTED}@`,
  },
  {
    // AWS access key ids (and other AKIA-style keys)
    pattern: /\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{16}\b/g,
    replace: () => REDACTED,
  },
];

export interface Redactor {
  redact(text: string): string;
}

/** `extra`: regular expressions from the access file; every match is masked whole. */
export function createRedactor(extra: readonly RegExp[] = []): Redactor {
  const rules: Rule[] = [
    ...RULES,
    ...extra.map((pattern) => ({ pattern: new RegExp(pattern.source, pattern.flags.includes("g") ? pattern.flags : `${pattern.flags}g`), replace: () => REDACTED })),
  ];
  return {
    redact(text: string): string {
      let result = text;
      for (const rule of rules) {
        rule.pattern.lastIndex = 0;
        result = result.replace(rule.pattern, rule.replace as (substring: string, ...args: string[]) => string);
      }
      return result;
    },
  };
}
