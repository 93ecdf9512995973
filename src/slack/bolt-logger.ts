// Bolt and the Slack SDK log through their own Logger interface; this routes them into ours, so
// there is one structured log with one redaction policy.
import { LogLevel, type Logger as SlackLogger } from "@slack/bolt";
import type { Logger } from "../ports/logger.js";

const order: LogLevel[] = [LogLevel.DEBUG, LogLevel.INFO, LogLevel.WARN, LogLevel.ERROR];

export function toSlackLogger(logger: Logger, initialLevel: LogLevel = LogLevel.INFO): SlackLogger {
  let level = initialLevel;
  let name = "bolt";
  const enabled = (wanted: LogLevel) => order.indexOf(wanted) >= order.indexOf(level);
  const text = (parts: unknown[]) => parts.map((part) => (part instanceof Error ? part.message : typeof part === "string" ? part : JSON.stringify(part))).join(" ");
  return {
    debug: (...parts) => enabled(LogLevel.DEBUG) && logger.debug({ component: name }, text(parts)),
    info: (...parts) => enabled(LogLevel.INFO) && logger.info({ component: name }, text(parts)),
    warn: (...parts) => enabled(LogLevel.WARN) && logger.warn({ component: name }, text(parts)),
    error: (...parts) => enabled(LogLevel.ERROR) && logger.error({ component: name }, text(parts)),
    setLevel: (next) => {
      level = next;
    },
    getLevel: () => level,
    setName: (next) => {
      name = next;
    },
  };
}
