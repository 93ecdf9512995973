// Preloaded into a bot process by the memory benchmarks (`node --expose-gc --import tsx --import
// ./bench/gc-on-signal.ts src/main.ts`): on SIGUSR2, two full collections, then one stdout line
// with the memory left, so a benchmark reads what the process keeps rather than garbage V8 has
// not collected yet. With JOBLOG_BENCH_HEAP_SNAPSHOTS=<folder> it also writes a heap snapshot
// there (for bench/heap-summary.ts). Not part of joblog: only benchmarks load it.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { getHeapSpaceStatistics, writeHeapSnapshot } from "node:v8";

import { MEMORY_LINE } from "./memory-line.js";

type Gc = () => void;

let snapshots = 0;

/** Resident bytes now (Linux's VmRSS), or Node's figure elsewhere. */
function residentBytes(): number {
  const vmRss = /^VmRSS:\s+(\d+)\s+kB$/m.exec(readFileSync("/proc/self/status", "utf8"))?.[1];
  return vmRss ? Number(vmRss) * 1024 : process.memoryUsage().rss;
}

/**
 * V8 hands the pages a full collection freed back to the system from background threads after
 * the collection returns: read at once, the resident size still counts tens of megabytes about
 * to go (measured: VmRSS 50 MB above the sum of /proc/self/smaps read a moment later). So the
 * figure is read once it has stopped falling: no drop over 1 MB in 300 ms, or after 5 s.
 */
async function settledResidentBytes(): Promise<number> {
  const deadline = Date.now() + 5_000;
  let last = residentBytes();
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 300));
    const now = residentBytes();
    if (last - now <= 1024 * 1024 || Date.now() > deadline) return now;
    last = now;
  }
}

process.on("SIGUSR2", () => void report());

async function report(): Promise<void> {
  const gc = (globalThis as { gc?: Gc }).gc;
  gc?.();
  gc?.();
  const folder = process.env["JOBLOG_BENCH_HEAP_SNAPSHOTS"];
  const snapshot = folder ? writeHeapSnapshot(join(folder, `bot-${process.pid}-${(snapshots += 1)}.heapsnapshot`)) : null;
  const rss = await settledResidentBytes();
  const usage = process.memoryUsage();
  const line = { msg: MEMORY_LINE, collected: gc !== undefined, rss, heapUsed: usage.heapUsed, heapTotal: usage.heapTotal, external: usage.external, snapshot };
  const spaces = Object.fromEntries(getHeapSpaceStatistics().map((space) => [space.space_name, Math.round(space.physical_space_size / 1024)]));
  process.stdout.write(`${JSON.stringify({ ...line, spacesKb: spaces, mappingsKb: mappings() })}\n`);
}

/** Resident kB by kind of mapping (/proc/self/smaps): the brk heap, anonymous mappings, files. */
function mappings(): Record<string, number> {
  const totals: Record<string, number> = {};
  let kind = "";
  for (const row of readFileSync("/proc/self/smaps", "utf8").split("\n")) {
    const header = /^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \S+\s*(.*)$/.exec(row);
    if (header) {
      const name = header[1] ?? "";
      kind = name === "" ? "anonymous" : name.startsWith("[") ? name : name.endsWith(".node") || name.includes(".so") ? "libraries" : "files";
      continue;
    }
    const rss = /^Rss:\s+(\d+) kB/.exec(row);
    if (rss) totals[kind] = (totals[kind] ?? 0) + Number(rss[1]);
  }
  return totals;
}
