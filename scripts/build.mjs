// `npm run build [-- <outDir>]`: type-checks src/ with tsconfig.build.json, then bundles
// src/main.ts with esbuild into dist/main.js (or <outDir>/main.js) plus the chunks it loads only
// when needed (local mode, Redis, the access file), with source maps, and copies every file under
// src/ that is not TypeScript (today the local console's page) to the same place it has under src/.
// Production then runs `node dist/main.js`; nothing reads a .ts file at run time.
//
// Why a bundle rather than tsc's one file per module: start-up. Node resolves, reads and compiles
// each module on its own; joblog's ~1,000 modules (its own and its dependencies') cost well over a
// second before main() ran on this 2-core machine, one bundle a fraction of that (bench/profile-notes.md,
// "Start-up"). better-sqlite3 stays outside: it loads a compiled addon from its own folder.
import { spawnSync } from "node:child_process";
import { cpSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { join, relative, resolve } from "node:path";
import { build } from "esbuild";

const sourceDir = "src";
const outDir = resolve(process.argv[2] ?? "dist");
// A fresh dist/ holds no module that was deleted from src/; a folder given by hand is left as it is.
if (process.argv[2] === undefined) rmSync(outDir, { recursive: true, force: true });

// esbuild strips types without checking them: tsc still fails the build on a type error.
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
const checked = spawnSync(process.execPath, [tsc, "-p", "tsconfig.build.json", "--noEmit"], { stdio: "inherit" });
if (checked.status !== 0) process.exit(checked.status ?? 1);

/**
 * A module that finds files beside itself (new URL("./page/", import.meta.url)) sees the URL it
 * would have unbundled, dist/<its path>.js, so the files copied below are where it looks.
 */
const keepModuleUrls = {
  name: "keep-module-urls",
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, (args) => {
      const source = readFileSync(args.path, "utf8");
      if (!source.includes("import.meta.url")) return undefined;
      const unbundled = relative(resolve(sourceDir), args.path).replace(/\.ts$/, ".js");
      // Every output file (main.js and its chunks) sits at the top of outDir.
      return { contents: source.replaceAll("import.meta.url", `new URL(${JSON.stringify(`./${unbundled}`)}, import.meta.url).href`), loader: "ts" };
    });
  },
};

await build({
  entryPoints: { main: join(sourceDir, "main.ts") },
  outdir: outDir,
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  sourcemap: true,
  // Whitespace and syntax only: identifiers keep their names, so a stack trace without
  // --enable-source-maps still names the functions. Less text is less for V8 to scan at start-up.
  minifyWhitespace: true,
  minifySyntax: true,
  external: ["better-sqlite3"],
  // Bundled CommonJS dependencies call require() for Node's built-in modules.
  banner: { js: 'import { createRequire as __joblogCreateRequire } from "node:module"; const require = __joblogCreateRequire(import.meta.url);' },
  plugins: [keepModuleUrls],
  logLevel: "warning",
});

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
