// Splits one host's whole log into pages a modal can hold: whole lines, at most PAGE_MAX_LINES
// lines and PAGE_MAX_CHARS characters a page. Pure; the index is computed once per log and cached.
import { cleanLogText, truncateText } from "./log-text.js";

export const PAGE_MAX_LINES = 400;
export const PAGE_MAX_CHARS = 8_000;
/** A single line longer than this is cut when shown (the file upload keeps it whole). */
export const PAGE_MAX_LINE_LENGTH = 1_000;

export interface LogPageIndex {
  totalLines: number;
  /** For each page: [first line number (1-based), last line number, start offset, end offset). */
  pages: { firstLine: number; lastLine: number; start: number; end: number }[];
}

export function indexLogPages(text: string): LogPageIndex {
  const pages: LogPageIndex["pages"] = [];
  const body = text.endsWith("\n") ? text.slice(0, -1) : text;
  if (body.length === 0) return { totalLines: 0, pages: [] };
  let lineNumber = 0;
  let pageStart = 0;
  let pageFirstLine = 1;
  let pageLines = 0;
  let pageChars = 0;
  let position = 0;
  while (position <= body.length) {
    const newline = body.indexOf("\n", position);
    const lineEnd = newline < 0 ? body.length : newline;
    const shownLength = Math.min(lineEnd - position, PAGE_MAX_LINE_LENGTH) + 1;
    if (pageLines > 0 && (pageLines >= PAGE_MAX_LINES || pageChars + shownLength > PAGE_MAX_CHARS)) {
      pages.push({ firstLine: pageFirstLine, lastLine: lineNumber, start: pageStart, end: position - 1 });
      pageStart = position;
      pageFirstLine = lineNumber + 1;
      pageLines = 0;
      pageChars = 0;
    }
    lineNumber += 1;
    pageLines += 1;
    pageChars += shownLength;
    if (newline < 0) break;
    position = newline + 1;
  }
  pages.push({ firstLine: pageFirstLine, lastLine: lineNumber, start: pageStart, end: body.length });
  return { totalLines: lineNumber, pages };
}

/** The page's lines, cleaned of ANSI codes, long lines cut. */
export function pageLines(text: string, index: LogPageIndex, page: number): string[] {
  const entry = index.pages[page];
  if (!entry) return [];
  return text
    .slice(entry.start, entry.end)
    .split("\n")
    .map((line) => truncateText(cleanLogText(line), PAGE_MAX_LINE_LENGTH));
}

/** Groups lines into chunks of at most maxChars, so no single block holds too much text. */
export function chunkLines(lines: string[], maxChars: number): string[] {
  const chunks: string[] = [];
  let current: string[] = [];
  let length = 0;
  for (const line of lines) {
    if (current.length > 0 && length + line.length + 1 > maxChars) {
      chunks.push(current.join("\n"));
      current = [];
      length = 0;
    }
    current.push(line);
    length += line.length + 1;
  }
  if (current.length > 0) chunks.push(current.join("\n"));
  return chunks;
}
