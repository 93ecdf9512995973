// What a report costs over each protocol (ESB v2, ESB jobv3, API gateway v3), on the
// simulator's 2,000-host job (10 failing) and its 10,000-host job (5 failing): bytes fetched
// from BK-JOB, wall time and peak memory to produce the report, side by side.
//
// The simulator runs here, on loopback; each (job, protocol) runs in a fresh child process
// (gateway-report-child.ts) so the memory figure is that report's alone. Bytes, calls and memory
// are of one cold report in its own process; time is the median of 10 reports after a first one,
// in another.
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { SCENARIOS } from "../src/local/sim/scenarios.js";
import { startSimulator, type Simulator } from "../src/local/sim/server.js";
import type { BenchRow, BenchSection } from "./bench-section.js";

const PROTOCOLS = ["esb-v2", "esb-v3", "apigw-v3"] as const;
type Protocol = (typeof PROTOCOLS)[number];
const JOBS = [
  { label: "2,000 hosts (10 failing)", ref: SCENARIOS.largeJob },
  { label: "10,000 hosts (5 failing)", ref: SCENARIOS.tenThousandHosts },
] as const;
const TIMED_RUNS = 10;
const CHILD = fileURLToPath(new URL("./gateway-report-child.ts", import.meta.url));

interface Measure {
  bytes: number;
  calls: number;
  medianMs: number;
  rssGrowth: number;
}

/** Runs the child; returns its figures and the simulator's records of the measured job's calls. */
async function child(sim: Simulator, protocol: Protocol, ref: { bizId: number; jobInstanceId: number }, runs: number) {
  const before = sim.requests.length;
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ["--expose-gc", "--import", "tsx", CHILD, sim.url, protocol, String(ref.bizId), String(ref.jobInstanceId), String(runs)],
    { maxBuffer: 1024 * 1024 },
  );
  const figures = JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}") as { times: number[]; rssGrowth: number };
  // Only the measured job's calls: the child warms up on the seed job first.
  const requests = sim.requests.slice(before).filter((request) => request.jobInstanceId === ref.jobInstanceId);
  return { ...figures, requests };
}

async function measure(sim: Simulator, protocol: Protocol, ref: { bizId: number; jobInstanceId: number }): Promise<Measure> {
  // One cold report alone: its calls, bytes and memory are what a person's first /joblog costs.
  const cold = await child(sim, protocol, ref, 1);
  // Then time: the median of the reports after a first one.
  const timed = await child(sim, protocol, ref, TIMED_RUNS + 1);
  const warm = timed.times.slice(1).sort((a, b) => a - b);
  return {
    bytes: cold.requests.reduce((sum, request) => sum + request.bytesSent, 0),
    calls: cold.requests.length,
    medianMs: warm[Math.floor(warm.length / 2)] ?? 0,
    rssGrowth: cold.rssGrowth,
  };
}

const bytes = (value: number) =>
  value >= 1_000_000 ? `${(value / 1_000_000).toFixed(2)} MB` : value >= 1_000 ? `${(value / 1_000).toFixed(1)} kB` : `${Math.round(value)} B`;
const ms = (value: number) => `${value < 10 ? value.toFixed(1) : Math.round(value)} ms`;
const mb = (value: number) => `${(value / 1_048_576).toFixed(1)} MB`;
const sideBySide = (figures: Record<Protocol, Measure>, show: (m: Measure) => string) =>
  PROTOCOLS.map((protocol) => `${protocol} ${show(figures[protocol])}`).join(" · ");

export async function run(): Promise<BenchSection> {
  const sim = await startSimulator();
  try {
    // Build the big jobs and warm every answer once, so no child pays for the simulator's first serialisation.
    for (const job of JOBS) for (const protocol of PROTOCOLS) await warmUp(sim, protocol, job.ref);
    const results = new Map<string, Record<Protocol, Measure>>();
    for (const job of JOBS) {
      const figures = {} as Record<Protocol, Measure>;
      for (const protocol of PROTOCOLS) figures[protocol] = await measure(sim, protocol, job.ref);
      results.set(job.label, figures);
    }
    return { title: "Gateway protocol: what one report costs", rows: rows(results), notes: NOTES };
  } finally {
    await sim.close();
  }
}

async function warmUp(sim: Simulator, protocol: Protocol, ref: { bizId: number; jobInstanceId: number }): Promise<void> {
  await promisify(execFile)(process.execPath, ["--import", "tsx", CHILD, sim.url, protocol, String(ref.bizId), String(ref.jobInstanceId), "1"]);
}

function rows(results: Map<string, Record<Protocol, Measure>>): BenchRow[] {
  const out: BenchRow[] = [];
  for (const [label, figures] of results) {
    const share = figures["apigw-v3"].bytes / figures["esb-v2"].bytes;
    out.push(
      {
        figure: `Bytes from BK-JOB, ${label}`,
        value: sideBySide(figures, (m) => `${bytes(m.bytes)} (${m.calls} calls)`),
        target: "apigw-v3 < 2% of esb-v2",
        ok: share < 0.02,
      },
      { figure: `apigw-v3 share of esb-v2's bytes, ${label}`, value: `${(share * 100).toFixed(2)}%`, target: "< 2%", ok: share < 0.02 },
      { figure: `Time to report, ${label}`, value: sideBySide(figures, (m) => ms(m.medianMs)), target: "", ok: null },
      { figure: `Peak RSS growth, ${label}`, value: sideBySide(figures, (m) => mb(m.rssGrowth)), target: "", ok: null },
    );
  }
  const [small, large] = [...results.values()];
  if (small && large) {
    const before = small["apigw-v3"];
    const after = large["apigw-v3"];
    // Five times the successful hosts: the gateway's report should cost about the same.
    const grows = after.medianMs > before.medianMs * 1.5 + 5 || after.bytes > before.bytes * 1.5;
    out.push({
      figure: "apigw-v3, 10,000 vs 2,000 hosts",
      value: `${ms(after.medianMs)} vs ${ms(before.medianMs)}, ${bytes(after.bytes)} vs ${bytes(before.bytes)}`,
      target: "does not grow with successful hosts (≤ 1.5× + 5 ms)",
      ok: !grows,
    });
  }
  return out;
}

const NOTES = [
  "Each (job, protocol) runs in a fresh Node process against the simulator on loopback (no network latency, so times are",
  "mostly parsing and building). Bytes and calls: response bodies the simulator sent for one cold report (a person's",
  "first /joblog for the job; later ones skip the gateway's operator lookup). Time: median of 10 reports after a first",
  "one, in another process. Peak RSS growth: the cold report's peak RSS (getrusage maxrss) above the process's RSS just",
  "before it, after a one-host report has loaded the code; about 10 MB of it is V8 and HTTP overhead whatever the job.",
  "esb-v2 reads every host's whole log in one call; esb-v3 reads every host's status (return_ip_result) but only the",
  "shown hosts' logs; apigw-v3 reads groups capped at 10 hosts (get_step_instance_status) and the shown hosts' logs.",
].join("\n");
