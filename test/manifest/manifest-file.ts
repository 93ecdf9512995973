// Reads a manifest file the way the test needs it: the parsed value, YAML's own errors and
// warnings (as line:column text), and the comment written beside each bot scope.
import { readFileSync } from "node:fs";
import { isScalar, isSeq, LineCounter, parseDocument } from "yaml";

export interface ManifestFile {
  data: unknown;
  /** YAML errors and warnings, "line:column message". */
  yamlProblems: string[];
  /** Each bot scope → the comment on its line or directly above it ("" when none). */
  scopeComments: Map<string, string>;
}

export function readManifestFile(path: string): ManifestFile {
  const lineCounter = new LineCounter();
  const document = parseDocument(readFileSync(path, "utf8"), { lineCounter, prettyErrors: false, uniqueKeys: true });
  const yamlProblems = [...document.errors, ...document.warnings].map((problem) => {
    const at = lineCounter.linePos(problem.pos[0]);
    return `${at.line}:${at.col} ${problem.message}`;
  });
  const scopeComments = new Map<string, string>();
  const bot = document.getIn(["oauth_config", "scopes", "bot"], true);
  if (isSeq(bot)) {
    bot.items.forEach((item, index) => {
      if (!isScalar(item)) return;
      // yaml keeps a comment above the first item on the sequence itself.
      const above = item.commentBefore ?? (index === 0 ? bot.commentBefore : undefined);
      const comment = [above, item.comment].filter((part) => part !== undefined && part !== null).join("\n").trim();
      scopeComments.set(String(item.value), comment);
    });
  }
  return { data: document.toJS(), yamlProblems, scopeComments };
}
