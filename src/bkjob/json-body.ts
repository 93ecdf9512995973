// Parses a response body read as text, turning every way it can fail into a value that says
// what went wrong ("empty", "truncated", "not JSON") with a short excerpt for the error.

export type JsonBody =
  | { ok: true; value: unknown }
  | { ok: false; problem: "empty" | "truncated" | "not JSON"; excerpt: string };

export const EXCERPT_LENGTH = 80;

export function parseJsonBody(text: string): JsonBody {
  if (text.trim() === "") return { ok: false, problem: "empty", excerpt: "" };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    // Only failures pay for the scan below; successes cost one JSON.parse.
    return {
      ok: false,
      problem: looksTruncated(text) ? "truncated" : "not JSON",
      excerpt: excerptOf(text),
    };
  }
}

/** The first ~80 characters, on one line, for an error message. */
export function excerptOf(text: string): string {
  const oneLine = text.trimStart().slice(0, EXCERPT_LENGTH * 2).replace(/\s+/g, " ");
  return oneLine.length > EXCERPT_LENGTH ? `${oneLine.slice(0, EXCERPT_LENGTH)}…` : oneLine;
}

/**
 * A body that starts like JSON but ends inside a string or with brackets still open was cut
 * off (proxy limit, dropped connection), as opposed to an HTML error page or plain text.
 * V8's JSON.parse messages differ across versions, so this scans instead of reading them.
 */
function looksTruncated(text: string): boolean {
  const start = text.trimStart();
  if (!start.startsWith("{") && !start.startsWith("[")) return false;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < start.length; i++) {
    const c = start.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) depth++;
    else if (c === 0x7d || c === 0x5d) depth--;
  }
  return inString || depth > 0;
}
