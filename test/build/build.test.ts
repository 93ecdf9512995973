// `npm run build` as the production section of the README uses it: compile to a folder, run
// `node <folder>/main.js` (no tsx, no .ts file), and the app works. Local mode (no Slack token)
// is the quickest whole start: simulator, fake Slack with the console, the real app.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import { join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = new URL("../../", import.meta.url).pathname;
// Inside the project, so the compiled modules find node_modules as dist/ does; .test-artifacts/ is ignored by git.
const outDir = join(root, ".test-artifacts", `build-${process.pid}`);

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)));
}

describe("npm run build", () => {
  let build: ReturnType<typeof spawnSync>;
  beforeAll(() => {
    mkdirSync(join(root, ".test-artifacts"), { recursive: true });
    build = spawnSync("npm", ["run", "build", "--", outDir], { cwd: root, encoding: "utf8", timeout: 100_000 });
  }, 120_000);
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it("compiles src/ with source maps, copies the console's page, and leaves tests, benchmarks and scripts out", () => {
    expect(build.status, String(build.stderr) + String(build.stdout)).toBe(0);
    const files = filesUnder(outDir);
    expect(files).toContain("main.js");
    expect(files).toContain("main.js.map");
    expect(files.filter((file) => file.endsWith(".js") && !file.startsWith("local/fake-slack/console/page/")).every((file) => files.includes(`${file}.map`))).toBe(true);
    expect(files).toEqual(expect.arrayContaining(["local/fake-slack/console/page/index.html", "local/fake-slack/console/page/console.css", "local/fake-slack/console/page/console.js"]));
    expect(files.filter((file) => file.endsWith(".ts"))).toEqual([]);
    expect(files.filter((file) => /(^|\/)(test|bench|scripts)\//.test(file) || file.includes(".test."))).toEqual([]);
  });

  it("runs with node alone and .env.example: local mode starts, the console and its assets answer, SIGTERM stops it with 0", async () => {
    expect(existsSync(join(outDir, "main.js"))).toBe(true);
    // As the README runs it, with .env.example as the env file: no Slack token (local mode), no
    // BK-JOB (the built-in simulator). PORT from the environment wins over the file: any free port.
    const child = spawn(process.execPath, [`--env-file=${join(root, ".env.example")}`, join(outDir, "main.js")], {
      cwd: outDir,
      env: { PATH: process.env.PATH ?? "", PORT: "0" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    const address = /joblog local console: (http:\/\/127\.0\.0\.1:\d+\/)/;
    try {
      await expect.poll(() => address.exec(output)?.[1], { timeout: 20_000 }).toBeDefined();
      const url = address.exec(output)![1]!;
      const page = await fetch(url);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain("<html");
      for (const asset of ["console/console.css", "console/console.js"]) {
        const response = await fetch(`${url}${asset}`);
        expect(response.status, asset).toBe(200);
        expect((await response.text()).length, asset).toBeGreaterThan(0);
      }
      expect(output).toContain("built-in BK-JOB simulator");
      expect(output).not.toMatch(/\n\s+at /);
    } finally {
      child.kill("SIGTERM");
    }
    expect(await exited).toBe(0);
  }, 40_000);
});
