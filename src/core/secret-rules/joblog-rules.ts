// joblog's own masking rules, for what gitleaks' rule set (gitleaks-rules.ts) does not cover or
// covers too narrowly for logs: values of keys that name a secret, Authorization headers,
// `mysql -p…`, credentials in URLs, private key blocks, and GitHub and Slack tokens whatever
// their length. Each runs only on lines holding one of its keywords. Pure.
import { REDACTED } from "./redacted.js";
import type { MaskRule, Span } from "./mask-rule.js";

// A key that names a secret ENDS with one of these (DB_PASSWORD, github_token,
// aws_secret_access_key), so token_count, max_tokens, secretary or password_policy are left alone.
const SECRET_WORD = String.raw`(?:password|passwd|pwd|passphrase|secret|token|(?:api|access|secret|private|signing|encryption)[_-]?key|apikey|credentials?)`;
// The separator stays on the key's line ([ \t], not \s): "Enter password:" at the end of a line
// must not mask the start of the next one.
const SEPARATOR = String.raw`[ \t]*[=:][ \t]*|[ \t]+(?=\S)(?<=--[A-Za-z0-9_.-]+[ \t]+)`;
const VALUE = String.raw`"[^"\n]*"|'[^'\n]*'|[^\s"',;&]+`;
const CLOSERS: Readonly<Record<string, string>> = { ")": "(", "]": "[", "}": "{" };

/** The value's span, leaving out quotes and a closing bracket the value did not open. */
function valueSpan(value: string, start: number): Span | null {
  if (/^(["'])\1$/.test(value)) return null;
  if (/^["']/.test(value)) return { start: start + 1, end: start + value.length - 1 };
  let end = start + value.length;
  const last = value.at(-1)!;
  const opener = CLOSERS[last];
  if (opener !== undefined && !value.includes(opener)) end -= 1;
  return end > start ? { start, end } : null;
}

const GITHUB_AND_SLACK_PREFIXES = ["ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_", "xoxb-", "xoxp-", "xoxa-", "xoxr-", "xoxe-", "xoxs-", "xoxo-", "xapp-"];

export const JOBLOG_RULES: readonly MaskRule[] = [
  {
    // key=value, key: value, "key": "value", --key=value, --key value
    id: "key-value",
    keywords: ["password", "passwd", "pwd", "passphrase", "secret", "token", "apikey", "api_key", "api-key", "accesskey", "access_key", "access-key", "privatekey", "private_key", "private-key", "signingkey", "signing_key", "signing-key", "encryptionkey", "encryption_key", "encryption-key", "credential"],
    pattern: new RegExp(String.raw`${SECRET_WORD}(["']?)(${SEPARATOR})(${VALUE})`, "gid"),
    lines: 1,
    spansOf(match, searched) {
      const value = match[3]!;
      // MySQL's "(using password: YES)" says whether a password was sent: a diagnostic, not one.
      if (/^(?:YES|NO)\)?$/.test(value) && /\busing $/i.test(searched.slice(Math.max(0, match.index - 6), match.index))) return [];
      const span = valueSpan(value, match.indices![3]![0]);
      return span ? [span] : [];
    },
  },
  {
    // Authorization: Bearer xxx / Basic xxx / {"bk_app_secret": …}: the rest of the line
    // (curl -v output, gateway headers); the scheme stays, as it says what kind of credential.
    id: "authorization-header",
    keywords: ["authorization"],
    pattern: /\b(?:proxy-)?authorization["']?[ \t]*[:=][ \t]*["']?(?:(?:bearer|basic|token|digest|negotiate)[ \t]+)?(\S.*)/gid,
    lines: 1,
    spansOf: (match) => [{ start: match.indices![1]![0], end: match.indices![1]![1] }],
  },
  {
    // mysql -uroot -pS3cret (the password glued to -p; "-p" alone makes mysql prompt)
    id: "mysql-password-flag",
    keywords: ["mysql"],
    pattern: /\bmysql(?:dump|admin|import|sh)?\b.*?[ \t]-p(?![ \t]|$)(\S+)/gd,
    lines: 1,
    spansOf: (match) => [{ start: match.indices![1]![0], end: match.indices![1]![1] }],
  },
  {
    // scheme://user:password@host
    id: "url-password",
    keywords: ["://"],
    pattern: /\b[a-z][a-z0-9+.-]*:\/\/[^\s/:@]*:([^\s/@]+)@/gid,
    lines: 1,
    spansOf: (match) => [{ start: match.indices![1]![0], end: match.indices![1]![1] }],
  },
  {
    // https://<token>@github.com/…: a user part of 20 or more token characters is a token used as
    // the user (GitHub's classic 40-hex tokens, CI job tokens); git@ or deploy@ stay.
    id: "url-token-user",
    keywords: ["://"],
    pattern: /\b[a-z][a-z0-9+.-]*:\/\/([A-Za-z0-9_.~%-]{20,})@/gid,
    lines: 1,
    spansOf: (match) => [{ start: match.indices![1]![0], end: match.indices![1]![1] }],
  },
  {
    // -----BEGIN … PRIVATE KEY----- … -----END … PRIVATE KEY----- (or to the end, when cut off)
    id: "private-key-block",
    keywords: ["-----begin"],
    pattern: /-----BEGIN ([A-Z0-9 ]*)PRIVATE KEY-----[\s\S]*?(?:-----END \1PRIVATE KEY-----|$)/gd,
    lines: Number.POSITIVE_INFINITY,
    spansOf: (match) => [{ start: match.index, end: match.index + match[0].length, replacement: `-----BEGIN PRIVATE KEY----- ${REDACTED} -----END PRIVATE KEY-----` }],
  },
  {
    // GitHub and Slack tokens by their prefix alone: gitleaks' rules insist on each format's exact
    // length, and a shorter, older or cut-off token is still a secret.
    id: "github-slack-token-prefix",
    keywords: GITHUB_AND_SLACK_PREFIXES,
    pattern: /\b(?:gh[pousr]_[A-Za-z0-9_]{16,}|github_pat_[A-Za-z0-9_]{20,}|xox[abeoprs]-[A-Za-z0-9-]{8,}|xapp-[A-Za-z0-9-]{8,})/gd,
    lines: 1,
    spansOf: (match) => [{ start: match.index, end: match.index + match[0].length }],
  },
];
