// Figure: what masking secrets costs on the 5 MB host log (simulator job 1 500), next to the
// floor measured in the same run, reading that host's log from ESB v2's answer. Every log joblog
// shows is masked once on its way in (src/bkjob/redacting-job-api.ts), so this is what masking
// adds to the Show log modal's first page and to Post full log. The answer is recorded once over
// real HTTP; a fresh child process (masking-child.ts) measures both from those bytes.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { ESB_V2_LOG_PATH } from "../src/bkjob/esb-v2-client.js";
import { SCENARIOS, SIM_DEFAULTS } from "../src/local/sim/scenarios.js";
import { startSimulator } from "../src/local/sim/server.js";
import type { BenchSection } from "./bench-section.js";
import type { MaskingResult } from "./masking-child.js";
import { mb, median, ms } from "./percentiles.js";

const CHILD = fileURLToPath(new URL("./masking-child.ts", import.meta.url));
const ROUNDS = 40;
const TARGET = 0.5;

export async function run(): Promise<BenchSection> {
  const sim = await startSimulator();
  const folder = mkdtempSync(join(tmpdir(), "joblog-bench-masking-"));
  try {
    const ref = SCENARIOS.hugeLog;
    const body = JSON.stringify({ bk_app_code: SIM_DEFAULTS.appCode, bk_app_secret: SIM_DEFAULTS.appSecret, bk_username: SIM_DEFAULTS.username, bk_biz_id: ref.bizId, job_instance_id: ref.jobInstanceId });
    const response = await fetch(`${sim.url}${ESB_V2_LOG_PATH}`, { method: "POST", headers: { "Content-Type": "application/json" }, body });
    if (!response.ok) throw new Error(`simulator answered ${response.status}`);
    const file = join(folder, "answer.json");
    writeFileSync(file, new Uint8Array(await response.arrayBuffer()));
    const { stdout } = await promisify(execFile)(process.execPath, ["--expose-gc", "--import", "tsx", CHILD, file, String(ROUNDS)], { maxBuffer: 4 * 1024 * 1024 });
    const result = JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}") as MaskingResult;
    if (result.changed) throw new Error("masking changed the huge log, which holds no secret");
    const ratio = median(result.ratios);
    return {
      title: "Masking secrets in a 5 MB host log",
      rows: [
        {
          figure: `Masking ÷ reading that host's log from the answer (${mb(result.logBytes)})`,
          value: `${ratio.toFixed(2)}× (${ms(median(result.maskMs))} vs ${ms(median(result.readMs))})`,
          target: `≤ ${TARGET}×`,
          ok: ratio <= TARGET,
        },
        {
          figure: "… best runs",
          value: `${(Math.min(...result.maskMs) / Math.min(...result.readMs)).toFixed(2)}× (${ms(Math.min(...result.maskMs))} vs ${ms(Math.min(...result.readMs))})`,
          target: "–",
          ok: null,
        },
        {
          figure: "Masking 5 MB of the secret corpus (job 1 310's logs repeated; a secret on most lines)",
          value: ms(median(result.denseMs)),
          target: "–",
          ok: null,
        },
      ],
      notes: [
        `Median of ${ROUNDS} rounds, masking and reading interleaved in one fresh process (bench/masking-child.ts). Reading is the`,
        "ESB v2 client from the answer's bytes to that host's log text; masking is joblog's redactor as main.ts builds it (four",
        "configured secrets, every rule): one keyword scan of the text, then each rule only on the lines holding its keywords.",
      ].join("\n"),
    };
  } finally {
    rmSync(folder, { recursive: true, force: true });
    await sim.close();
  }
}
