// Reading the terminal command's arguments: the same job grammar as /joblog (ids or a JOB link,
// core/command.ts) plus the command's own options. Pure.
import { parseCommand, type UsageProblem } from "../core/command.js";
import type { JobRef } from "../core/job-ref.js";

export const USAGE = `usage: joblog [options] <bk_biz_id> <job_instance_id> [options]
       joblog [options] [<bk_biz_id>] <JOB execution link> [options]

Prints a BK-JOB execution's report as joblog posts it in Slack: status, steps, failing hosts
and the tail of their logs. Options go before or after the job, in any order.

options:
  --sim               ask the BK-JOB simulator built into joblog instead of a real BK-JOB; no BK_*
                      variables needed. Try: joblog --sim 1 200 (a failed deploy), 1 100 (a success),
                      1 500 (a 5 MB log), 1 700 (a job that starts running when the command does)
  --json              print the Slack message (Block Kit JSON) instead of text
  --log <ip>          print one host's whole log; <bk_cloud_id>:<ip> for a host outside BK-Net 0
  --step <id>         with --log: the step instance id (default: the last step that ran on the host)
  --color, --no-color colours on or off (default: on when the output is a terminal, off with NO_COLOR)
  -h, --help          this help

Acting on a job (retry, ignore, skip, confirm, reject, terminate): joblog retry --help.

Settings come from the same environment variables as the bot: BK_JOB_API_URL, BK_APP_CODE,
BK_APP_SECRET and BK_USERNAME (required without --sim, ignored with it), BK_JOB_API,
BK_JOB_WEB_URL, BK_JOB_TIMEOUT_MS, JOBLOG_LANG, JOBLOG_DEFAULT_BIZ (README.md, "Configuration").

exit status: 0 the job succeeded; 1 it did not (failed, stopped, still running, waiting);
             2 a usage, configuration or BK-JOB error. With --log: 0 when the log was printed.
`;

export interface HostArgument {
  ip: string;
  bkCloudId: number | null; // null: BK-Net as the report knows the host, else 0
}

export interface CliArgs {
  ref: JobRef;
  output: "text" | "json" | "log";
  host: HostArgument | null;
  stepInstanceId: number | null;
  color: boolean | null; // null: decide from the terminal
}

export type CliParse = { ok: true; args: CliArgs } | { ok: false; help: true } | { ok: false; error: string };

const VALUE_FLAGS = new Set(["--log", "--step"]);
const SIM_FLAG = "--sim";
export const NO_JOB_GIVEN = "which job? give <bk_biz_id> <job_instance_id> or a JOB link";

/** Whether to start the built-in simulator: known before the job is read (which needs the configuration). */
export function wantsSimulator(argv: readonly string[]): boolean {
  return argv.includes(SIM_FLAG);
}

function parseHost(text: string): HostArgument | null {
  const match = /^(?:(\d{1,9}):)?([0-9A-Za-z.:_-]{1,64})$/.exec(text);
  if (!match?.[2]) return null;
  return { ip: match[2], bkCloudId: match[1] === undefined ? null : Number(match[1]) };
}

/** `describeProblem` words a /joblog usage problem (from the messages dictionary) for the terminal. */
export function parseCliArgs(
  argv: readonly string[],
  defaults: { defaultBizId: number | null },
  describeProblem: (problem: UsageProblem) => string,
): CliParse {
  const words: string[] = [];
  const values = new Map<string, string>();
  let json = false;
  let color: boolean | null = null;
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index] ?? "";
    if (arg === "-h" || arg === "--help") return { ok: false, help: true };
    if (arg === "--json") json = true;
    else if (arg === SIM_FLAG) continue; // read by wantsSimulator
    else if (arg === "--color" || arg === "--colour") color = true;
    else if (arg === "--no-color" || arg === "--no-colour") color = false;
    else if (arg.startsWith("--")) {
      const equals = arg.indexOf("=");
      const flag = equals < 0 ? arg : arg.slice(0, equals);
      if (!VALUE_FLAGS.has(flag)) return { ok: false, error: `unknown option ${arg}` };
      const value = equals < 0 ? argv[(index += 1)] : arg.slice(equals + 1);
      if (value === undefined || value === "" || value.startsWith("--")) return { ok: false, error: `${flag} needs a value` };
      values.set(flag, value);
    } else words.push(arg);
  }

  const command = parseCommand(words.join(" "), defaults);
  if (command.kind === "help") return words.length === 0 ? { ok: false, error: NO_JOB_GIVEN } : { ok: false, help: true };
  if (command.kind === "invalid") return { ok: false, error: describeProblem(command.problem) };
  if (command.kind !== "report" && command.kind !== "follow") return { ok: false, error: `${command.kind} is a Slack feature; in a terminal: joblog recent <biz> [name] [--failed] [--json]` };
  if (command.kind === "follow") return { ok: false, error: "follow is a Slack feature; in a terminal, run joblog again (or in a loop) to see the job move" };
  if (command.kind === "report" && command.grep !== null) return { ok: false, error: "grep is not supported here; pipe a host's log instead: joblog <biz> <job> --log <ip> | grep <text>" };

  const logValue = values.get("--log");
  const host = logValue === undefined ? null : parseHost(logValue);
  if (logValue !== undefined && host === null) return { ok: false, error: `--log needs a host IP, got "${logValue}"` };
  const stepValue = values.get("--step");
  if (stepValue !== undefined && !/^[1-9]\d{0,15}$/.test(stepValue)) return { ok: false, error: `--step needs a step instance id, got "${stepValue}"` };
  if (stepValue !== undefined && host === null) return { ok: false, error: "--step goes with --log <ip>" };
  if (json && host !== null) return { ok: false, error: "--json and --log cannot be used together" };

  return {
    ok: true,
    args: {
      ref: command.ref,
      output: host !== null ? "log" : json ? "json" : "text",
      host,
      stepInstanceId: stepValue === undefined ? null : Number(stepValue),
      color,
    },
  };
}
