// Runs the terminal command as a person does: the real bin/joblog.js in its own process, without
// a shell, with only the environment the test gives (and PATH).
import { execFile } from "node:child_process";

export const JOBLOG_BIN = new URL("../../bin/joblog.js", import.meta.url).pathname;

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

export function runJoblog(args: readonly string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [JOBLOG_BIN, ...args],
      { env: { PATH: process.env["PATH"] ?? "", ...env }, timeout: 20_000, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === "number" ? error.code : -1;
        resolve({ code, stdout, stderr });
      },
    );
  });
}
