// `npm run bench`: runs every benchmark against the BK-JOB simulator on this machine, prints one
// table with each figure next to its target, and writes it to bench/results.md with the CPU and
// Node version, followed by bench/profile-notes.md (what profiling showed, what was changed).
// `npm run bench -- <name>` runs the benchmarks whose name contains <name>.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import type { Benchmark, BenchSection } from "./bench-section.js";

/** Each benchmark module, by name. Add new ones here. */
const BENCHMARKS: Record<string, () => Promise<{ run: Benchmark }>> = {
  "report-cost": () => import("./report-cost.bench.js"),
  "ack-under-load": () => import("./ack-under-load.bench.js"),
  "show-log": () => import("./show-log.bench.js"),
  "huge-log": () => import("./huge-log.bench.js"),
  masking: () => import("./masking.bench.js"),
  gateway: () => import("./gateway.bench.js"),
  follow: () => import("./follow.bench.js"),
  "redis-footprint": () => import("./redis-footprint.bench.js"),
  replicas: () => import("./replicas.bench.js"),
  digest: () => import("./digest.bench.js"),
  rush: () => import("./rush.bench.js"),
  startup: () => import("./startup.bench.js"),
  watch: () => import("./watch.bench.js"),
};

async function main(): Promise<void> {
  const filter = process.argv[2];
  const selected = Object.entries(BENCHMARKS).filter(([name]) => !filter || name.includes(filter));
  const sections: BenchSection[] = [];
  for (const [name, load] of selected) {
    process.stdout.write(`running ${name}…\n`);
    const { run } = await load();
    sections.push(await run());
  }
  const machine = `${cpus()[0]?.model ?? "unknown CPU"} × ${cpus().length}, Node ${process.version}, ${process.platform}`;
  const lines = [`# joblog benchmarks`, "", `Machine: ${machine}`, `Date: ${new Date().toISOString()}`, ""];
  for (const section of sections) {
    lines.push(`## ${section.title}`, "", "| Figure | Measured | Target | |", "|---|---|---|---|");
    for (const row of section.rows) {
      lines.push(`| ${row.figure} | ${row.value} | ${row.target} | ${row.ok === null ? "" : row.ok ? "✅" : "❌"} |`);
    }
    if (section.notes) lines.push("", section.notes);
    lines.push("");
  }
  const table = lines.join("\n");
  process.stdout.write(`\n${table}\n`);
  if (filter) return;
  // What profiling found and what changed: prose kept beside the code, saved under the figures.
  const notes = new URL("./profile-notes.md", import.meta.url);
  const saved = existsSync(notes) ? `${table}\n${readFileSync(notes, "utf8").trimEnd()}\n` : table;
  writeFileSync(new URL("./results.md", import.meta.url), saved);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
