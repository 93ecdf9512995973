// Memory per follow when follows are kept in Redis (issue 14): in Redis, and in each replica.
// Measured in a fresh child process (redis-footprint-child.ts) against its own redis-server.
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import type { BenchSection } from "./bench-section.js";
import type { RedisFootprint } from "./redis-footprint-child.js";

const CHILD = fileURLToPath(new URL("./redis-footprint-child.ts", import.meta.url));

const bytes = (value: number): string => `${Math.round(value).toLocaleString("en-US")} B`;

export async function run(): Promise<BenchSection> {
  const { stdout } = await promisify(execFile)(process.execPath, ["--expose-gc", "--import", "tsx", CHILD], { maxBuffer: 1024 * 1024 });
  const result = JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}") as RedisFootprint;
  return {
    title: `Redis footprint (${result.follows.toLocaleString("en-US")} follows)`,
    rows: [
      { figure: "In Redis per follow, one reply in flight (MEMORY USAGE of its keys)", value: bytes(result.redisKeyBytesPerFollow), target: "–", ok: null },
      { figure: "In Redis per follow, one reply in flight (used_memory growth)", value: bytes(result.redisUsedMemoryPerFollow), target: "–", ok: null },
      { figure: "In Redis per follow, everything posted", value: bytes(result.redisKeyBytesPerFollowAfterPosting), target: "–", ok: null },
      { figure: "The reply in flight's payload (JSON)", value: bytes(result.pendingPayloadBytes), target: "–", ok: null },
      // Only the records: issue 14's ≤ 100 kB per follow is the whole bot's RSS, for the replicas bench.
      { figure: "In a replica per follow (the record it holds, V8 heap)", value: bytes(result.processRecordBytesPerFollow), target: "–", ok: null },
      { figure: "In one process per follow with the memory store (for comparison)", value: bytes(result.memoryStoreBytesPerFollow), target: "–", ok: null },
    ],
    notes:
      "Each follow: its live message and three replies posted, five failing hosts recorded, one reply recorded and not yet posted. " +
      "A posted outbox entry keeps only its ts in Redis, so the in-flight reply's payload is most of a follow's bytes until it is posted.",
  };
}
