// `npm run build [-- <outDir>]`: compiles src/ with tsconfig.build.json (source maps on) to dist/,
// or to <outDir>, then copies every file under src/ that tsc does not compile (today the local
// console's page: index.html, console.css, console.js) to the same place beside the compiled
// modules, because the code finds them next to itself (new URL("./page/", import.meta.url)).
// Production then runs `node dist/main.js`; nothing reads a .ts file at run time.
import { spawnSync } from "node:child_process";
import { cpSync, readdirSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { join, relative, resolve } from "node:path";

const sourceDir = "src";
const outDir = resolve(process.argv[2] ?? "dist");
// A fresh dist/ holds no module that was deleted from src/; a folder given by hand is left as it is.
if (process.argv[2] === undefined) rmSync(outDir, { recursive: true, force: true });

const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
const compiled = spawnSync(process.execPath, [tsc, "-p", "tsconfig.build.json", "--outDir", outDir], { stdio: "inherit" });
if (compiled.status !== 0) process.exit(compiled.status ?? 1);

function* assets(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* assets(path);
    else if (!entry.name.endsWith(".ts")) yield path;
  }
}

let copied = 0;
for (const file of assets(sourceDir)) {
  cpSync(file, join(outDir, relative(sourceDir, file)));
  copied += 1;
}
process.stdout.write(`built ${relative(process.cwd(), outDir) || "."}/ (${copied} asset file(s) copied from ${sourceDir}/)\n`);
