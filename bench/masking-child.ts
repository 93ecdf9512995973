// The masking figure, in a fresh process: masking the 5 MB host log of simulator job 1 500
// against the floor, reading that host's log from ESB v2's answer (the bytes as received, through
// the real client: body, envelope, skim, that host decoded). Both run interleaved, each after a
// young-generation collection. Prints one JSON line.
//   node --expose-gc --import tsx bench/masking-child.ts <file of the answer's bytes> <rounds>
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { createJobApi } from "../src/bkjob/create-job-api.js";
import { createRedactor } from "../src/core/redact-secrets.js";
import { SCENARIOS } from "../src/local/sim/scenarios.js";
import { secretLogsJob } from "../src/local/sim/scenarios/secret-logs.js";
import { collectYoungGarbage } from "./peak-rss.js";
import { recordedResponse } from "./recorded-response.js";

export interface MaskingResult {
  logBytes: number;
  readMs: number[];
  maskMs: number[];
  /** Masking over reading, one per round. */
  ratios: number[];
  /** Spans masked in the log: the huge log holds no secret, so this must stay 0. */
  changed: boolean;
  /** Masking 5 MB of the secret corpus's logs (simulator job 1 310) repeated: a secret on most lines. */
  denseMs: number[];
}

export const HUGE_LOG_HOST = { stepInstanceId: 50001, host: { bkHostId: null, bkCloudId: 0, ip: "10.0.5.1", ipv6: null } } as const;

async function main(): Promise<void> {
  const [file = "", rounds = "15"] = process.argv.slice(2);
  const bytes = readFileSync(file);
  const fetchFromMemory = (async () => recordedResponse(bytes)) as typeof fetch;
  const silent = { debug() {}, info() {}, warn() {}, error() {} };
  const jobApi = createJobApi(
    { protocol: "esb-v2", apigwSystem: false, apiUrl: "http://bkjob.invalid", appCode: "joblog", appSecret: "bench-app-secret", username: "admin", webUrl: null, timeoutMs: 60_000 },
    { fetch: fetchFromMemory, logger: silent, language: "en" },
  );
  // As compose.ts builds it: joblog's own four secrets by value, every rule.
  const redactor = createRedactor({ secrets: ["bench-app-secret", "xoxb-1-2-bench", "xapp-1-bench", "0123456789abcdef0123456789abcdef"] });

  let text = "";
  const read = async (): Promise<number> => {
    const started = performance.now();
    const result = await jobApi.read(SCENARIOS.hugeLog).getHostLog(HUGE_LOG_HOST.stepInstanceId, HUGE_LOG_HOST.host);
    const elapsed = performance.now() - started;
    if (!result.ok || result.value === null) throw new Error("the huge log's host was not in the answer");
    text = result.value.text;
    return elapsed;
  };
  let changed = false;
  const mask = async (): Promise<number> => {
    const started = performance.now();
    const masked = redactor.redact(text);
    const elapsed = performance.now() - started;
    changed ||= masked !== text;
    return elapsed;
  };
  for (let warm = 0; warm < 3; warm += 1) {
    await read();
    await mask();
  }
  const readMs: number[] = [];
  const maskMs: number[] = [];
  for (let round = 0; round < Number(rounds); round += 1) {
    const order: [number[], () => Promise<number>][] = round % 2 === 0 ? [[readMs, read], [maskMs, mask]] : [[maskMs, mask], [readMs, read]];
    for (const [into, op] of order) {
      collectYoungGarbage();
      into.push(await op());
    }
  }
  const corpus = secretLogsJob(SCENARIOS.secretLogs).steps.flatMap((step) => step.hosts.map((host) => host.log)).join("");
  const dense = corpus.repeat(Math.ceil(Buffer.byteLength(text) / corpus.length));
  const denseMs: number[] = [];
  for (let round = 0; round < 5; round += 1) {
    collectYoungGarbage();
    const started = performance.now();
    redactor.redact(dense);
    denseMs.push(performance.now() - started);
  }
  const result: MaskingResult = { logBytes: Buffer.byteLength(text), readMs, maskMs, ratios: maskMs.map((ms, round) => ms / readMs[round]!), changed, denseMs };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
