// One real redis-server per test file, with clients made the way joblog makes them
// (src/store/redis-connection.ts), started before the file's tests and stopped after them.
import type { Redis } from "ioredis";
import { afterAll, beforeAll } from "vitest";
import type { Logger } from "../../src/ports/logger.js";
import { createRedisClient, parseRedisUrl } from "../../src/store/redis-connection.js";
import { startRedisServer, type RedisServerOptions, type TestRedisServer } from "./redis-server.js";

export interface TestRedis {
  readonly server: TestRedisServer;
  /** A client connected before the tests; emptied by `flush()`. */
  readonly client: Redis;
  /** Another client (another replica's connection); closed after the file's tests. */
  connect(options?: { logger?: Logger }): Redis;
  /** Empties the database: a fresh start for the next test. */
  flush(): Promise<void>;
}

const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {} };

/** `options` may be a function, called in beforeAll (for files a test makes first, such as certificates). */
export function useTestRedis(options: RedisServerOptions | (() => RedisServerOptions) = {}): TestRedis {
  let server: TestRedisServer | null = null;
  const clients: Redis[] = [];
  const connect = (connectOptions: { logger?: Logger } = {}): Redis => {
    if (!server) throw new Error("the test redis-server is not started yet: connect in a test or a beforeAll");
    const target = parseRedisUrl(server.url);
    if (!target.ok) throw new Error(target.error);
    const client = createRedisClient(target.value, { logger: connectOptions.logger ?? quiet });
    clients.push(client);
    return client;
  };
  beforeAll(async () => {
    server = await startRedisServer(typeof options === "function" ? options() : options);
    connect();
  });
  afterAll(async () => {
    for (const client of clients) client.disconnect();
    await server?.close();
  });
  return {
    get server() {
      if (!server) throw new Error("the test redis-server is not started yet");
      return server;
    },
    get client() {
      const first = clients[0];
      if (!first) throw new Error("the test redis-server is not started yet");
      return first;
    },
    connect,
    async flush() {
      await this.client.flushdb();
    },
  };
}
