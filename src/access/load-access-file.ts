// Reads JOBLOG_ACCESS_FILE (YAML, or JSON, which YAML reads too) once at start and validates it
// with the zod schema. Every problem names its file, line and column, so a bad file stops joblog
// with a message an administrator can act on.
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { isNode, LineCounter, parseDocument, type Document } from "yaml";
import type { $ZodIssue } from "zod/v4/core";
import { accessFileSchema, type AccessFile } from "./access-rules.js";

export class AccessFileError extends Error {
  constructor(readonly problems: string[]) {
    super(`joblog cannot start, its access file has problems:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "AccessFileError";
  }
}

/** `rules[1].businesses` from ["rules", 1, "businesses"]. */
function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const part of path) out += typeof part === "number" ? `[${part}]` : `${out === "" ? "" : "."}${String(part)}`;
  return out === "" ? "(top level)" : out;
}

/** The nearest node the path reaches (a missing key points at its parent), as line:column. */
function positionOf(document: Document, lines: LineCounter, path: readonly PropertyKey[]): string {
  for (let length = path.length; length >= 0; length -= 1) {
    const node = length === 0 ? document.contents : document.getIn(path.slice(0, length) as (string | number)[], true);
    if (isNode(node) && node.range) {
      const { line, col } = lines.linePos(node.range[0]);
      return `${line}:${col}`;
    }
  }
  return "1:1";
}

/** Parses and validates the text of an access file; `name` is used in messages. */
export function parseAccessFile(text: string, name: string): AccessFile {
  const lines = new LineCounter();
  const document = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (document.errors.length > 0) {
    throw new AccessFileError(
      // The parser gives each error's offset in the text; the line counter turns it into line:column.
      document.errors.map((error) => {
        const { line, col } = lines.linePos(error.pos[0]);
        return `${name}:${line}:${col}: ${error.message.split("\n")[0]}`;
      }),
    );
  }
  const parsed = accessFileSchema.safeParse(document.toJS() ?? {});
  if (!parsed.success) {
    throw new AccessFileError(
      parsed.error.issues.map((issue: $ZodIssue) => `${name}:${positionOf(document, lines, issue.path)}: ${formatPath(issue.path)}: ${issue.message}`),
    );
  }
  return parsed.data;
}

export function loadAccessFile(path: string): AccessFile {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new AccessFileError([`JOBLOG_ACCESS_FILE: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? "error"})`]);
  }
  return parseAccessFile(text, basename(path));
}
