// `npm run build [-- <outDir>]`: type-checks src/ with tsconfig.build.json, then bundles
// src/main.ts with esbuild into dist/joblog.cjs (or <outDir>/joblog.cjs) with its source map, writes
// dist/main.js (scripts/bundle-loader.mjs), which runs the bundle through the V8 code cache made
// here (dist/joblog.cjs.cache), and copies every file under src/ that is not TypeScript (today the
// local console's page) to the same place it has under src/.
// Production then runs `node dist/main.js`; nothing reads a .ts file at run time.
//
// Why a bundle rather than tsc's one file per module: start-up. Node resolves, reads and compiles
// each module on its own; joblog's ~1,000 modules (its own and its dependencies') cost well over a
// second before main() ran on this 2-core machine, one bundle a fraction of that (bench/profile-notes.md,
// "Start-up"). better-sqlite3's compiled addon stays in node_modules, found from its package's folder.
import { spawnSync } from "node:child_process";
import { cpSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
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
 * The bundle must be ASCII: Node reads a file with one non-ASCII character into a two-byte string,
 * twice the memory for V8 to scan, and decoding it cost ~30 ms of CPU at every start. esbuild
 * escapes strings but leaves regular expressions as written (the Chinese words in log patterns):
 * \uXXXX means the same character in a regex, string, template or comment of ours.
 */
const escapeNonAscii = (text) => text.replace(/[^\x00-\x7f]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`);
const asciiOnly = (source) => ({ contents: escapeNonAscii(source), loader: "ts" });

/**
 * A module that finds files beside itself (new URL("./page/", import.meta.url)) sees the URL it
 * would have unbundled, dist/<its path>.js, so the files copied below are where it looks. The
 * bundle is CommonJS (below): the banner gives it its own URL in place of import.meta.url.
 */
const keepModuleUrls = {
  name: "keep-module-urls",
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, (args) => {
      const source = readFileSync(args.path, "utf8");
      if (!source.includes("import.meta.url")) return asciiOnly(source);
      const unbundled = relative(resolve(sourceDir), args.path).replace(/\.ts$/, ".js");
      // The bundle sits at the top of outDir, beside main.js.
      return asciiOnly(source.replaceAll("import.meta.url", `new URL(${JSON.stringify(`./${unbundled}`)}, __joblogBundleUrl).href`));
    });
  },
};

/**
 * Bolt's index loads its ExpressReceiver, and with it express and its dependencies (mime types,
 * send, router …): ~15 ms of CPU at every start for a receiver joblog never makes (HTTP mode has
 * its own, src/slack/http-receiver.ts). The bundle gets a stand-in that says so if constructed.
 */
const withoutExpressReceiver = {
  name: "without-express-receiver",
  setup(build) {
    build.onResolve({ filter: /^\.\/receivers\/ExpressReceiver$/ }, (args) =>
      /[\\/]@slack[\\/]bolt[\\/]dist[\\/]index\.js$/.test(args.importer) ? { path: "ExpressReceiver", namespace: "without-express-receiver" } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: "without-express-receiver" }, () => ({
      contents: `"use strict";
class ExpressReceiver { constructor() { throw new Error("Bolt's ExpressReceiver is not in joblog's build (scripts/build.mjs)"); } }
exports.default = ExpressReceiver;`,
      loader: "js",
    }));
  },
};

/**
 * Libraries only some starts use (the Redis client, the access file's YAML parser) and iconv-lite's
 * encoding tables (loaded on a body's first charset conversion) go into files of their own under
 * vendor/, required from the bundle when first used. In the bundle they were never evaluated nor in
 * the code cache, yet read at every start: 1 MB of the 3.7 MB, ~10 ms of CPU here.
 */
const VENDOR = {
  ioredis: "ioredis",
  yaml: "yaml",
  "iconv-lite-encodings": createRequire(import.meta.url).resolve("iconv-lite/encodings"),
};
const vendorChunks = {
  name: "vendor-chunks",
  setup(build) {
    build.onResolve({ filter: /^(ioredis|yaml)$/ }, (args) => ({ path: `./vendor/${args.path}.cjs`, external: true }));
    // iconv-lite's own lazy require("../encodings"), in the one copy of iconv-lite there is.
    build.onResolve({ filter: /^\.\.\/encodings$/ }, (args) =>
      resolve(args.resolveDir, "../encodings/index.js") === VENDOR["iconv-lite-encodings"] ? { path: "./vendor/iconv-lite-encodings.cjs", external: true } : undefined,
    );
  },
};

/**
 * better-sqlite3's JavaScript goes into the bundle (and the code cache), its compiled addon stays in
 * node_modules: its `bindings` lookup would start from the caller's file, the bundle, so it is
 * given better-sqlite3's own folder to search, the same places in the same order.
 */
const ADDON_LOOKUP = "require('bindings')('better_sqlite3.node')";
const sqliteAddonFromNodeModules = {
  name: "sqlite-addon-from-node-modules",
  setup(build) {
    build.onLoad({ filter: /[\\/]better-sqlite3[\\/]lib[\\/]database\.js$/ }, (args) => {
      const source = readFileSync(args.path, "utf8");
      if (!source.includes(ADDON_LOOKUP)) throw new Error(`${args.path} no longer has ${ADDON_LOOKUP}: see scripts/build.mjs`);
      const root = "require('path').dirname(require.resolve('better-sqlite3/package.json'))";
      return { contents: source.replace(ADDON_LOOKUP, `require('bindings')({ bindings: 'better_sqlite3.node', module_root: ${root} })`), loader: "js" };
    });
  },
};

/** What the bundle and the vendor files share: CommonJS for Node 20, mapped, minified but named. */
const commonJs = {
  outdir: outDir,
  outExtension: { ".js": ".cjs" },
  bundle: true,
  format: "cjs",
  platform: "node",
  target: "node20",
  sourcemap: true,
  // Stack traces need the positions, not the text: a smaller map is read sooner at the first trace.
  sourcesContent: false,
  // Whitespace and syntax only: identifiers keep their names, so a stack trace names the
  // functions even unmapped. Less text is less for V8 to scan when the code cache is refused.
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: "warning",
};

// One CommonJS bundle, joblog.cjs, run by main.js (scripts/bundle-loader.mjs) through V8's code
// cache: Node 20 caches no compiled ES module, a vm.Script takes cached data. Local mode is in the
// bundle too but evaluated only when imported, as esbuild wraps a module reached by import() in a
// function; the libraries in VENDOR are required from their own files at the same moment.
await build({
  ...commonJs,
  entryPoints: { joblog: join(sourceDir, "main.ts") },
  // Found at run time, in node_modules (sqliteAddonFromNodeModules).
  external: ["better-sqlite3/package.json"],
  // Strict like the ES modules it is made of (and the ESM bundle it replaced).
  banner: { js: '"use strict";var __joblogBundleUrl=require("node:url").pathToFileURL(__filename).href;' },
  plugins: [keepModuleUrls, withoutExpressReceiver, vendorChunks, sqliteAddonFromNodeModules],
});

await build({ ...commonJs, entryPoints: Object.fromEntries(Object.entries(VENDOR).map(([name, entry]) => [`vendor/${name}`, entry])) });

// What is left outside our sources (a licence comment in a dependency) is escaped in the output.
const bundleFile = join(outDir, "joblog.cjs");
writeFileSync(bundleFile, escapeNonAscii(readFileSync(bundleFile, "utf8")));

// main.js, the process entry, is the loader; its map only to keep every .js in dist/ mapped.
await build({
  entryPoints: { main: "scripts/bundle-loader.mjs" },
  outdir: outDir,
  format: "esm",
  platform: "node",
  target: "node20",
  sourcemap: true,
  logLevel: "warning",
});

// The code cache: the bundle's top level evaluated in a child (joblog does not start there), then
// V8's cached data written beside it. Externals resolve from this project: outDir may have no
// node_modules yet. No NODE_OPTIONS: V8 refuses a cache made under other V8 flags than the start's.
const cacheScript = `
  import { writeFileSync } from "node:fs";
  import { createRequire } from "node:module";
  import { writeCodeCache } from ${JSON.stringify(pathToFileURL(join(outDir, "main.js")).href)};
  const bundle = ${JSON.stringify(bundleFile)};
  writeFileSync(bundle + ".cache", writeCodeCache(bundle, createRequire(${JSON.stringify(fileURLToPath(new URL("../package.json", import.meta.url)))})));
  process.exit(0);
`;
const cached = spawnSync(process.execPath, ["--input-type=module", "-e", cacheScript], { stdio: "inherit", env: { ...process.env, NODE_OPTIONS: "" } });
if (cached.status !== 0) process.exit(cached.status ?? 1);

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
