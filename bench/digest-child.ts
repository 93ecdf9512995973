// The digest's cost, in a fresh process so its memory figure is its own: today's ESB v2 report
// (report-cost-child.ts's pipeline: the adapter as the bot builds it, fetchJobReport,
// renderReportMessage) and, on the same read of the same answer, the digest of every failing
// host (readCauseDigests: the failing hosts' entries parsed from the skimmed answer, each log read
// at its end), side by side with a bare JSON.parse of the same bytes. The bytes are the
// simulator's, recorded by the parent; an injected fetch answers from memory. Prints one JSON line.
//   node --expose-gc --import tsx bench/digest-child.ts <dir> <bizId> <jobId> <rounds>
import { readFileSync } from "node:fs";
import { UpstreamLimiter } from "../src/access/upstream-limiter.js";
import { createJobApiPool } from "../src/bkjob/job-api-pool.js";
import { createRedactor } from "../src/core/redact-secrets.js";
import { messagesFor } from "../src/i18n/index.js";
import type { JobApi } from "../src/ports/job-api.js";
import type { JobRef } from "../src/core/job-ref.js";
import { renderReportMessage } from "../src/render/report-message.js";
import { SCENARIOS } from "../src/local/sim/scenarios.js";
import { fetchJobReport } from "../src/use-cases/job-report.js";
import { digestCauses } from "../src/core/cause-digest.js";
import { readCauseDigests, type StepCauseDigest } from "../src/use-cases/read-cause-digest.js";
import { collectGarbage, collectYoungGarbage, peakRss, resetPeakRss } from "./peak-rss.js";
import { recordedPath } from "./report-cost-child.js";
import { recordedResponse } from "./recorded-response.js";

export interface DigestCostResult {
  bytes: number;
  /** Per round: the digest on top of the report, over JSON.parse of the answer. */
  extraRatios: number[];
  /** Per round: report + digest, over JSON.parse. */
  totalRatios: number[];
  reportMs: number[];
  digestMs: number[];
  /** Signatures and clustering alone, over the same (masked) logs already in memory. */
  clusterMs: number[];
  parseMs: number[];
  failingHosts: number;
  hostsRead: number;
  logChars: number;
  causes: number;
  /** Peak RSS growth while the first digest ran (after the report), in bytes. */
  digestPeakGrowth: number;
  /** Heap the digests hold once the read is let go, in bytes. */
  digestRetained: number;
}

async function main(): Promise<void> {
  const [dir = "", bizId = "1", jobInstanceId = "0", rounds = "10"] = process.argv.slice(2);
  const ref = { bizId: Number(bizId), jobInstanceId: Number(jobInstanceId) };
  const load = (of: JobRef) => ({ log: readFileSync(recordedPath(dir, of, "log")), status: readFileSync(recordedPath(dir, of, "status")) });
  // A small failed job first: loads and compiles the report's and the digest's code paths.
  const warmUp = load(SCENARIOS.multiStepFailure);
  const measured = load(ref);
  let answering = warmUp;

  const fetchFromMemory = (async (input: Request | string | URL) =>
    recordedResponse(String(input instanceof Request ? input.url : input).includes("get_job_instance_log") ? answering.log : answering.status)) as typeof fetch;
  const silent = { debug() {}, info() {}, warn() {}, error() {} };
  // As main.ts builds it (report-cost-child.ts does the same).
  const pool = createJobApiPool(
    { protocol: "esb-v2", apigwSystem: false, apiUrl: "http://bkjob.invalid", appCode: "joblog", appSecret: "bench", username: "admin", webUrl: null, timeoutMs: 60_000 },
    { fetch: fetchFromMemory, logger: silent, language: "en", redactor: createRedactor({ secrets: ["bench"] }), limiter: new UpstreamLimiter(16, 4) },
  ).forUser("admin");
  const messages = messagesFor("en");

  /** Today's report, then the digest on the same read: as the report will run once it shows the digest. */
  const reportThenDigest = async (of: JobRef, between?: () => void) => {
    const read = pool.read(of, { wholeReport: true });
    const shared: JobApi = { read: () => read };
    const started = performance.now();
    const report = await fetchJobReport({ jobApi: shared, clock: { now: () => Date.now() }, logger: silent, webUrl: null }, of);
    if (!report.ok) throw new Error(`report failed: ${report.error.kind}`);
    renderReportMessage(report.value, messages);
    const reported = performance.now();
    between?.();
    const status = await read.getJobStatus();
    if (!status.ok) throw new Error(`status failed: ${status.error.kind}`);
    const digests = await readCauseDigests(read, status.value);
    if (!digests.ok) throw new Error(`digest failed: ${digests.error.kind}`);
    return { reportMs: reported - started, digestMs: performance.now() - reported, digests: digests.value };
  };
  const decoder = new TextDecoder();
  const parseOnly = (): number => {
    const started = performance.now();
    JSON.parse(decoder.decode(answering.log));
    JSON.parse(decoder.decode(answering.status));
    return performance.now() - started;
  };

  await reportThenDigest(SCENARIOS.multiStepFailure);
  parseOnly();
  answering = measured;

  // Memory: the first digest of this job, its peak above the RSS when the report was done.
  collectGarbage();
  const heapBefore = process.memoryUsage().heapUsed;
  let rssAtDigest = 0;
  const cold = await reportThenDigest(ref, () => {
    rssAtDigest = process.memoryUsage().rss;
    resetPeakRss();
  });
  const digestPeakGrowth = Math.max(0, peakRss() - rssAtDigest);
  collectGarbage();
  const digestRetained = Math.max(0, process.memoryUsage().heapUsed - heapBefore);
  const kept: StepCauseDigest[] = cold.digests;

  // The same logs as the digest read them (masked), held here to time the pure part alone.
  const logRead = pool.read(ref, { wholeReport: true });
  const failingHosts = kept.flatMap((step) => step.digest.causes.flatMap((cause) => cause.hosts.map((host) => ({ step: step.stepInstanceId, host }))));
  const logs = await logRead.getHostLogs({ stepInstanceId: kept[0]?.stepInstanceId ?? 0, type: 1 }, failingHosts.map(({ host }) => host));
  if (!logs.ok) throw new Error("logs failed");
  const inputs = logs.value.map((log, index) => ({ host: index, log: log.text, tag: "", exitCode: 1, status: 104 }));
  const clusterOnly = (): number => {
    const started = performance.now();
    digestCauses(inputs);
    return performance.now() - started;
  };

  const timed = { reportMs: [] as number[], digestMs: [] as number[], clusterMs: [] as number[], parseMs: [] as number[] };
  for (let round = 0; round < Number(rounds); round += 1) {
    // Interleaved, alternating order, each after a young-generation collection (report-cost-child.ts says why).
    for (const first of round % 2 === 0 ? [true, false] : [false, true]) {
      collectYoungGarbage();
      if (first) {
        const { reportMs, digestMs } = await reportThenDigest(ref);
        timed.reportMs.push(reportMs);
        timed.digestMs.push(digestMs);
      } else {
        timed.parseMs.push(parseOnly());
        collectYoungGarbage();
        timed.clusterMs.push(clusterOnly());
      }
    }
  }
  const step = kept[0];
  const result: DigestCostResult = {
    bytes: measured.log.byteLength + measured.status.byteLength,
    extraRatios: timed.digestMs.map((ms, round) => ms / timed.parseMs[round]!),
    totalRatios: timed.digestMs.map((ms, round) => (ms + timed.reportMs[round]!) / timed.parseMs[round]!),
    ...timed,
    failingHosts: step?.failingHosts ?? 0,
    hostsRead: step?.hostsRead ?? 0,
    logChars: step?.logChars ?? 0,
    causes: step?.digest.causes.length ?? 0,
    digestPeakGrowth,
    digestRetained,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

await main();
