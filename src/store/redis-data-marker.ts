// Notices that Redis lost joblog's data. A Redis without persistence that restarts comes back
// empty, and every follow would be forgotten in silence; so joblog writes a marker key once and
// looks for it at start-up and on every reconnection. Missing while this replica saw it before,
// or while follows were known, it says so loudly. It also warns at start when Redis keeps no
// persistence at all (https://redis.io/docs/latest/operate/oss_and_stack/management/persistence/).
import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import type { Logger } from "../ports/logger.js";
import { redisKeys, type RedisKeys } from "./redis-keys.js";

export type RedisDataCheck =
  /** No marker and nothing known: a new Redis (or one emptied before any replica saw it); written now. */
  | { kind: "first_start" }
  | { kind: "intact" }
  /** The marker went missing (or was replaced) while there was data: `warning` is what was logged. */
  | { kind: "lost"; warning: string };

export class RedisDataMarker {
  private readonly keys: RedisKeys;
  /** The marker this replica saw last: another one later means Redis was emptied and refilled. */
  private seen: string | null = null;

  constructor(
    private readonly client: Redis,
    private readonly logger: Logger,
    options: { keys?: RedisKeys } = {},
  ) {
    this.keys = options.keys ?? redisKeys();
  }

  /** `followsKnown`: active follows this replica knows of (from its memory, or another store). */
  async check(followsKnown: number): Promise<RedisDataCheck> {
    const found = await this.client.get(this.keys.marker);
    if (found !== null && (this.seen === null || found === this.seen)) {
      this.seen = found;
      return { kind: "intact" };
    }
    const current = found ?? (await this.write());
    const sawBefore = this.seen !== null;
    this.seen = current;
    if (!sawBefore && followsKnown === 0) {
      this.logger.info({ marker: this.keys.marker }, "Redis holds no joblog data yet: starting fresh");
      return { kind: "first_start" };
    }
    const known = followsKnown > 0 ? `while ${followsKnown} follow${followsKnown === 1 ? " was" : "s were"} active` : "since this replica last saw it";
    const warning =
      `REDIS LOST JOBLOG'S DATA: the marker key ${this.keys.marker} disappeared ${known}. ` +
      "Redis restarted without persistence (or was flushed): the follows kept there are gone and their updates will not be posted. " +
      "Ask people to follow their jobs again, and turn on Redis persistence (appendonly yes) so a restart keeps them.";
    this.logger.error({ marker: this.keys.marker, followsKnown }, warning);
    return { kind: "lost", warning };
  }

  /** Runs `check` each time the client reconnects (Redis may have restarted meanwhile). */
  watchReconnects(followsKnown: () => number): void {
    let connectedBefore = this.client.status === "ready";
    this.client.on("ready", () => {
      if (!connectedBefore) {
        connectedBefore = true;
        return;
      }
      this.check(followsKnown()).catch((error: unknown) =>
        this.logger.warn({ error: error instanceof Error ? error.message : String(error) }, "could not check Redis for lost data after reconnecting"),
      );
    });
  }

  /** Warns when Redis is set to keep nothing on disk; says nothing where CONFIG is not allowed (managed Redis). */
  async warnWithoutPersistence(): Promise<boolean> {
    let settings: string[];
    try {
      settings = (await this.client.config("GET", "appendonly")) as string[];
      settings = settings.concat((await this.client.config("GET", "save")) as string[]);
    } catch {
      return false;
    }
    const value = (name: string) => settings[settings.indexOf(name) + 1] ?? "";
    if (value("appendonly") === "yes" || value("save").trim() !== "") return false;
    this.logger.warn(
      { appendonly: value("appendonly"), save: value("save") },
      "Redis keeps no persistence (appendonly no, no save points): a Redis restart forgets every follow. Turn on appendonly yes.",
    );
    return true;
  }

  private async write(): Promise<string> {
    const value = `${new Date().toISOString()} ${randomUUID()}`;
    // Another replica may write it at the same moment: the first one stands, and all see it.
    if ((await this.client.set(this.keys.marker, value, "NX")) === "OK") return value;
    return (await this.client.get(this.keys.marker)) ?? value;
  }
}
