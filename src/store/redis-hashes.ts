// Reads many Redis hashes in one round trip (a pipeline): listing active follows or watches
// costs one call however many there are.
import type { Redis } from "ioredis";

/** Each key's hash, in order; a missing key reads as `{}`. */
export async function readHashes(client: Redis, keys: readonly string[]): Promise<Record<string, string>[]> {
  if (keys.length === 0) return [];
  const pipeline = client.pipeline();
  for (const key of keys) pipeline.hgetall(key);
  return ((await pipeline.exec()) ?? []).map(([error, hash]) => {
    if (error) throw error;
    return hash as Record<string, string>;
  });
}
