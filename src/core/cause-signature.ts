// What one failing host's log says went wrong, as a signature two hosts share when they failed
// alike: the last meaningful line of the log's tail (the "head"), normalised (cause-normalise.ts),
// and, where that line alone does not tell causes apart, the line that explains it:
// - a stack trace (Python, Java, Node): the exception line, the function that raised it, and
//   for a chained Python exception the exception it was handling;
// - a line that only says something earlier failed ("Error is not recoverable: exiting now",
//   `make: *** Error 2`, BK-JOB's `job_fail:[…]`), or that is not an error at all (a clean-up
//   step after the error): the nearest error line above it.
// Only the end of the log is read (at most `scanChars`), line by line from the end, so a 5 MB log
// costs what a 5 kB one does. Pure; the rules are documented in README.md with examples.
import { cleanLogText, truncateText } from "./log-text.js";
import { normaliseLine } from "./cause-normalise.js";

/** How far back from a log's end the signature looks, in characters. */
export const DEFAULT_SCAN_CHARS = 16_384;
/** Meaningful lines above the head searched for the line that explains it. */
const CONTEXT_LINES = 20;
/** Characters of a line kept (and normalised): a 5,000-character line is told apart by its start. */
const MAX_LINE_CHARS = 500;

export interface HostSignature {
  /** The normalised lines, head first, joined by "\n": equal keys, same cause. */
  key: string;
  /** The head line as the log printed it (colours, control characters and BK-JOB's prefix removed); "" for no output. */
  line: string;
  /** The line that explains the head, as printed (the error above a summary, a chained exception); null when none. */
  context: string | null;
}

// bk-job's script helpers print "[yyyy-MM-dd HH:mm:ss][PID:n] job_start", "… job_success:[msg]" and
// "… job_fail:[msg]" (the default script templates:
// https://github.com/TencentBlueKing/bk-job/blob/master/src/frontend/src/components/ace-editor/default-script.js).
const HELPER_PREFIX = /^\[[^\]\n]{0,40}\]\[PID:\s*\d+\]\s?/;
const MARKER = /^job_(start|success|fail)\b\s*:?\s*(?:\[(.*)\]|(.*))$/;

const PY_TRACEBACK = /^\s*Traceback \(most recent call last\):?\s*$/;
const PY_FILE = /^\s*File "[^"]*", line \d+(?:, in (.+?))?\s*$/;
const PY_CHAIN = /^\s*(?:During handling of the above exception, another exception occurred|The above exception was the direct cause of the following exception):?\s*$/;
const PY_CARET = /^\s*[\^~]+\s*$/;
const PY_REPEATED = /^\s*\[Previous line repeated \d+ more times?\]\s*$/;
// Java's "\tat pkg.Class.method(File.java:42)" and Node's "    at fn (/app/x.js:1:2)".
const STACK_AT = /^\s+at\s+([^\s(]+)/;
const STACK_MORE = /^\s*\.\.\. \d+ (?:more|common frames omitted)\s*$/;
const INDENTED = /^(?: {2,}|\t)\S/;

const WARNING_START = /^\W*(?:[WN]:\s|warn(?:ing)?\b|notice\b|deprecat)/i;
const WARNING_ANYWHERE = /\bWARN(?:ING)?\b|Warning:|\blevel=warn|警告/;
// Control characters, ANSI escapes included: only a line holding one needs cleaning.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f]/;
const EXCEPTION = /^(?:Caused by:\s*)?(?:Exception in thread "[^"]*"\s*)?[\w$.]*(?:Error|Exception|Exit|Fault|Interrupt)\b/;
const ERROR_WORDS =
  /\b(?:errors?|errno|exception|fatal|fail(?:ed|ure|ing)?|denied|refused|cannot|can't|could ?n[o']t|unable|not found|no such|invalid|timed? ?out|timeout|killed|panic|abort(?:ed|ing)?|segmentation|unreachable|no space|out of memory|oom|forbidden|unauthori[sz]ed|missing|corrupt(?:ed)?|mismatch|crash(?:ed)?)\b|^[EF]:\s|\bERR!|错误|失败|异常|拒绝|超时|不存在|无法|不足|未找到|找不到|权限|崩溃/i;
// A line that only says that something before it failed.
const WRAPPER =
  /\b(?:previous errors?|see above|errors? above|above (?:error|exception)s?|exiting now|giving up|not recoverable|returned (?:non-zero|status)|non-zero exit|exit(?:ed)? (?:with )?(?:code|status)|exit status|failed with (?:exit )?code|command failed|script failed)\b|\berror \d+\s*$|见上|上述错误|以上错误/i;

/** One line of the log, from its end: as printed (cleaned) and what it is. */
interface Line {
  text: string;
  kind: "skip" | "frame" | "file" | "chain" | "warning" | "text";
  /** A `job_fail:[msg]` message: the script's own summary of what went before. */
  summary: boolean;
}

function readLine(raw: string): Line {
  let text = truncateText((CONTROL.test(raw) ? cleanLogText(raw) : raw).trimEnd(), MAX_LINE_CHARS);
  if (text.startsWith("[")) text = text.replace(HELPER_PREFIX, "");
  const marker = text.includes("job_") ? MARKER.exec(text.trim()) : null;
  if (marker) {
    const message = (marker[2] ?? marker[3] ?? "").trim();
    // job_start and job_success say nothing about a failure; job_fail says what its message says.
    if (marker[1] !== "fail" || message === "") return { text, kind: "skip", summary: false };
    return { text: message, kind: "text", summary: true };
  }
  if (!/\p{L}/u.test(text)) return { text, kind: "skip", summary: false };
  if (isStackLine(text)) {
    if (PY_FILE.test(text)) return { text, kind: "file", summary: false };
    if (PY_CHAIN.test(text)) return { text, kind: "chain", summary: false };
    if (PY_TRACEBACK.test(text) || PY_CARET.test(text) || PY_REPEATED.test(text) || STACK_AT.test(text) || STACK_MORE.test(text)) {
      return { text, kind: "frame", summary: false };
    }
  }
  if (WARNING_START.test(text) || WARNING_ANYWHERE.test(text)) return { text, kind: "warning", summary: false };
  return { text, kind: "text", summary: false };
}

/** Whether a line may be part of a stack trace: every such line starts with a space, a tab, "^", "...", "Traceback", "During" or "The above". */
function isStackLine(text: string): boolean {
  const first = text.charCodeAt(0);
  return first === 0x20 || first === 0x09 || first === 0x5e || text.startsWith("...") || text.startsWith("Traceback") || text.startsWith("During") || text.startsWith("The above");
}

/** The log's lines read from its end on demand, never further back than `scanChars`. */
class TailLines {
  private readonly lines: Line[] = [];
  /** Where the next line (read backwards) ends; -1 when the scan is over. */
  private end: number;
  private readonly floor: number;

  constructor(private readonly log: string, scanChars: number) {
    this.end = log.endsWith("\n") ? log.length - 1 : log.length;
    this.floor = Math.max(0, this.end - scanChars);
  }

  /** Line `index` counted from the end (0 is the last), or undefined past the scanned tail. */
  at(index: number): Line | undefined {
    while (this.lines.length <= index && this.end >= 0) {
      const newline = this.end === 0 ? -1 : this.log.lastIndexOf("\n", this.end - 1);
      let start = newline + 1;
      if (start < this.floor) {
        // A line cut by the limit is not read (half a line could split a cause), unless it is
        // the last line itself: then its end is what there is to read.
        if (this.lines.length > 0) {
          this.end = -1;
          break;
        }
        start = this.floor;
      }
      this.lines.push(readLine(this.log.slice(start, this.end)));
      this.end = start === newline + 1 ? newline : -1;
    }
    return this.lines[index];
  }
}

const isError = (text: string): boolean => EXCEPTION.test(text.trim()) || ERROR_WORDS.test(text);

/** A Python source line under a `File "…"` line (the line above it, i.e. the next one from the end). */
const isSourceLine = (lines: TailLines, index: number): boolean =>
  INDENTED.test(lines.at(index)!.text) && lines.at(index + 1)?.kind === "file";

const isFrame = (lines: TailLines, index: number): boolean => {
  const kind = lines.at(index)!.kind;
  return kind === "frame" || kind === "file" || kind === "chain" || kind === "skip" || (kind === "text" && isSourceLine(lines, index));
};

export function signatureOf(log: string, scanChars = DEFAULT_SCAN_CHARS): HostSignature {
  const lines = new TailLines(log, scanChars);
  // The head: the last line that is neither a stack frame nor a warning. Java's frames come
  // after the exception; the nearest one says where it was raised.
  let head = -1;
  let lastWarning = -1;
  let raisedIn: string | null = null;
  for (let index = 0; lines.at(index); index += 1) {
    const line = lines.at(index)!;
    if (line.kind === "frame") {
      raisedIn = STACK_AT.exec(line.text)?.[1] ?? raisedIn;
      continue;
    }
    if (isFrame(lines, index)) continue;
    if (line.kind === "warning") {
      if (lastWarning < 0) lastWarning = index;
      continue;
    }
    head = index;
    break;
  }
  if (head < 0 && lastWarning >= 0) head = lastWarning;
  if (head < 0) return { key: "", line: "", context: null };
  const headLine = lines.at(head)!;

  // Up through the trace above the head (Python's frames precede the exception): where it was
  // raised, and whether it was raised while handling another exception.
  let above = head + 1;
  let chained = false;
  let pythonTrace = false;
  for (; lines.at(above) && isFrame(lines, above); above += 1) {
    const line = lines.at(above)!;
    if (line.kind === "chain") chained = true;
    if (line.kind === "file" && !pythonTrace) {
      pythonTrace = true;
      raisedIn = PY_FILE.exec(line.text)?.[1] ?? null;
    }
  }
  if (!pythonTrace && !(raisedIn !== null && EXCEPTION.test(headLine.text.trim()))) raisedIn = null;

  const needsContext = chained || headLine.summary || WRAPPER.test(headLine.text) || !isError(headLine.text);
  const context = needsContext ? explaining(lines, above) : null;
  const key = [normaliseLine(headLine.text), raisedIn === null ? null : `in ${functionName(raisedIn)}`, context === null ? null : normaliseLine(context)]
    .filter((part) => part !== null)
    .join("\n");
  return { key, line: headLine.text.trim(), context: context?.trim() ?? null };
}

/** A raising function as a signature part: without a Java module ("java.base/"), numbers as <n> (lambda$3). */
const functionName = (name: string): string => name.replace(/^[\w.]+\//, "").replace(/\d+/g, "<n>").toLowerCase();

/**
 * The line above `from` that explains the head: the nearest error line that is not itself a
 * summary, else the nearest line that is neither a warning nor a summary; stack frames skipped.
 */
function explaining(lines: TailLines, from: number): string | null {
  let fallback: string | null = null;
  let seen = 0;
  for (let index = from; lines.at(index) && seen < CONTEXT_LINES; index += 1) {
    const line = lines.at(index)!;
    if (line.kind !== "text" || isFrame(lines, index) || line.summary || WRAPPER.test(line.text)) continue;
    seen += 1;
    if (isError(line.text)) return line.text;
    fallback ??= line.text;
  }
  return fallback;
}
