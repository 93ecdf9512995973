// Parses what a person typed after /joblog (or after mentioning the bot) into a request, or a
// precise problem to show with the usage help. No upstream call is made for anything invalid.
import type { JobRef } from "../ports.js";
import { findJobLinks, looksLikeUrl, parseJobLink } from "./job-link.js";

export type UsageProblem =
  | { code: "empty" }
  | { code: "tooManyWords" }
  | { code: "notANumber"; word: string }
  | { code: "tooLarge"; word: string }
  | { code: "missingJob" }
  | { code: "missingBiz" }
  | { code: "unknownLink" }
  | { code: "bizMismatch"; linkBiz: number; givenBiz: number };

export type Command =
  | { kind: "help" }
  | { kind: "report"; ref: JobRef }
  | { kind: "invalid"; problem: UsageProblem };

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

function fromLink(word: string, givenBiz: number | null, defaultBizId: number | null): Command {
  const link = parseJobLink(word);
  if (link === null) return { kind: "invalid", problem: { code: "unknownLink" } };
  if (link.bizId !== null && givenBiz !== null && link.bizId !== givenBiz) {
    return { kind: "invalid", problem: { code: "bizMismatch", linkBiz: link.bizId, givenBiz } };
  }
  const bizId = link.bizId ?? givenBiz ?? defaultBizId;
  if (bizId === null) return { kind: "invalid", problem: { code: "missingBiz" } };
  return { kind: "report", ref: { bizId, jobInstanceId: link.jobInstanceId } };
}

export function parseCommand(text: string, defaults: { defaultBizId: number | null }): Command {
  // Full-width spaces are common when typing from a Chinese input method.
  const words = text.replace(/\u3000/g, " ").trim().split(/\s+/).filter((word) => word.length > 0);
  if (words.length === 0) return { kind: "help" };
  if (words.length === 1 && HELP_WORDS.has(words[0]!.toLowerCase())) return { kind: "help" };
  if (words.length > 2) return { kind: "invalid", problem: { code: "tooManyWords" } };

  const [first, second] = words as [string, string | undefined];
  if (second === undefined) {
    if (looksLikeUrl(first)) return fromLink(first, null, defaults.defaultBizId);
    const job = parseId(first);
    if (!job.ok) return { kind: "invalid", problem: job.problem };
    if (defaults.defaultBizId === null) return { kind: "invalid", problem: { code: "missingJob" } };
    return { kind: "report", ref: { bizId: defaults.defaultBizId, jobInstanceId: job.id } };
  }

  const biz = parseId(first);
  if (!biz.ok) return { kind: "invalid", problem: biz.problem };
  if (looksLikeUrl(second)) return fromLink(second, biz.id, defaults.defaultBizId);
  const job = parseId(second);
  if (!job.ok) return { kind: "invalid", problem: job.problem };
  return { kind: "report", ref: { bizId: biz.id, jobInstanceId: job.id } };
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
  return fromLink(link.url, givenBiz, defaults.defaultBizId);
}
