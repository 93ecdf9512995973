// dist/main.js, as `npm run build` writes it (scripts/build.mjs): runs joblog's bundle, joblog.cjs
// beside it, through V8's code cache (joblog.cjs.cache), and maps stack traces through joblog.cjs.map.
//
// Why: start-up. Compiling the 3–4 MB bundle is a fifth of the CPU to /readyz, and Node 20 has no
// compile cache for modules (module.enableCompileCache is Node 22+). A vm.Script takes V8's cached
// data: the build runs the bundle's top level once in a child process and saves the code cache
// with every function compiled by then, so a start deserializes them instead of compiling.
// A cache V8 refuses (another Node or V8 version, other V8 flags, a changed bundle) costs nothing
// but the ordinary compile; a missing one likewise. bench/profile-notes.md, "Start-up", has figures.
//
// A vm.Script is outside --enable-source-maps: Node maps only modules its loaders compiled. So
// stack traces are mapped here (the bundle's and those of the vendor/ files it requires), by Error.prepareStackTrace, reading the map at the first trace
// formatted rather than at every start (parsing it cost 0.2–0.3 s of CPU before /readyz).
import { readFileSync } from "node:fs";
import { createRequire, SourceMap } from "node:module";
import { dirname, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { constants, Script } from "node:vm";

/** The bundle beside this file, as the build writes it. */
export const BUNDLE = fileURLToPath(new URL("./joblog.cjs", import.meta.url));

// CommonJS's module wrapper, on the bundle's first line so every other line keeps its number.
const WRAPPER = "(function (exports, require, module, __filename, __dirname) {";
/** Files compiled with the wrapper: their first line's columns are shifted by it. */
const wrapped = new Set();

/**
 * Compiles the bundle, with V8's cached data when given. script.cachedDataRejected tells whether
 * V8 used it; the build (writeCodeCache) and every start must compile the very same text.
 */
export function compileBundle(file, cachedData) {
  wrapped.add(file);
  // The build escapes every non-ASCII character, so Latin-1 reads the same text; it skips
  // UTF-8 decoding, a quarter of the ~30 ms of CPU that reading the bundle costs here.
  return new Script(`${WRAPPER}${readFileSync(file, "latin1")}\n})`, {
    filename: file,
    ...(cachedData ? { cachedData } : {}),
    // import() inside the bundle resolves as it would in a module of the main context.
    importModuleDynamically: constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
}

/** Runs the compiled bundle as CommonJS would run joblog.cjs; `require` resolves its externals (better-sqlite3). */
export function runBundle(script, file, require = createRequire(file)) {
  const module = { id: file, filename: file, path: dirname(file), exports: {}, loaded: false, children: [], paths: [], require };
  script.runInThisContext()(module.exports, require, module, file, dirname(file));
  module.loaded = true;
  return module.exports;
}

/**
 * The build step: evaluates the bundle's top level (its modules, not joblog: that starts only
 * when this file is the process's entry) and writes the code cache V8 holds after it.
 * `require` resolves the externals from the project, since the output folder may have no node_modules yet.
 */
export function writeCodeCache(file, require) {
  const script = compileBundle(file);
  runBundle(script, file, require);
  return script.createCachedData();
}

/**
 * Stack frames in the bundle and the vendor files beside it (any .cjs file in `folder` with a
 * .map) name the source file, line and column their source maps give.
 */
export function mapStackTraces(folder) {
  const maps = new Map(); // file → SourceMap, or null when it has none; read at its first frame
  const sourceMap = (file) => {
    if (!maps.has(file)) {
      try {
        maps.set(file, new SourceMap(JSON.parse(readFileSync(`${file}.map`, "utf8"))));
      } catch {
        maps.set(file, null);
      }
    }
    return maps.get(file);
  };
  const frame = (site) => {
    const text = String(site);
    const file = site.getFileName();
    const line = site.getLineNumber();
    const column = site.getColumnNumber();
    if (!file?.endsWith(".cjs") || !file.startsWith(`${folder}/`) || line === null || column === null) return text;
    const offset = line === 1 && wrapped.has(file) ? WRAPPER.length : 0;
    const entry = sourceMap(file)?.findEntry(line - 1, column - 1 - offset);
    if (!entry?.originalSource) return text;
    const original = `${resolve(dirname(file), entry.originalSource)}:${entry.originalLine + 1}:${entry.originalColumn + 1}`;
    return text.replace(`${file}:${line}:${column}`, original);
  };
  Error.prepareStackTrace = (error, sites) => {
    let head;
    try {
      head = Error.prototype.toString.call(error);
    } catch {
      head = "<error>";
    }
    return head + sites.map((site) => `\n    at ${frame(site)}`).join("");
  };
}

/** `node dist/main.js`: joblog. */
export function start() {
  mapStackTraces(dirname(BUNDLE));
  let cachedData;
  try {
    cachedData = readFileSync(`${BUNDLE}.cache`);
  } catch {
    cachedData = undefined;
  }
  runBundle(compileBundle(BUNDLE, cachedData), BUNDLE);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) start();
