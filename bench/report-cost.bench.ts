// Figure 1: what a report costs over ESB v2 next to the floor, JSON.parse of the same bytes, on
// the simulator's 2,000-host job (1.6 MB) and its 10,000-host job (8.1 MB). The ratio travels
// between machines where milliseconds do not. The simulator's answers are recorded once over real
// HTTP; each job is then measured in a fresh child process (report-cost-child.ts), which answers
// the client from those bytes in memory, so the memory figure is that report's alone.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { ESB_V2_LOG_PATH, ESB_V2_STATUS_PATH } from "../src/bkjob/esb-v2-client.js";
import type { JobRef } from "../src/core/job-ref.js";
import { SCENARIOS, SIM_DEFAULTS } from "../src/local/sim/scenarios.js";
import { startSimulator } from "../src/local/sim/server.js";
import type { BenchRow, BenchSection } from "./bench-section.js";
import { mb, median, ms } from "./percentiles.js";
import { recordedPath, type ReportCostResult } from "./report-cost-child.js";

const CHILD = fileURLToPath(new URL("./report-cost-child.ts", import.meta.url));
const JOBS = [
  { label: "2,000 hosts", ref: SCENARIOS.largeJob, rounds: 40 },
  { label: "10,000 hosts", ref: SCENARIOS.tenThousandHosts, rounds: 25 },
] as const;
const RATIO_TARGET = 1.5;
const MEMORY_TARGET = 3;

/** Both ESB v2 answers about a job, as the simulator sends them, into the child's folder. */
export async function record(simUrl: string, folder: string, ref: JobRef): Promise<void> {
  const body = JSON.stringify({
    bk_app_code: SIM_DEFAULTS.appCode,
    bk_app_secret: SIM_DEFAULTS.appSecret,
    bk_username: SIM_DEFAULTS.username,
    bk_biz_id: ref.bizId,
    job_instance_id: ref.jobInstanceId,
  });
  for (const [api, path] of [["log", ESB_V2_LOG_PATH], ["status", ESB_V2_STATUS_PATH]] as const) {
    const response = await fetch(`${simUrl}${path}`, { method: "POST", headers: { "Content-Type": "application/json" }, body });
    if (!response.ok) throw new Error(`simulator answered ${response.status} for ${path}`);
    writeFileSync(recordedPath(folder, ref, api), new Uint8Array(await response.arrayBuffer()));
  }
}

async function measure(folder: string, ref: JobRef, rounds: number): Promise<ReportCostResult> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ["--expose-gc", "--import", "tsx", CHILD, folder, String(ref.bizId), String(ref.jobInstanceId), String(rounds)],
    { maxBuffer: 4 * 1024 * 1024 },
  );
  return JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}") as ReportCostResult;
}

function rows(label: string, result: ReportCostResult): BenchRow[] {
  const ratio = median(result.ratios);
  const memory = result.rssGrowth / result.bytes;
  const best = Math.min(...result.pipelineMs) / Math.min(...result.parseMs);
  return [
    {
      figure: `Report ÷ JSON.parse, ${label} (${mb(result.bytes)})`,
      value: `${ratio.toFixed(2)}× (${ms(median(result.pipelineMs))} vs ${ms(median(result.parseMs))})`,
      target: `≤ ${RATIO_TARGET}×`,
      ok: ratio <= RATIO_TARGET,
    },
    {
      figure: `… same, best runs; fetch body + JSON.parse; first report`,
      value: `${best.toFixed(2)}×; ${ms(median(result.fetchParseMs))}; ${ms(result.coldMs)}`,
      target: "–",
      ok: null,
    },
    {
      figure: `Peak RSS growth ÷ response size, ${label}`,
      value: `${memory.toFixed(2)}× (${mb(result.rssGrowth)})`,
      target: `≤ ${MEMORY_TARGET}×`,
      ok: memory <= MEMORY_TARGET,
    },
  ];
}

export async function run(): Promise<BenchSection> {
  const sim = await startSimulator();
  const folder = mkdtempSync(join(tmpdir(), "joblog-report-cost-"));
  try {
    for (const ref of [SCENARIOS.seed, ...JOBS.map((job) => job.ref)]) await record(sim.url, folder, ref);
    const out: BenchRow[] = [];
    for (const job of JOBS) out.push(...rows(job.label, await measure(folder, job.ref, job.rounds)));
    return { title: "Report cost against the parsing floor (ESB v2, bytes in memory)", rows: out, notes: NOTES };
  } finally {
    await sim.close();
    rmSync(folder, { recursive: true, force: true });
  }
}

const NOTES = [
  "From response bytes to the Block Kit message: the BK-JOB adapter as the bot builds it for a person (upstream gate, secret",
  "masking, openapi-fetch, reading the body, the envelope and schemas, the whole-job log skimmed), fetchJobReport and",
  "renderReportMessage, over both ESB v2 answers (get_job_instance_log and get_job_instance_status), served from memory by an",
  "injected fetch as a stream of 64 kB chunks, like a socket delivers them. The floor is TextDecoder + JSON.parse of the same",
  "two bodies. Each job runs in a fresh process: rounds of report, floor and `await response.text()` + JSON.parse (the floor",
  "plus undici reading the body, which any fetch client pays) in rotating order, each after a young-generation collection;",
  "the ratio is the median of the per-round ratios (the best-runs ratio divides the fastest report by the fastest floor, from",
  "any rounds, so one lucky floor run moves it). The report can beat the floor: it never decodes or parses the hosts it",
  "does not show (src/bkjob/json-skim.ts). Peak RSS growth: the first report of the job in that process (after a one-host",
  "report has loaded the code), peak resident memory (Linux VmHWM, reset just before) above the RSS just before it, over the",
  "bytes of both answers.",
].join("\n");
