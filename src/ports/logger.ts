// The structured log, as the subset of pino's API joblog uses (src/logging.ts makes the real
// one), so tests can hand in a recorder.

export interface Logger {
  debug(fields: object, message?: string): void;
  info(fields: object, message?: string): void;
  warn(fields: object, message?: string): void;
  error(fields: object, message?: string): void;
}
