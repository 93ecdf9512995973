// The structured JSON log (pino). Tokens, secrets and the gateway authorisation header are
// redacted wherever they appear in a logged object; messages never carry them.
import { pino, type DestinationStream, type Logger as PinoLogger } from "pino";

export const REDACTED_PATHS = [
  "token",
  "*.token",
  "botToken",
  "*.botToken",
  "appToken",
  "*.appToken",
  "signingSecret",
  "*.signingSecret",
  "appSecret",
  "*.appSecret",
  "bk_app_secret",
  "*.bk_app_secret",
  "*.*.bk_app_secret",
  "headers.authorization",
  "*.headers.authorization",
  'headers["x-bkapi-authorization"]',
  '*.headers["x-bkapi-authorization"]',
  'headers["X-Bkapi-Authorization"]',
  '*.headers["X-Bkapi-Authorization"]',
];

export function createLogger(level: string, destination?: DestinationStream): PinoLogger {
  return pino(
    {
      name: "joblog",
      level,
      redact: { paths: REDACTED_PATHS, censor: "[redacted]" },
      serializers: { err: pino.stdSerializers.err },
    },
    destination,
  );
}
