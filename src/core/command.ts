// Parses what a person typed after /joblog (or after mentioning the bot) into a request, or a
// precise problem to show with the usage help. No upstream call is made for anything invalid.
import type { JobRef } from "./job-ref.js";
import { findJobLinks, looksLikeUrl, parseJobLink } from "./job-link.js";
import { parseRunCommand, type RunCommand, type RunCommandProblem } from "./run-command.js";

export type UsageProblem =
  | { code: "empty" }
  | { code: "tooManyWords" }
  | { code: "notANumber"; word: string }
  | { code: "tooLarge"; word: string }
  | { code: "missingJob" }
  | { code: "missingBiz" }
  | { code: "unknownLink" }
  | { code: "bizMismatch"; linkBiz: number; givenBiz: number }
  | { code: "unknownOption"; word: string }
  | { code: "grepNeedsText" }
  | { code: "grepTooLong"; max: number }
  | RunCommandProblem;

export type Command =
  | { kind: "help" }
  | { kind: "report"; ref: JobRef; grep: string | null }
  | { kind: "follow"; ref: JobRef; failuresOnly: boolean }
  | { kind: "invalid"; problem: UsageProblem }
  /** Why it failed: the digest of causes alone (`<target> why`, `why <target>`). */
  | { kind: "why"; ref: JobRef }
  | RunCommand;

/** Longest text `grep` searches for; BK-JOB's own log search box is about this size. */
export const MAX_GREP_LENGTH = 200;

const HELP_WORDS = new Set(["help", "-h", "--help", "?", "帮助"]);
const MAX_WORD_LENGTH_SHOWN = 40;

type IdResult = { ok: true; id: number } | { ok: false; problem: UsageProblem };

function shown(word: string): string {
  return word.length > MAX_WORD_LENGTH_SHOWN ? `${word.slice(0, MAX_WORD_LENGTH_SHOWN)}…` : word;
}

function parseId(word: string): IdResult {
  if (!/^\d+$/.test(word) || /^0+$/.test(word)) return { ok: false, problem: { code: "notANumber", word: shown(word) } };
  const value = Number(word);
  if (!Number.isSafeInteger(value)) return { ok: false, problem: { code: "tooLarge", word: shown(word) } };
  return { ok: true, id: value };
}

type Target = { ok: true; ref: JobRef } | { ok: false; problem: UsageProblem };

function fromLink(word: string, givenBiz: number | null, defaultBizId: number | null): Target {
  const link = parseJobLink(word);
  if (link === null) return { ok: false, problem: { code: "unknownLink" } };
  if (link.bizId !== null && givenBiz !== null && link.bizId !== givenBiz) {
    return { ok: false, problem: { code: "bizMismatch", linkBiz: link.bizId, givenBiz } };
  }
  const bizId = link.bizId ?? givenBiz ?? defaultBizId;
  if (bizId === null) return { ok: false, problem: { code: "missingBiz" } };
  return { ok: true, ref: { bizId, jobInstanceId: link.jobInstanceId } };
}

/** `<biz> <job>`, `<link>`, `<biz> <link>`, or `<job>` with a default business. */
function parseTarget(words: string[], defaultBizId: number | null): Target {
  if (words.length === 0) return { ok: false, problem: { code: "missingJob" } };
  if (words.length > 2) return { ok: false, problem: { code: "tooManyWords" } };
  const [first, second] = words as [string, string | undefined];
  if (second === undefined) {
    if (looksLikeUrl(first)) return fromLink(first, null, defaultBizId);
    const job = parseId(first);
    if (!job.ok) return job;
    if (defaultBizId === null) return { ok: false, problem: { code: "missingJob" } };
    return { ok: true, ref: { bizId: defaultBizId, jobInstanceId: job.id } };
  }
  const biz = parseId(first);
  if (!biz.ok) return biz;
  if (looksLikeUrl(second)) return fromLink(second, biz.id, defaultBizId);
  const job = parseId(second);
  if (!job.ok) return job;
  return { ok: true, ref: { bizId: biz.id, jobInstanceId: job.id } };
}

const invalid = (problem: UsageProblem): Command => ({ kind: "invalid", problem });

/**
 * The grammar: `[follow] <target> [--failures-only]` or `<target> grep <text…>`, where the
 * grep text is everything after the word `grep`, spaces included.
 */
export function parseCommand(text: string, defaults: { defaultBizId: number | null }): Command {
  // Full-width spaces are common when typing from a Chinese input method.
  const normalised = text.replace(/\u3000/g, " ").trim();
  const words = normalised.split(/\s+/).filter((word) => word.length > 0);
  if (words.length === 0) return { kind: "help" };
  if (words.length === 1 && HELP_WORDS.has(words[0]!.toLowerCase())) return { kind: "help" };
  const runs = parseRunCommand(words);
  if (runs !== null) return runs.kind === "runsInvalid" ? invalid(runs.problem) : runs;

  if (words[0]!.toLowerCase() === "follow") {
    const options = words.slice(1).filter((word) => word.startsWith("--"));
    const unknown = options.find((option) => option.toLowerCase() !== "--failures-only");
    if (unknown !== undefined) return invalid({ code: "unknownOption", word: shown(unknown) });
    const target = parseTarget(words.slice(1).filter((word) => !word.startsWith("--")), defaults.defaultBizId);
    if (!target.ok) return invalid(target.problem);
    return { kind: "follow", ref: target.ref, failuresOnly: options.length > 0 };
  }

  const grepAt = words.findIndex((word) => word.toLowerCase() === "grep");
  if (grepAt >= 0) {
    const target = parseTarget(words.slice(0, grepAt), defaults.defaultBizId);
    if (!target.ok) return invalid(target.problem);
    // The first standalone "grep" is the same word as words[grepAt]: ids and links never contain one.
    const keyword = /(^|\s)grep(\s|$)/i.exec(normalised);
    const pattern = keyword ? normalised.slice(keyword.index + keyword[0].length).trim() : "";
    if (pattern.length === 0) return invalid({ code: "grepNeedsText" });
    if (pattern.length > MAX_GREP_LENGTH) return invalid({ code: "grepTooLong", max: MAX_GREP_LENGTH });
    return { kind: "report", ref: target.ref, grep: pattern };
  }

  const isWhy = (word: string | undefined) => word?.toLowerCase() === "why";
  if (isWhy(words[0]) || isWhy(words.at(-1))) {
    const target = parseTarget(isWhy(words[0]) ? words.slice(1) : words.slice(0, -1), defaults.defaultBizId);
    if (!target.ok) return invalid(target.problem);
    return { kind: "why", ref: target.ref };
  }

  const option = words.find((word) => word.startsWith("--"));
  if (option !== undefined) return invalid({ code: "unknownOption", word: shown(option) });
  const target = parseTarget(words, defaults.defaultBizId);
  if (!target.ok) return invalid(target.problem);
  return { kind: "report", ref: target.ref, grep: null };
}

/**
 * A mention is written like a sentence ("@joblog what happened here <link>"): a JOB link anywhere
 * in it wins; otherwise it reads like the slash command.
 */
export function parseMention(text: string, defaults: { defaultBizId: number | null }): Command {
  const [link] = findJobLinks(text);
  if (!link) return parseCommand(text, defaults);
  const bizWord = link.bizId === null ? text.split(/\s+/).find((word) => /^\d{1,16}$/.test(word)) : undefined;
  const givenBiz = bizWord !== undefined ? Number(bizWord) : null;
  const target = fromLink(link.url, givenBiz, defaults.defaultBizId);
  if (!target.ok) return invalid(target.problem);
  const follow = /(^|\s)follow(\s|$)/i.test(text);
  if (follow) return { kind: "follow", ref: target.ref, failuresOnly: /--failures-only/i.test(text) };
  const grep = mentionGrep(text);
  if (grep === null && /(^|\s)why(\s|$)/i.test(text)) return { kind: "why", ref: target.ref };
  return { kind: "report", ref: target.ref, grep };
}

/**
 * `@joblog <link> grep <text>`: the text after the word grep, without links (a mention's link is
 * the job, wherever it is written). Invalid grep text is ignored here: the report still answers.
 */
function mentionGrep(text: string): string | null {
  const keyword = /(^|\s)grep(\s|$)/i.exec(text);
  if (!keyword) return null;
  const pattern = text
    .slice(keyword.index + keyword[0].length)
    .replace(/<?https?:\/\/[^\s<>|]+(?:\|[^>]*)?>?/gi, " ")
    .replace(/\s+/g, " ")
    .trim();
  return pattern.length > 0 && pattern.length <= MAX_GREP_LENGTH ? pattern : null;
}
