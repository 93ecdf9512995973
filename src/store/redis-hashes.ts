// Reads many Redis hashes in one round trip (a pipeline): listing active follows or watches
// costs one call however many there are.
import type { Redis } from "ioredis";

/** Each key's hash, in order; a missing key reads as `{}`. */
async function readHashes(client: Redis, keys: readonly string[]): Promise<Record<string, string>[]> {
  if (keys.length === 0) return [];
  const pipeline = client.pipeline();
  for (const key of keys) pipeline.hgetall(key);
  return ((await pipeline.exec()) ?? []).map(([error, hash]) => {
    if (error) throw error;
    return hash as Record<string, string>;
  });
}

/**
 * The records indexed in a sorted set (active follows, active watches), read in one round trip: a
 * record deleted by hand reads as nothing, and one ended meanwhile is no longer active.
 */
export async function readActive<T extends { endedAt: number | null }>(
  client: Redis,
  index: string,
  keyOf: (id: string) => string,
  fromHash: (hash: Record<string, string>) => T | null,
): Promise<T[]> {
  const ids = await client.zrange(index, 0, -1);
  const hashes = await readHashes(client, ids.map(keyOf));
  return hashes.flatMap((hash) => {
    const record = fromHash(hash);
    return record && record.endedAt === null ? [record] : [];
  });
}
