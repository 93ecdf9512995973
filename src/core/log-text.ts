// Turning raw BK-JOB log text into something safe and bounded to show: ANSI codes out, control
// characters out, cut by whole lines and whole characters (never half a CJK character or emoji).

// CSI sequences (colours, cursor moves), OSC sequences (titles, hyperlinks) and lone escapes.
// eslint-disable-next-line no-control-regex
const ANSI_PATTERN = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[@-Z\\-_]/g;
// Control characters other than tab and newline; carriage returns of CRLF endings included.
// eslint-disable-next-line no-control-regex
const CONTROL_PATTERN = /[\u0000-\u0008\u000b-\u001f\u007f]/g;

export function cleanLogText(text: string): string {
  return text.replace(ANSI_PATTERN, "").replace(CONTROL_PATTERN, "");
}

// Made at the first cut, not at start-up: a Segmenter loads ICU's break rules (~15 ms of CPU).
let segmenter: Intl.Segmenter | undefined;

/**
 * Cuts text to at most maxLength UTF-16 units (what Slack's limits count, or more) at a grapheme
 * boundary, appending the ellipsis within the limit when something was cut.
 */
export function truncateText(text: string, maxLength: number, ellipsis = "…"): string {
  if (text.length <= maxLength) return text;
  const room = maxLength - ellipsis.length;
  if (room <= 0) return ellipsis.slice(0, Math.max(0, maxLength));
  let end = 0;
  segmenter ??= new Intl.Segmenter(undefined, { granularity: "grapheme" });
  for (const { segment, index } of segmenter.segment(text.slice(0, room + 16))) {
    if (index + segment.length > room) break;
    end = index + segment.length;
  }
  return text.slice(0, end) + ellipsis;
}

/**
 * The last `count` lines of a log, found by scanning back from its end so a 5 MB log is not
 * split into lines just to show twenty of them. A trailing newline does not count as a line.
 */
export function tailLines(text: string, count: number): string[] {
  const body = text.endsWith("\n") ? text.slice(0, -1) : text;
  if (body.length === 0 || count <= 0) return [];
  let cut = -1; // index of the newline just before the tail; -1 means the whole text
  let searchFrom = body.length - 1;
  for (let found = 0; found < count; found += 1) {
    const newline = searchFrom < 0 ? -1 : body.lastIndexOf("\n", searchFrom);
    if (newline < 0) {
      cut = -1;
      break;
    }
    cut = newline;
    searchFrom = newline - 1;
  }
  return body.slice(cut + 1).split("\n");
}

export function countLines(text: string): number {
  if (text.length === 0) return 0;
  let lines = 1;
  for (let index = text.indexOf("\n"); index >= 0; index = text.indexOf("\n", index + 1)) lines += 1;
  return text.endsWith("\n") ? lines - 1 : lines;
}

/**
 * Fits whole lines into a character budget, keeping the LAST lines (a log's end is where the
 * error is). Lines longer than maxLineLength are cut. Returns the kept lines in order.
 */
export function fitTailToBudget(lines: string[], budget: number, maxLineLength: number): string[] {
  const kept: string[] = [];
  let used = 0;
  for (let index = lines.length - 1; index >= 0; index -= 1) {
    const line = truncateText(lines[index] ?? "", maxLineLength);
    const cost = line.length + 1;
    if (used + cost > budget) break;
    kept.push(line);
    used += cost;
  }
  return kept.reverse();
}
