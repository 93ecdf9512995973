// The terminal's actions on a job: `joblog retry <biz> <job> [--step N] [--all]`, `joblog ignore …`,
// `joblog skip …`, `joblog confirm …`, `joblog reject …`, `joblog terminate <biz> <job>`. The same
// rules as the Slack buttons (core/step-actions.ts): the action is taken on the first step that
// bk-job would accept it on, or on --step N (its number in the job, or its step instance id). It
// asks first on a terminal; `--yes` is for scripts. It acts as BK_USERNAME (the terminal has no
// Slack user), so BK-JOB's own checks on that user decide.
import { createJobOperations } from "../bkjob/job-operations-client.js";
import { createJobApi } from "../bkjob/create-job-api.js";
import type { BkJobOnlyConfig } from "../config.js";
import { parseCommand } from "../core/command.js";
import { offeredActions, type StepAction } from "../core/step-actions.js";
import type { UpstreamError } from "../core/upstream-error.js";
import type { Messages } from "../i18n/index.js";
import { systemClock } from "../ports/clock.js";
import type { Logger } from "../ports/logger.js";
import { mrkdwnToPlain } from "../render/mrkdwn-plain.js";
import { actionQuestion } from "../render/step-action-blocks.js";
import { renderActionRefusal } from "../render/step-action-notes.js";
import { runStatusLabel } from "../render/status-labels.js";
import { fetchJobReport } from "../use-cases/job-report.js";

export const ACT_VERBS = ["retry", "ignore", "skip", "confirm", "reject", "terminate"] as const;
export type ActVerb = (typeof ACT_VERBS)[number];
export const isActVerb = (word: string | undefined): word is ActVerb => (ACT_VERBS as readonly (string | undefined)[]).includes(word);

/** The action a command line asks for: its first word, options aside (`joblog --sim retry 1 1500`). */
export const actVerbOf = (argv: readonly string[]): ActVerb | null => {
  const first = argv.find((arg) => !arg.startsWith("-"));
  return isActVerb(first) ? first : null;
};

export const ACT_USAGE = `usage: joblog retry <bk_biz_id> <job_instance_id> [--step N] [--all] [--yes]
       joblog ignore|skip|confirm|reject <bk_biz_id> <job_instance_id> [--step N] [--yes]
       joblog terminate <bk_biz_id> <job_instance_id> [--yes]

Acts on a BK-JOB execution as BK_USERNAME, where bk-job accepts it: retry a failed step's failed
hosts (--all: every host), ignore a failed step's error, skip a step being stopped, confirm or
reject a waiting confirmation, terminate a running job. --step N: the step's number in the job
(1, 2 …) or its step instance id; without it, the first step the action applies to. Asks before
acting on a terminal; --yes acts without asking (scripts). --sim works here too.

exit status: 0 BK-JOB took the action; 1 you answered no; 2 a usage, configuration or BK-JOB
             error, or nothing to act on.
`;

export interface ActIo {
  argv: readonly string[];
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown };
  fetch?: typeof fetch;
  /** Asks a yes/no question on the terminal; absent when there is no terminal to ask on. */
  ask?: (question: string) => Promise<boolean>;
}

interface ActArgs {
  verb: ActVerb;
  words: string[];
  step: number | null;
  all: boolean;
  yes: boolean;
}

function parseActArgs(argv: readonly string[]): ActArgs | string {
  const verb = actVerbOf(argv);
  if (verb === null) return "unknown action";
  const rest = argv.filter((arg) => arg !== "--sim");
  rest.splice(rest.indexOf(verb), 1);
  const args: ActArgs = { verb, words: [], step: null, all: false, yes: false };
  for (let index = 0; index < rest.length; index += 1) {
    const arg = rest[index] ?? "";
    if (arg === "--all") args.all = true;
    else if (arg === "--yes" || arg === "-y") args.yes = true;
    else if (arg === "--step" || arg.startsWith("--step=")) {
      const value = arg === "--step" ? rest[(index += 1)] : arg.slice("--step=".length);
      if (value === undefined || !/^[1-9]\d{0,15}$/.test(value)) return `--step needs a step number or step instance id, got "${value ?? ""}"`;
      args.step = Number(value);
    } else if (arg.startsWith("-")) return `unknown option ${arg}`;
    else args.words.push(arg);
  }
  if (args.all && verb !== "retry") return "--all goes with retry";
  if (args.step !== null && verb === "terminate") return "terminate acts on the whole job: no --step";
  return args;
}

const ACTION_OF: Record<Exclude<ActVerb, "retry">, StepAction> = { ignore: "ignore_error", skip: "skip", confirm: "confirm", reject: "reject", terminate: "terminate" };

/** `problem` words a BK-JOB failure for the terminal (run-cli.ts's, so both read alike). */
export async function runAct(
  io: ActIo,
  config: Readonly<BkJobOnlyConfig>,
  messages: Messages,
  logger: Logger,
  problem: (error: UpstreamError, ref: { bizId: number; jobInstanceId: number }) => string,
): Promise<number> {
  const parsed = parseActArgs(io.argv);
  if (typeof parsed === "string") {
    io.stderr.write(`joblog: ${parsed}\n\n${ACT_USAGE}`);
    return 2;
  }
  const command = parseCommand(parsed.words.join(" "), { defaultBizId: config.defaultBizId });
  if (command.kind !== "report" || command.grep !== null) {
    io.stderr.write(`joblog: ${parsed.verb} needs <bk_biz_id> <job_instance_id>\n\n${ACT_USAGE}`);
    return 2;
  }
  const { ref } = command;
  const fetch = io.fetch ?? globalThis.fetch.bind(globalThis);
  const jobApi = createJobApi(config.bkJob, { fetch, logger, language: config.language });
  const read = await fetchJobReport({ jobApi, clock: systemClock, logger, webUrl: null }, ref);
  if (!read.ok) {
    io.stderr.write(`${problem(read.error, ref)}\n`);
    return 2;
  }
  const report = read.value;
  const action: StepAction = parsed.verb === "retry" ? (parsed.all ? "retry_all" : "retry_failed") : ACTION_OF[parsed.verb];
  const wantedStep = (step: { index: number; stepInstanceId: number } | null) =>
    parsed.step === null || (step !== null && (step.index === parsed.step || step.stepInstanceId === parsed.step));
  // Every step's actions, not only the first step's: --step may name a later one.
  const offered = report.steps
    .flatMap((step) => offeredActions({ ...report, steps: [step] }))
    .concat(offeredActions({ ...report, steps: [] }))
    .find((candidate) => candidate.action === action && wantedStep(candidate.step));
  if (!offered) {
    const steps = report.steps.map((step) => `${step.index}. ${step.name}: ${runStatusLabel(step.status, messages)}`).join("\n  ");
    io.stderr.write(`joblog: BK-JOB would not accept ${parsed.verb} on job ${ref.jobInstanceId}${parsed.step === null ? "" : ` step ${parsed.step}`} now. The job is ${runStatusLabel(report.status, messages)}:\n  ${steps}\n`);
    return 2;
  }

  const question = actionQuestion(offered, report.name, messages);
  if (!parsed.yes) {
    if (!io.ask || io.stdout.isTTY !== true) {
      io.stderr.write(`joblog: ${question}\nNot on a terminal, so joblog cannot ask: add --yes to act without asking.\n`);
      return 2;
    }
    if (!(await io.ask(`${question} [y/N] `))) {
      io.stdout.write("Nothing was done.\n");
      return 1;
    }
  }
  const operations = createJobOperations(config.bkJob, { fetch, logger, language: config.language });
  const sent = offered.step === null ? await operations.operateJob(ref, offered.code) : await operations.operateStep(ref, offered.step.stepInstanceId, offered.code);
  if (!sent.ok) {
    io.stderr.write(`${mrkdwnToPlain(renderActionRefusal(sent.error, { ref, actingUser: config.bkJob.username, timeoutMs: config.bkJob.timeoutMs }, messages).text)}\n`);
    return 2;
  }
  io.stdout.write(`BK-JOB took it (as ${config.bkJob.username}, operation ${offered.code}): ${question.replace(/\?$/, "")}.\nSee how it goes: joblog ${ref.bizId} ${ref.jobInstanceId}\n`);
  return 0;
}
