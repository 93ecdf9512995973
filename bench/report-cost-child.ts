// Figure 1, in a fresh process per job so its memory figure is that report's alone: the real
// ESB v2 pipeline from response bytes to the Block Kit message (the BK-JOB adapter as the bot
// builds it for a person: upstream gate, secret masking, openapi-fetch, the envelope and zod
// schemas; then fetchJobReport, renderReportMessage), against a bare JSON.parse of the same bytes.
// The bytes are the simulator's, recorded by the parent into files; an injected fetch answers
// from memory, so no network or simulator time is in either figure. Prints one JSON line.
//   node --expose-gc --import tsx bench/report-cost-child.ts <dir> <bizId> <jobId> <repetitions>
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { UpstreamLimiter } from "../src/access/upstream-limiter.js";
import { createJobApiPool } from "../src/bkjob/job-api-pool.js";
import { createRedactor } from "../src/core/redact-secrets.js";
import { messagesFor } from "../src/i18n/index.js";
import type { JobRef } from "../src/core/job-ref.js";
import { renderReportMessage } from "../src/render/report-message.js";
import { SCENARIOS } from "../src/local/sim/scenarios.js";
import { fetchJobReport } from "../src/use-cases/job-report.js";
import { recordedResponse } from "./recorded-response.js";
import { collectGarbage, collectYoungGarbage, peakRss, resetPeakRss } from "./peak-rss.js";

export interface ReportCostResult {
  bytes: number;
  /** Pipeline time over decode + JSON.parse time, one per round of interleaved runs. */
  ratios: number[];
  /** The first report of this job in the process: where memory is measured. */
  coldMs: number;
  pipelineMs: number[];
  parseMs: number[];
  /** Reading both bodies from a fetch Response, then JSON.parse: the floor plus undici's share. */
  fetchParseMs: number[];
  rssGrowth: number;
  /** Whether the peak could be reset before the measured report (Linux), or is the lifetime peak. */
  peakWindowed: boolean;
  blocks: number;
}

const LOG_URL = "http://bkjob.invalid/api/c/compapi/v2/job/get_job_instance_log/";
const STATUS_URL = "http://bkjob.invalid/api/c/compapi/v2/job/get_job_instance_status/";

interface Recorded {
  log: Uint8Array;
  status: Uint8Array;
}

export const recordedPath = (dir: string, ref: JobRef, api: "log" | "status") => join(dir, `${ref.bizId}-${ref.jobInstanceId}-${api}.json`);

const read = (dir: string, ref: JobRef): Recorded => ({ log: readFileSync(recordedPath(dir, ref, "log")), status: readFileSync(recordedPath(dir, ref, "status")) });

async function main(): Promise<void> {
  const [dir = "", bizId = "1", jobInstanceId = "0", repetitions = "20"] = process.argv.slice(2);
  const ref = { bizId: Number(bizId), jobInstanceId: Number(jobInstanceId) };
  const warmUp = read(dir, SCENARIOS.seed);
  const measured = read(dir, ref);
  let answering = warmUp;

  const fetchFromMemory = (async (input: Request | string | URL) => {
    const url = input instanceof Request ? input.url : String(input);
    return recordedResponse(url.includes("get_job_instance_log") ? answering.log : answering.status);
  }) as typeof fetch;
  const silent = { debug() {}, info() {}, warn() {}, error() {} };
  // As compose.ts builds it, with the default cap on calls in flight.
  const jobApi = createJobApiPool(
    { protocol: "esb-v2", apigwSystem: false, apiUrl: "http://bkjob.invalid", appCode: "joblog", appSecret: "bench", username: "admin", webUrl: null, timeoutMs: 60_000 },
    { fetch: fetchFromMemory, logger: silent, language: "en", redactor: createRedactor({ secrets: ["bench"] }), limiter: new UpstreamLimiter(16, 4) },
  ).forUser("admin");
  const messages = messagesFor("en");
  const deps = { jobApi, clock: { now: () => Date.now() }, logger: silent, webUrl: "https://job.example.com" };

  const pipeline = async (of: JobRef): Promise<number> => {
    const started = performance.now();
    const result = await fetchJobReport(deps, of);
    if (!result.ok) throw new Error(`report failed: ${result.error.kind} ${result.error.message ?? ""}`);
    const message = renderReportMessage(result.value, messages);
    const elapsed = performance.now() - started;
    blocks = message.blocks.length;
    return elapsed;
  };
  const decoder = new TextDecoder();
  // The floor: any consumer of these bytes must at least decode and parse both bodies.
  const parseOnly = async (): Promise<number> => {
    const started = performance.now();
    JSON.parse(decoder.decode(answering.log));
    JSON.parse(decoder.decode(answering.status));
    return performance.now() - started;
  };
  // What `await response.json()` costs on these bodies: the floor plus undici reading the body.
  const fetchAndParse = async (): Promise<number> => {
    const started = performance.now();
    const [log, status] = await Promise.all([fetchFromMemory(LOG_URL), fetchFromMemory(STATUS_URL)]);
    JSON.parse(await log.text());
    JSON.parse(await status.text());
    return performance.now() - started;
  };
  let blocks = 0;

  // Load and compile the code paths on the one-host seed job, so memory is the job's data.
  await pipeline(SCENARIOS.seed);
  await parseOnly();
  await fetchAndParse();
  answering = measured;
  collectGarbage();
  const rssBefore = process.memoryUsage().rss;
  const peakWindowed = resetPeakRss();
  const coldMs = await pipeline(ref);
  const rssGrowth = Math.max(0, peakRss() - rssBefore);

  const timed = { pipelineMs: [] as number[], parseMs: [] as number[], fetchParseMs: [] as number[] };
  const ops: [number[], () => Promise<number>][] = [
    [timed.pipelineMs, () => pipeline(ref)],
    [timed.parseMs, parseOnly],
    [timed.fetchParseMs, fetchAndParse],
  ];
  for (let run = 0; run < Number(repetitions); run += 1) {
    // Interleaved, the order rotating, each after a young-generation collection, so drift and
    // V8's own major collections land on every side alike. Forcing a full collection before each
    // run instead would time the JavaScript colder than a running bot ever is: V8 then discards
    // the compiled code tied to the answer's object shapes every time (see bench/profile-notes.md).
    for (let step = 0; step < ops.length; step += 1) {
      const [into, op] = ops[(run + step) % ops.length]!;
      collectYoungGarbage();
      into.push(await op());
    }
  }
  const ratios = timed.pipelineMs.map((ms, run) => ms / timed.parseMs[run]!);
  const result: ReportCostResult = { bytes: measured.log.byteLength + measured.status.byteLength, ratios, coldMs, ...timed, rssGrowth, peakWindowed, blocks };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

// Run as a child only: the parent imports recordedPath from here.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
