// What 1,000 follows cost in memory, kept in Redis: bytes in Redis per follow (MEMORY USAGE of
// every key, and used_memory's growth) and bytes in this process per follow (the records a
// replica holds while following, next to the memory store's whole copy). Each follow looks like
// one a few minutes in: its live message and three step replies posted, one step with five
// failing hosts, one reply recorded and not yet posted. Prints one JSON line.
//   node --expose-gc --import tsx bench/redis-footprint-child.ts
import { emptyPostedState, type FollowPost, type FollowRecord, type OutboxEntry, type PostedState } from "../src/core/follow-model.js";
import type { FollowStore } from "../src/ports/follow-store.js";
import { MemoryFollowStore } from "../src/store/memory-follow-store.js";
import { createRedisClient, parseRedisUrl } from "../src/store/redis-connection.js";
import { RedisFollowStore } from "../src/store/redis-follow-store.js";
import { startRedisServer } from "../test/support/redis-server.js";
import { collectGarbage } from "./peak-rss.js";

export interface RedisFootprint {
  follows: number;
  redisKeyBytesPerFollow: number;
  redisUsedMemoryPerFollow: number;
  redisKeyBytesPerFollowAfterPosting: number;
  pendingPayloadBytes: number;
  processRecordBytesPerFollow: number;
  memoryStoreBytesPerFollow: number;
}

const FOLLOWS = 1000;
const silent = { debug() {}, info() {}, warn() {}, error() {} };
const posted: PostedState = {
  ...emptyPostedState(),
  finishedSteps: [90001, 90002, 90003],
  failedHosts: { "90003": ["10.0.2.21", "10.0.2.22", "10.0.2.23", "10.0.2.24", "10.0.2.25"] },
};
// About the size of a step reply with failing hosts (a few sections and a context line).
const payload: FollowPost = {
  text: "Step 3. deploy-web failed on 5 hosts",
  blocks: [
    { type: "section", text: { type: "mrkdwn", text: "❌ *3. deploy-web* failed · 5 of 18 hosts · 6m 0s" } },
    ...["10.0.2.21", "10.0.2.22", "10.0.2.23", "10.0.2.24", "10.0.2.25"].map((ip, i) => ({
      type: "section" as const,
      text: { type: "mrkdwn" as const, text: `• ${ip} · BK-Net 0 · exit ${i + 1} · 11s\n\`\`\`django.db.utils.OperationalError: (1045, "Access denied for user 'web'@'${ip}'")\`\`\`` },
    })),
    { type: "context", elements: [{ type: "mrkdwn", text: "Business 1 · Job 700 · followed by <@U0123456>" }] },
  ],
};

const follow = (i: number): FollowRecord => ({
  id: `3f0c${String(i).padStart(4, "0")}-5b7e-4c1d-9a77-1c2d3e4f5a6b`,
  ref: { bizId: 1, jobInstanceId: 100_000 + i },
  channelId: `C0${String(i % 50).padStart(8, "0")}`,
  startedBy: "U0123456789",
  failuresOnly: false,
  createdAt: 1_732_413_600_000 + i,
  deadlineAt: 1_732_500_000_000 + i,
  parentTs: `1732413600.${String(i).padStart(6, "0")}`,
  posted,
  endedAt: null,
  endReason: null,
});

async function fill(store: FollowStore, pending: boolean): Promise<void> {
  for (let i = 0; i < FOLLOWS; i += 1) {
    const record = follow(i);
    await store.create(record);
    const entry = (key: string): OutboxEntry => ({ followId: record.id, key, kind: "reply", payload, stateAfter: posted, createdAt: record.createdAt, postedTs: null });
    for (const key of ["parent", "step:90001:finished", "step:90002:finished", "step:90003:failed"]) {
      await store.addOutbox(entry(key));
      await store.markPosted(record.id, key, `1732413700.${String(i).padStart(6, "0")}`, posted);
    }
    if (pending) await store.addOutbox(entry("step:90004:finished"));
  }
}

async function keyBytes(client: ReturnType<typeof createRedisClient>): Promise<number> {
  let total = 0;
  let cursor = "0";
  do {
    const [next, keys] = await client.scan(cursor, "MATCH", "joblog:*", "COUNT", 500);
    cursor = next;
    for (const key of keys) total += Number(await client.memory("USAGE", key, "SAMPLES", 0));
  } while (cursor !== "0");
  return total;
}

const usedMemory = async (client: ReturnType<typeof createRedisClient>) => Number(/used_memory:(\d+)/.exec(await client.info("memory"))?.[1] ?? 0);
const heap = () => {
  collectGarbage();
  collectGarbage();
  return process.memoryUsage().heapUsed;
};

const server = await startRedisServer();
const target = parseRedisUrl(server.url);
if (!target.ok) throw new Error(target.error);
const client = createRedisClient(target.value, { logger: silent });
try {
  const store = new RedisFollowStore(client);
  const before = await usedMemory(client);
  await fill(store, true);
  const redisKeyBytes = await keyBytes(client);
  const used = (await usedMemory(client)) - before;
  for (let i = 0; i < FOLLOWS; i += 1) await store.markPosted(follow(i).id, "step:90004:finished", "1.1", posted);
  const afterPosting = await keyBytes(client);

  const heapBefore = heap();
  const records = await store.listActive();
  const recordBytes = heap() - heapBefore;

  const memoryBefore = heap();
  const memory = new MemoryFollowStore();
  await fill(memory, true);
  const memoryBytes = heap() - memoryBefore;

  const result: RedisFootprint = {
    follows: records.length,
    redisKeyBytesPerFollow: redisKeyBytes / FOLLOWS,
    redisUsedMemoryPerFollow: used / FOLLOWS,
    redisKeyBytesPerFollowAfterPosting: afterPosting / FOLLOWS,
    pendingPayloadBytes: Buffer.byteLength(JSON.stringify(payload)),
    processRecordBytesPerFollow: recordBytes / FOLLOWS,
    memoryStoreBytesPerFollow: memoryBytes / FOLLOWS,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
  void memory;
} finally {
  client.disconnect();
  await server.close();
}
