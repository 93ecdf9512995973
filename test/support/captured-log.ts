// joblog's structured log captured in memory (real pino writes into it), with a wait for a line:
// the positive signal a test waits on before asserting that something did NOT happen (the
// request's audit line, a "dropped" note), instead of sleeping and hoping.
import { Writable } from "node:stream";

export type LogEntry = Record<string, unknown>;

export interface CapturedLog {
  /** Every line, as written (JSON text). */
  lines: string[];
  /** The stream to hand to createLogger. */
  stream: Writable;
  /** Every line parsed. */
  entries(): LogEntry[];
  /** The first line (already written or still to come) that matches; rejects after timeoutMs. */
  waitFor(predicate: (entry: LogEntry) => boolean, timeoutMs?: number): Promise<LogEntry>;
}

export function captureLog(): CapturedLog {
  const lines: string[] = [];
  const listeners = new Set<(entry: LogEntry) => void>();
  const parse = (line: string): LogEntry => JSON.parse(line) as LogEntry;
  const stream = new Writable({
    write(chunk, _encoding, done) {
      const line = String(chunk);
      lines.push(line);
      const entry = parse(line);
      for (const listener of [...listeners]) listener(entry);
      done();
    },
  });
  return {
    lines,
    stream,
    entries: () => lines.map(parse),
    waitFor(predicate, timeoutMs = 10_000) {
      const earlier = lines.map(parse).find(predicate);
      if (earlier) return Promise.resolve(earlier);
      return new Promise((resolve, reject) => {
        const listener = (entry: LogEntry) => {
          if (!predicate(entry)) return;
          clearTimeout(timer);
          listeners.delete(listener);
          resolve(entry);
        };
        const timer = setTimeout(() => {
          listeners.delete(listener);
          const seen = lines.slice(-10).join("") || "nothing\n";
          reject(new Error(`no matching log line within ${timeoutMs} ms; the last lines:\n${seen}`));
        }, timeoutMs);
        listeners.add(listener);
      });
    },
  };
}

/** Audit lines (one per request, src/access/audit-log.ts) of one Slack user. */
export const isAuditOf =
  (user: string) =>
  (entry: LogEntry): boolean =>
    entry["audit"] === true && entry["user"] === user;
