// `npm run build` as the production section of the README uses it: compile to a folder, run
// `node <folder>/main.js` (no tsx, no .ts file), and the app works. Local mode (no Slack token)
// is the quickest whole start: simulator, fake Slack with the console, the real app.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import type { Script } from "node:vm";
import { buildSync } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = new URL("../../", import.meta.url).pathname;
// Inside the project, so the compiled modules find node_modules as dist/ does; .test-artifacts/ is ignored by git.
const outDir = join(root, ".test-artifacts", `build-${process.pid}`);

/** What dist/main.js (scripts/bundle-loader.mjs) exports besides starting joblog. */
interface BundleLoader {
  BUNDLE: string;
  compileBundle(file: string, cachedData?: Buffer): Script;
}

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
  afterAll(() => {
    rmSync(outDir, { recursive: true, force: true });
    rmSync(`${outDir}-fixture`, { recursive: true, force: true });
  });

  it("compiles src/ with source maps, copies the console's page, and leaves tests, benchmarks and scripts out", () => {
    expect(build.status, String(build.stderr) + String(build.stdout)).toBe(0);
    const files = filesUnder(outDir);
    expect(files).toEqual(expect.arrayContaining(["main.js", "main.js.map", "joblog.cjs", "joblog.cjs.map", "joblog.cjs.cache"]));
    expect(files.filter((file) => file.endsWith(".js") && !file.startsWith("local/fake-slack/console/page/")).every((file) => files.includes(`${file}.map`))).toBe(true);
    expect(files).toEqual(expect.arrayContaining(["local/fake-slack/console/page/index.html", "local/fake-slack/console/page/console.css", "local/fake-slack/console/page/console.js"]));
    expect(files.filter((file) => file.endsWith(".ts"))).toEqual([]);
    expect(files.filter((file) => /(^|\/)(test|bench|scripts)\//.test(file) || file.includes(".test."))).toEqual([]);
  });

  it("writes a code cache V8 accepts for the bundle, and a refused one only means compiling as usual", async () => {
    // Compiling runs nothing: the bundle's modules are not evaluated in this process.
    const loader = (await import(pathToFileURL(join(outDir, "main.js")).href)) as BundleLoader;
    expect(loader.BUNDLE).toBe(join(outDir, "joblog.cjs"));
    expect(loader.compileBundle(loader.BUNDLE, readFileSync(`${loader.BUNDLE}.cache`)).cachedDataRejected).toBe(false);
    expect(loader.compileBundle(loader.BUNDLE, Buffer.from("not a code cache")).cachedDataRejected).toBe(true);
    // ASCII only: one other character makes Node read the whole bundle into a two-byte string.
    expect(/[^\x00-\x7f]/.test(readFileSync(loader.BUNDLE, "latin1"))).toBe(false);
  });

  it("maps stack traces through the source maps without --enable-source-maps, the bundle's and a vendor file's", () => {
    // A small bundle and vendor file built as the build builds joblog's, loaded and mapped by the built main.js.
    const fixture = `${outDir}-fixture`;
    mkdirSync(fixture, { recursive: true });
    writeFileSync(join(fixture, "helper.ts"), 'export function failsInVendor(): never {\n  throw new Error("vendor");\n}\n');
    writeFileSync(join(fixture, "thrower.ts"), 'import { failsInVendor } from "./vendor/helper.cjs";\nexport function throwsHere(): never {\n  throw new Error("mapped?");\n}\ntry {\n  throwsHere();\n} catch (error) {\n  process.stdout.write(`${(error as Error).stack}\\n`);\n}\nfailsInVendor();\n');
    const options = { bundle: true, format: "cjs", platform: "node", sourcemap: true, sourcesContent: false, minifyWhitespace: true } as const;
    buildSync({ ...options, entryPoints: [join(fixture, "helper.ts")], outfile: join(fixture, "vendor", "helper.cjs") });
    buildSync({ ...options, entryPoints: [join(fixture, "thrower.ts")], outfile: join(fixture, "thrower.cjs"), external: ["./vendor/helper.cjs"], banner: { js: '"use strict";' } });
    const script = [
      `import { compileBundle, mapStackTraces, runBundle } from ${JSON.stringify(pathToFileURL(join(outDir, "main.js")).href)};`,
      `const file = ${JSON.stringify(join(fixture, "thrower.cjs"))};`,
      `mapStackTraces(${JSON.stringify(fixture)});`,
      "try { runBundle(compileBundle(file), file); } catch (error) { process.stdout.write(error.stack); }",
    ].join("\n");
    const child = spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8", env: { PATH: process.env.PATH ?? "" } });
    expect(child.stderr).toBe("");
    expect(child.stdout).toMatch(/^Error: mapped\?\n {4}at throwsHere \(.*-fixture\/thrower\.ts:3:9\)\n {4}at .*-fixture\/thrower\.ts:6:3/);
    expect(child.stdout).toMatch(/\nError: vendor\n {4}at failsInVendor \(.*-fixture\/helper\.ts:2:9\)\n {4}at .*-fixture\/thrower\.ts:10:1/);
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
