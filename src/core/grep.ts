// Finding a literal text in a log: which lines contain it, with their numbers. Pure; scans
// forward once and stops collecting after `max` lines (a 5 MB log is not split into lines).
import { cleanLogText } from "./log-text.js";
import type { GrepMatch } from "./report-model.js";

/** Matching lines kept per host; the renderer shows fewer when space is short. */
export const GREP_MATCHES_PER_HOST = 20;

export function findMatchingLines(text: string, needle: string, max = GREP_MATCHES_PER_HOST): { matches: GrepMatch[]; count: number } {
  const matches: GrepMatch[] = [];
  if (needle.length === 0) return { matches, count: 0 };
  let count = 0;
  let searchFrom = 0;
  let lineNumber = 1;
  let lineStart = 0;
  for (let at = text.indexOf(needle, searchFrom); at >= 0; at = text.indexOf(needle, searchFrom)) {
    // Count the newlines between the last line start and this match.
    for (let newline = text.indexOf("\n", lineStart); newline >= 0 && newline < at; newline = text.indexOf("\n", lineStart)) {
      lineNumber += 1;
      lineStart = newline + 1;
    }
    const lineEnd = text.indexOf("\n", at);
    const end = lineEnd < 0 ? text.length : lineEnd;
    count += 1;
    if (matches.length < max) matches.push({ lineNumber, text: cleanLogText(text.slice(lineStart, end)) });
    // One entry per line, however often the text appears in it.
    searchFrom = end + 1;
    if (lineEnd < 0) break;
  }
  return { matches, count };
}
