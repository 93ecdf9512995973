// The terminal command, as a function of its inputs: arguments, environment and output streams
// in, exit code out. Fetches the report the bot would post and prints it as text, as Block Kit
// JSON, or one host's whole log. Never prints a stack trace or a secret: every failure is a
// sentence on stderr and exit code 2.
import { createJobApi } from "../bkjob/create-job-api.js";
import { withRedaction } from "../bkjob/redacting-job-api.js";
import { createRedactor } from "../core/redact-secrets.js";
import type { UpstreamError } from "../core/upstream-error.js";
import { ConfigError, loadBkJobOnlyConfig, type BkJobOnlyConfig } from "../config.js";
import { cleanLogText } from "../core/log-text.js";
import type { JobReport } from "../core/report-model.js";
import { messagesFor, type Messages } from "../i18n/index.js";
import type { JobRef } from "../core/job-ref.js";
import { systemClock, type Clock } from "../ports/clock.js";
import type { JobApi } from "../ports/job-api.js";
import type { Logger } from "../ports/logger.js";
import { describeUpstreamError, errorDetails, JOBLOG_OWN_MESSAGE } from "../render/error-message.js";
import { mrkdwnToPlain } from "../render/mrkdwn-plain.js";
import { renderReportMessage } from "../render/report-message.js";
import { renderTextReport } from "../render/text-report.js";
import { ansiStyle, plainStyle } from "../render/text-style.js";
import { describeUsageProblem } from "../render/usage-message.js";
import { fetchJobReport } from "../use-cases/job-report.js";
import { NO_JOB_GIVEN, parseCliArgs, USAGE, wantsSimulator, type CliArgs } from "./args.js";
import { ACT_USAGE, actVerbOf, runAct } from "./act-cli.js";
import { findHostLog } from "./find-host-log.js";
import { runRecent, wantsRecent } from "./recent.js";
import { withSimulator } from "./with-simulator.js";

const MORE_HELP = "Run `joblog --help` for usage.\n";

export const EXIT = { succeeded: 0, notSucceeded: 1, error: 2 } as const;

export interface CliIo {
  argv: readonly string[];
  env: Record<string, string | undefined>;
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown };
  fetch?: typeof fetch;
  clock?: Clock;
  /** Asks a yes/no question on the terminal (`joblog retry …`); absent without one. */
  ask?: (question: string) => Promise<boolean>;
}

/** The command prints its own words; the BK-JOB client's structured logs would only be noise. */
const quietLogger: Logger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

function upstreamProblem(error: UpstreamError, ref: JobRef, config: BkJobOnlyConfig, messages: Messages): string {
  const explanation = mrkdwnToPlain(describeUpstreamError(error, { ref, actingUser: config.bkJob.username, timeoutMs: config.bkJob.timeoutMs }, messages));
  const said = error.message && !JOBLOG_OWN_MESSAGE.has(error.kind) ? [`${messages.errors.bkMessage}: ${cleanLogText(error.message)}`] : [];
  const details = errorDetails(error, messages);
  return [mrkdwnToPlain(messages.errors.heading), explanation, ...said, ...(details === null ? [] : [details])].join("\n");
}

async function printHostLog(io: CliIo, jobApi: JobApi, report: JobReport, args: CliArgs, messages: Messages, config: BkJobOnlyConfig): Promise<number> {
  const found = await findHostLog({ jobApi, clock: io.clock ?? systemClock }, report, args.host!, args.stepInstanceId);
  if (found.kind === "upstream-error") {
    io.stderr.write(`${upstreamProblem(found.error, report.ref, config, messages)}\n`);
    return EXIT.error;
  }
  if (found.kind === "not-found") {
    io.stderr.write(`joblog: ${found.problem}\n`);
    return EXIT.error;
  }
  // Cleaned like every log joblog shows: escape sequences in a log must not drive the terminal.
  const text = cleanLogText(found.text);
  io.stdout.write(text.endsWith("\n") || text === "" ? text : `${text}\n`);
  return EXIT.succeeded;
}

async function run(io: CliIo): Promise<number> {
  if (actVerbOf(io.argv) !== null) {
    // `joblog retry …`, `joblog terminate …` (act-cli.ts).
    if (io.argv.includes("-h") || io.argv.includes("--help")) {
      io.stdout.write(ACT_USAGE);
      return EXIT.succeeded;
    }
    if (!wantsSimulator(io.argv)) return askBkJob(io, io.env);
    return withSimulator(io.env["BK_JOB_API"], (variables) => askBkJob(io, { ...io.env, ...variables }));
  }
  const english = messagesFor("en");
  if (wantsRecent(io.argv)) {
    if (!wantsSimulator(io.argv)) return listRecent(io, io.env);
    return withSimulator(io.env["BK_JOB_API"], (variables) => listRecent(io, { ...io.env, ...variables }));
  }
  // The job grammar's problems are worded by the dictionary; the language is not known yet.
  const peek = parseCliArgs(io.argv, { defaultBizId: null }, (problem) => mrkdwnToPlain(describeUsageProblem(problem, english)));
  if (!peek.ok && "help" in peek) {
    io.stdout.write(USAGE);
    return EXIT.succeeded;
  }
  if (!peek.ok && peek.error === NO_JOB_GIVEN) {
    io.stderr.write(`joblog: ${peek.error}\n${MORE_HELP}`);
    return EXIT.error;
  }

  if (!wantsSimulator(io.argv)) return askBkJob(io, io.env);
  // --sim: a simulator in this process, for as long as the command runs (with-simulator.ts).
  return withSimulator(io.env["BK_JOB_API"], (variables) => askBkJob(io, { ...io.env, ...variables }));
}

/** `joblog recent …` against the BK-JOB that `env` points at (recent.ts). */
async function listRecent(io: CliIo, env: CliIo["env"]): Promise<number> {
  let config: Readonly<BkJobOnlyConfig>;
  try {
    config = loadBkJobOnlyConfig(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    io.stderr.write(`${error.message.replace("joblog cannot start", "joblog cannot ask BK-JOB")}
${newcomerHint(env)}`);
    return EXIT.error;
  }
  const messages = messagesFor(config.language);
  const recentIo = { ...io, fetch: io.fetch ?? globalThis.fetch.bind(globalThis), clock: io.clock ?? systemClock, logger: quietLogger };
  return runRecent(recentIo, config, messages, (error, bizId) => upstreamProblem(error, { bizId, jobInstanceId: 0 }, config, messages));
}

/** Someone with no BK-JOB settings at all has most likely just installed joblog. */
function newcomerHint(env: CliIo["env"]): string {
  if (env["BK_JOB_API_URL"] !== undefined && env["BK_JOB_API_URL"] !== "") return "";
  return "\nNo BK-JOB at hand? Try joblog with its built-in simulator: joblog --sim 1 200\n";
}

/** The report (or log) of the job the arguments name, from the BK-JOB that `env` points at. */
async function askBkJob(io: CliIo, env: CliIo["env"]): Promise<number> {
  let config: Readonly<BkJobOnlyConfig>;
  try {
    config = loadBkJobOnlyConfig(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    const message = error.message.replace("joblog cannot start", "joblog cannot ask BK-JOB");
    io.stderr.write(`${message}\n\nSee \`joblog --help\` and README.md, "Configuration".\n${newcomerHint(env)}`);
    return EXIT.error;
  }
  const messages = messagesFor(config.language);
  if (actVerbOf(io.argv) !== null) return runAct(io, config, messages, quietLogger, (error, ref) => upstreamProblem(error, ref, config, messages));
  const parsed = parseCliArgs(io.argv, { defaultBizId: config.defaultBizId }, (problem) => mrkdwnToPlain(describeUsageProblem(problem, messages)));
  if (!parsed.ok) {
    io.stderr.write(`joblog: ${"error" in parsed ? parsed.error : ""}\n${MORE_HELP}`);
    return EXIT.error;
  }
  const { args } = parsed;

  const clock = io.clock ?? systemClock;
  // The terminal is another place log text leaves joblog: secrets are masked here too.
  const jobApi = withRedaction(
    createJobApi(config.bkJob, { fetch: io.fetch ?? globalThis.fetch.bind(globalThis), logger: quietLogger, language: config.language }),
    createRedactor({ secrets: [config.bkJob.appSecret] }),
  );
  // The digest of causes comes first in the text and JSON outputs; a host's log does not need it.
  const causes = args.output === "log" ? null : config.digest;
  const result = await fetchJobReport({ jobApi, clock, logger: quietLogger, webUrl: config.bkJob.webUrl }, args.ref, { causes });
  if (!result.ok) {
    io.stderr.write(`${upstreamProblem(result.error, args.ref, config, messages)}\n`);
    return EXIT.error;
  }
  const report = result.value;
  if (args.output === "log") return printHostLog(io, jobApi, report, args, messages, config);
  if (args.output === "json") {
    io.stdout.write(`${JSON.stringify(renderReportMessage(report, messages), null, 2)}\n`);
  } else {
    const color = args.color ?? (io.stdout.isTTY === true && env["NO_COLOR"] === undefined);
    io.stdout.write(renderTextReport(report, messages, { style: color ? ansiStyle : plainStyle }));
  }
  return report.finished && report.phase === "success" ? EXIT.succeeded : EXIT.notSucceeded;
}

export async function runCli(io: CliIo): Promise<number> {
  try {
    return await run(io);
  } catch (error) {
    // A bug, not a BK-JOB answer: still one sentence, no stack trace.
    io.stderr.write(`joblog: unexpected error: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT.error;
  }
}
