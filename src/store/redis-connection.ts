// The Redis client joblog's replicas share state through. REDIS_URL is read the way ioredis reads
// it (`redis://[user:password@]host:port[/db]`, `rediss://…` for TLS); this module checks it
// first so a bad value is named at start-up, and it logs the connection going away and coming
// back, once per change, with the password masked everywhere.
import { Redis, type RedisOptions } from "ioredis";
import type { ConnectionOptions } from "node:tls";
import type { Logger } from "../ports/logger.js";

export interface RedisTarget {
  /** The URL as given, password included: handed to ioredis only, never logged. */
  url: string;
  tls: boolean;
  host: string;
  port: number;
  db: number;
  /** The URL with the password masked: what logs and errors show. */
  display: string;
  /** The password, only so it can be scrubbed from error texts. */
  password: string | null;
}

export type ParsedRedisUrl = { ok: true; value: RedisTarget } | { ok: false; error: string };

const EXPECTED = "expected redis://[user:password@]host[:port][/db], or rediss://… for TLS";

/** Checks REDIS_URL; the error names what is wrong and never repeats the value (it may hold a password). */
export function parseRedisUrl(text: string): ParsedRedisUrl {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return { ok: false, error: `REDIS_URL is not a URL (${EXPECTED})` };
  }
  const scheme = url.protocol.toLowerCase();
  if (scheme !== "redis:" && scheme !== "rediss:") {
    return { ok: false, error: `REDIS_URL has the scheme "${scheme.slice(0, 20)}" (${EXPECTED})` };
  }
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (!host) return { ok: false, error: `REDIS_URL names no host (${EXPECTED})` };
  const dbText = url.pathname.replace(/^\//, "");
  if (dbText !== "" && !/^\d{1,5}$/.test(dbText)) {
    return { ok: false, error: `REDIS_URL's database (after the last /) must be a number (${EXPECTED})` };
  }
  // ioredis also reads ?password= (and every other option) from the query; the display drops the query.
  const password = url.password ? decodeURIComponent(url.password) : url.searchParams.get("password");
  const username = url.username ? decodeURIComponent(url.username) : "";
  const port = url.port ? Number(url.port) : 6379;
  const db = dbText === "" ? 0 : Number(dbText);
  const auth = username || password ? `${username}${password ? ":***" : ""}@` : "";
  const hostPart = host.includes(":") ? `[${host}]` : host;
  return {
    ok: true,
    value: { url: text.trim(), tls: scheme === "rediss:", host, port, db, display: `${scheme}//${auth}${hostPart}:${port}/${db}`, password },
  };
}

export interface RedisClientOptions {
  logger: Logger;
  /** TLS settings beyond what the URL says (a private CA, a client certificate) for rediss://. */
  tls?: ConnectionOptions;
  /** A command not answered within this fails, so a paused or unreachable Redis never hangs a caller. */
  commandTimeoutMs?: number;
  /** Shown in CLIENT LIST, so an operator can tell joblog's connections apart. */
  connectionName?: string;
}

/**
 * The client. While Redis is away, commands fail after one reconnection attempt (rather than
 * queue for minutes), and the client keeps reconnecting, at most 2 s apart, until it is back.
 */
export function createRedisClient(target: RedisTarget, options: RedisClientOptions): Redis {
  const settings: RedisOptions = {
    connectionName: options.connectionName ?? "joblog",
    commandTimeout: options.commandTimeoutMs ?? 5000,
    maxRetriesPerRequest: 1,
    retryStrategy: (attempt) => Math.min(attempt * 100, 2000),
    // ioredis turns TLS on only for a lower-case "rediss://"; the scheme is case-insensitive.
    ...(target.tls ? { tls: { ...options.tls } } : {}),
  };
  const client = new Redis(target.url, settings);
  watchConnection(client, target, options.logger);
  return client;
}

/** Whether commands can be sent now (for /readyz and for pausing follows). */
export const isRedisReady = (client: Redis): boolean => client.status === "ready";

/** The error's text with the password cut out, whatever put it there. */
export function scrubRedisError(error: unknown, target: RedisTarget): string {
  const text = error instanceof Error ? error.message : String(error);
  return target.password ? text.split(target.password).join("***") : text;
}

function watchConnection(client: Redis, target: RedisTarget, logger: Logger): void {
  let state: "connecting" | "ready" | "unavailable" = "connecting";
  client.on("ready", () => {
    if (state === "unavailable") logger.info({ redis: target.display }, "Redis is reachable again");
    state = "ready";
  });
  client.on("error", (error: unknown) => {
    if (state === "unavailable") return; // once per outage, not once per reconnection attempt
    state = "unavailable";
    logger.warn({ redis: target.display, error: scrubRedisError(error, target) }, "Redis is unavailable: follows pause until it answers again");
  });
}
