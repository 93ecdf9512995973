// A Lua script run atomically in Redis: sent once by its SHA-1 (EVALSHA) and again in full only
// when this Redis has not seen it yet (a fresh or restarted server answers NOSCRIPT).
import { createHash } from "node:crypto";
import type { Redis } from "ioredis";

export class RedisScript {
  private readonly sha: string;

  constructor(readonly lua: string) {
    this.sha = createHash("sha1").update(lua).digest("hex");
  }

  async run(client: Redis, keys: readonly string[], args: readonly (string | number)[]): Promise<unknown> {
    try {
      return await client.evalsha(this.sha, keys.length, ...keys, ...args);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith("NOSCRIPT")) throw error;
      return client.eval(this.lua, keys.length, ...keys, ...args);
    }
  }
}
