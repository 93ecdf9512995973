// `joblog <biz> <job>` in a terminal (`npm run joblog -- …`, or `npx joblog …` through
// bin/joblog.js): runs the command with this process's arguments, environment and streams.
import { createInterface } from "node:readline/promises";
import { runCli } from "./run-cli.js";

/** `joblog retry …` asks before acting, on a terminal only. */
async function ask(question: string): Promise<boolean> {
  const terminal = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return /^y(es)?$/i.test((await terminal.question(question)).trim());
  } finally {
    terminal.close();
  }
}

// `joblog … | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw error;
});

process.exitCode = await runCli({
  argv: process.argv.slice(2),
  env: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
  ...(process.stdin.isTTY ? { ask } : {}),
});
