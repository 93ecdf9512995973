// What a server gets (the Dockerfile's runtime stage does the same): dist/ from `npm run build`,
// package.json and package-lock.json in an empty folder, `npm ci --omit=dev`, then `node
// dist/main.js` against the BK-JOB simulator and the fake Slack (Socket Mode, the manifest's
// transport). A runtime import of a dev dependency fails here. Install scripts are skipped and
// better-sqlite3's compiled addon is copied from this checkout (same lockfile, same Node):
// compiling it again costs three minutes and proves nothing about joblog's imports.
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeSlack, type FakeSlack } from "../../src/local/fake-slack/index.js";
import { startSimulator, type Simulator } from "../../src/local/sim/server.js";
import { BOT_TOKEN } from "../support/harness.js";
import { startJoblogProcess } from "../support/joblog-process.js";

const root = new URL("../../", import.meta.url).pathname;
const ADDON = join("node_modules", "better-sqlite3", "build", "Release", "better_sqlite3.node");

describe("a production install: dist/ and production dependencies only", () => {
  let folder: string;
  let install: ReturnType<typeof spawnSync>;
  let sim: Simulator;
  let slack: FakeSlack;
  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), "joblog-production-"));
    const build = spawnSync("npm", ["run", "build", "--", join(folder, "dist")], { cwd: root, encoding: "utf8", timeout: 120_000 });
    if (build.status !== 0) throw new Error(`npm run build failed:\n${build.stderr}${build.stdout}`);
    for (const file of ["package.json", "package-lock.json"]) copyFileSync(join(root, file), join(folder, file));
    install = spawnSync("npm", ["ci", "--omit=dev", "--ignore-scripts", "--prefer-offline", "--no-audit", "--no-fund"], { cwd: folder, encoding: "utf8", timeout: 240_000 });
    if (install.status === 0) {
      mkdirSync(join(folder, ADDON, ".."), { recursive: true });
      copyFileSync(join(root, ADDON), join(folder, ADDON));
    }
    sim = await startSimulator();
    slack = await startFakeSlack({ botToken: BOT_TOKEN });
  }, 400_000);
  afterAll(async () => {
    await Promise.all([sim?.close(), slack?.close()]);
    rmSync(folder, { recursive: true, force: true });
  });

  it("installs no dev dependency, starts with node alone, is ready, and answers /joblog with a report", async () => {
    expect(install.status, String(install.stderr)).toBe(0);
    for (const dev of ["typescript", "vitest", "dependency-cruiser", "playwright-core"]) expect(existsSync(join(folder, "node_modules", dev)), dev).toBe(false);
    const joblog = startJoblogProcess({ command: [process.execPath, "dist/main.js"], cwd: folder, sim, slack, transport: "socket", botToken: BOT_TOKEN, env: { NODE_ENV: "production" } });
    try {
      const url = await joblog.url();
      await expect.poll(async () => (await fetch(`${url}/readyz`)).status, { timeout: 10_000 }).toBe(200);
      const delivery = await slack.socketMode.sendSlashCommand({ text: "1 200", response_url: slack.responseUrl("installed") });
      expect(delivery).toMatchObject({ acknowledged: true, payload: { response_type: "in_channel" } });
      const post = await slack.waitFor((r) => r.kind === "response_url_post" && r.id === "installed", 15_000);
      expect(JSON.stringify(post.kind === "response_url_post" ? post.body : {})).toContain("deploy-web-release");
      const metrics = await (await fetch(`${url}/metrics`)).text();
      expect(metrics).toContain('joblog_requests_total{action="report",outcome="ok"} 1');
      expect(await joblog.stop()).toBe(0);
    } finally {
      await joblog.stop();
    }
    expect(joblog.output()).not.toMatch(/Cannot find (module|package)/);
  }, 60_000);
});
