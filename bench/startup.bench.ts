// Start-up: from spawning `node dist/main.js` (the built app, as production runs it) to its first
// /readyz 200 (Slack auth verified, the Socket Mode connection open, the store open, BK-JOB
// answered), against the simulator and the fake Slack in this process. Measured beside `node -e ''`
// in the same run: the ratio travels between machines where milliseconds do not.
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startFakeSlack } from "../src/local/fake-slack/index.js";
import { startSimulator } from "../src/local/sim/server.js";
import { BOT_TOKEN } from "../test/support/harness.js";
import { startJoblogProcess } from "../test/support/joblog-process.js";
import type { BenchSection } from "./bench-section.js";
import { median, ms } from "./percentiles.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const ROUNDS = 7;
const TARGET_MS = 400;

function nodeAlone(): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["-e", ""], { stdio: "ignore" });
    child.on("exit", () => resolve(performance.now() - started));
    child.on("error", reject);
  });
}

export async function run(): Promise<BenchSection> {
  // Inside the project, so the compiled modules find node_modules as dist/ does.
  const outDir = join(ROOT, ".test-artifacts", `bench-startup-${process.pid}`);
  mkdirSync(join(ROOT, ".test-artifacts"), { recursive: true });
  const build = spawnSync("npm", ["run", "build", "--", outDir], { cwd: ROOT, encoding: "utf8" });
  if (build.status !== 0) throw new Error(`npm run build failed: ${build.stderr}`);
  const sim = await startSimulator();
  const slack = await startFakeSlack({ botToken: BOT_TOKEN });
  const ready: number[] = [];
  const bare: number[] = [];
  try {
    for (let round = 0; round < ROUNDS; round += 1) {
      bare.push(await nodeAlone());
      const started = performance.now();
      const joblog = startJoblogProcess({ command: [process.execPath, join(outDir, "main.js")], cwd: outDir, sim, slack, transport: "socket", botToken: BOT_TOKEN });
      try {
        const url = await joblog.url();
        while ((await fetch(`${url}/readyz`)).status !== 200) await new Promise((resolve) => setTimeout(resolve, 5));
        ready.push(performance.now() - started);
      } finally {
        if ((await joblog.stop()) !== 0) throw new Error(`joblog did not stop cleanly:\n${joblog.output()}`);
      }
    }
  } finally {
    await Promise.all([sim.close(), slack.close()]);
    rmSync(outDir, { recursive: true, force: true });
  }
  return summary(ready, bare);
}

function summary(ready: number[], bare: number[]): BenchSection {
  const readyMs = median(ready);
  const bareMs = median(bare);
  return {
    title: "Start-up: node dist/main.js to /readyz 200",
    rows: [
      { figure: "Start to /readyz 200, median", value: `${ms(readyMs)} (${ms(Math.min(...ready))}–${ms(Math.max(...ready))})`, target: `≤ ${TARGET_MS} ms`, ok: readyMs <= TARGET_MS },
      { figure: "`node -e ''`, median", value: `${ms(bareMs)} (${ms(Math.min(...bare))}–${ms(Math.max(...bare))})`, target: "", ok: null },
      { figure: "Ratio to `node -e ''`", value: `${(readyMs / bareMs).toFixed(1)}×`, target: "", ok: null },
    ],
    notes: `${ROUNDS} rounds, each a fresh process in Socket Mode against the simulator and the fake Slack; /readyz polled every 5 ms once the start-up line names its address (it comes once Slack's hello arrived).`,
  };
}
