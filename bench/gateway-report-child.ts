// One protocol's report of one job, in a fresh process, so its RSS figure is its own: the
// benchmark's parent runs the simulator and starts one of these per (job, protocol). A report of
// the one-host seed job first loads and compiles the code paths, so the memory measured is the
// job's data, not joblog's code. Prints one JSON line: the first report's peak RSS growth and
// every report's wall time.
//   node --expose-gc --import tsx bench/gateway-report-child.ts <simUrl> <protocol> <bizId> <jobId> <runs>
import { createJobApi } from "../src/bkjob/create-job-api.js";
import type { BkJobProtocol } from "../src/config.js";
import { messagesFor } from "../src/i18n/index.js";
import { renderReportMessage } from "../src/render/report-message.js";
import { SIM_DEFAULTS } from "../src/local/sim/scenarios.js";
import { fetchJobReport } from "../src/use-cases/job-report.js";

const [simUrl = "", protocol = "esb-v2", bizId = "1", jobInstanceId = "0", runs = "1"] = process.argv.slice(2);
const silent = { debug() {}, info() {}, warn() {}, error() {} };
const jobApi = createJobApi(
  {
    protocol: protocol as BkJobProtocol,
    apigwSystem: false,
    apiUrl: protocol === "apigw-v3" ? `${simUrl}/api/bk-job/prod` : simUrl,
    appCode: SIM_DEFAULTS.appCode,
    appSecret: SIM_DEFAULTS.appSecret,
    username: SIM_DEFAULTS.username,
    webUrl: null,
    timeoutMs: 60_000,
  },
  { fetch: globalThis.fetch.bind(globalThis), logger: silent, language: "en" },
);
const ref = { bizId: Number(bizId), jobInstanceId: Number(jobInstanceId) };
const messages = messagesFor("en");

async function report(of: typeof ref = ref): Promise<number> {
  const started = performance.now();
  const result = await fetchJobReport({ jobApi, clock: { now: () => Date.now() }, logger: silent, webUrl: null }, of);
  if (!result.ok) throw new Error(`${protocol}: ${result.error.kind} ${result.error.message ?? ""}`);
  renderReportMessage(result.value, messages);
  return performance.now() - started;
}

await report({ bizId: 1, jobInstanceId: 100 });
(globalThis as { gc?: () => void }).gc?.();
const rssBefore = process.memoryUsage().rss;
const times = [await report()];
const peakRss = process.resourceUsage().maxRSS * 1024;
for (let run = 1; run < Number(runs); run += 1) times.push(await report());
process.stdout.write(`${JSON.stringify({ times, rssGrowth: Math.max(0, peakRss - rssBefore) })}\n`);
