// Keeps the BK-JOB app secret out of everything joblog keeps: error messages, causes and log
// lines. Causes are reduced to plain, JSON-safe objects so nothing (a Request, a body, a
// socket) can smuggle the secret out through a logger's serialiser.

import { createRedactor as createSecretsRedactor, REDACTED } from "../core/redact-secrets.js";

export { REDACTED };

export type Redact = (text: string) => string;

/** Masks these values (and their JSON-escaped forms) wherever they appear. */
export function createRedactor(secrets: readonly string[]): Redact {
  const redactor = createSecretsRedactor({ secrets });
  return (text) => redactor.redactKnownSecrets(text);
}

const MAX_CAUSE_DEPTH = 3;

/**
 * A JSON-safe copy of an error cause with every string redacted: Errors become
 * `{name, message, code?, cause?}`, other values their JSON (or String) form.
 */
export function safeCause(value: unknown, redact: Redact, depth = 0): unknown {
  if (value === null || value === undefined) return value;
  if (typeof value === "string") return redact(value);
  if (typeof value === "number" || typeof value === "boolean") return value;
  if (depth >= MAX_CAUSE_DEPTH) return REDACTED;
  if (value instanceof Error) {
    const code = (value as { code?: unknown }).code;
    return {
      name: value.name,
      message: redact(value.message),
      ...(typeof code === "string" || typeof code === "number" ? { code } : {}),
      ...(value.cause === undefined ? {} : { cause: safeCause(value.cause, redact, depth + 1) }),
    };
  }
  try {
    const json = JSON.stringify(value);
    if (json === undefined) return redact(String(value));
    const redacted = redact(json);
    try {
      return JSON.parse(redacted);
    } catch {
      return redacted; // redaction cut through JSON syntax: keep the (safe) text
    }
  } catch {
    return redact(String(value));
  }
}
