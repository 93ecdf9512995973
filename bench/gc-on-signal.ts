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

process.on("SIGUSR2", () => {
  const gc = (globalThis as { gc?: Gc }).gc;
  gc?.();
  gc?.();
  const folder = process.env["JOBLOG_BENCH_HEAP_SNAPSHOTS"];
  const snapshot = folder ? writeHeapSnapshot(join(folder, `bot-${process.pid}-${(snapshots += 1)}.heapsnapshot`)) : null;
  const vmRss = /^VmRSS:\s+(\d+)\s+kB$/m.exec(readFileSync("/proc/self/status", "utf8"))?.[1];
  const usage = process.memoryUsage();
  const line = { msg: MEMORY_LINE, collected: gc !== undefined, rss: vmRss ? Number(vmRss) * 1024 : usage.rss, heapUsed: usage.heapUsed, heapTotal: usage.heapTotal, external: usage.external, snapshot };
  const spaces = Object.fromEntries(getHeapSpaceStatistics().map((space) => [space.space_name, Math.round(space.physical_space_size / 1024)]));
  process.stdout.write(`${JSON.stringify({ ...line, spacesKb: spaces, mappingsKb: mappings() })}\n`);
});

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
