// Which Chromium the browser tests launch: CHROMIUM_PATH when set (.ci/run exports what
// `command -v chromium` found), else the first `chromium` on PATH. No hard-coded location, and a
// clear message instead of playwright's when there is none.
import { accessSync, constants, statSync } from "node:fs";
import { delimiter, join } from "node:path";

const isExecutableFile = (path: string): boolean => {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
};

export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string {
  const chosen = env["CHROMIUM_PATH"];
  if (chosen) {
    if (!isExecutableFile(chosen)) throw new Error(`CHROMIUM_PATH is ${chosen}, which is not an executable file`);
    return chosen;
  }
  for (const folder of (env["PATH"] ?? "").split(delimiter)) {
    if (folder === "") continue;
    const candidate = join(folder, "chromium");
    if (isExecutableFile(candidate)) return candidate;
  }
  throw new Error(
    "the browser tests need Chromium, and there is no `chromium` on PATH (CHROMIUM_PATH is not set either): " +
      "install Debian's with `apt-get install chromium` (.ci/run does), or set CHROMIUM_PATH to a Chromium binary",
  );
}
