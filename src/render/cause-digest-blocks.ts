// Why did it fail, as Block Kit: "3 causes across 46 failing hosts", then per cause its host
// count, the line its representative host printed (escaped, secrets already masked upstream,
// cut to MAX_LOG_LINE), the tags, exit codes and a few hosts, and a Hosts button opening the
// cause's host list. The report, the follow's failure reply and `why` all show it first. Pure.
import type { KnownBlock, SectionBlock } from "@slack/types";
import { truncateText } from "../core/log-text.js";
import type { CauseReport, ReportCause, StepCauses } from "../core/report-model.js";
import type { Messages } from "../i18n/index.js";
import { ACTION_IDS } from "./action-ids.js";
import { button, context, section } from "./block-kit.js";
import { MAX_LOG_LINE, MAX_STEP_NAME, MAX_TAG } from "./display-caps.js";
import { formatCount } from "./format.js";
import { escapeMrkdwn, inlineCode } from "./mrkdwn.js";
import { hostLabel } from "./host-label.js";
import { hostStatusLabel } from "./status-labels.js";

/** Causes a report or a follow reply shows; `why` shows more. */
export const REPORT_CAUSES_SHOWN = 5;
export const WHY_CAUSES_SHOWN = 10;
/** Hosts named under a cause. */
const HOSTS_NAMED = 3;

export interface CauseBlocksOptions {
  /** Causes shown at most (the rest are counted). */
  maxCauses?: number;
  /** Only these steps' causes (a follow reply is about one step). */
  stepIds?: readonly number[] | null;
  /** false: no host names under each cause (a follow reply whose hosts an earlier reply named). */
  nameHosts?: boolean;
}

/** The Hosts button's value: which job, step and cause. Read back by decodeCauseButton. */
export function encodeCauseButton(step: StepCauses, cause: ReportCause): string {
  const { bizId, jobInstanceId } = cause.representative;
  return JSON.stringify({ b: bizId, j: jobInstanceId, s: step.stepInstanceId, c: cause.id });
}

export function decodeCauseButton(value: unknown): { bizId: number; jobInstanceId: number; stepInstanceId: number; causeId: string } | null {
  if (typeof value !== "string") return null;
  try {
    const raw = JSON.parse(value) as Record<string, unknown>;
    const id = (field: unknown) => (typeof field === "number" && Number.isSafeInteger(field) && field > 0 ? field : null);
    const [b, j, s] = [id(raw["b"]), id(raw["j"]), id(raw["s"])];
    const c = typeof raw["c"] === "string" && /^[0-9a-f]{8}$/.test(raw["c"]) ? raw["c"] : null;
    return b && j && s && c ? { bizId: b, jobInstanceId: j, stepInstanceId: s, causeId: c } : null;
  } catch {
    return null;
  }
}

/** A line of upstream text as inline code: one line, cut, escaped. */
const codeLine = (text: string) => inlineCode(truncateText(text.replace(/\s+/g, " ").trim(), MAX_LOG_LINE));

/** "*40 hosts* · exit 1 · tag `disk_full` · step 2. deploy-web", and the lines below it. */
export function causeText(step: StepCauses, cause: ReportCause, messages: Messages, withStep: boolean, nameHosts = true): string {
  const facts = [`*${messages.causes.hosts(formatCount(cause.hostCount, messages))}*`];
  if (cause.exitCodes.length > 0) facts.push(messages.causes.exitCodes(cause.exitCodes.join(", ")));
  if (cause.tags.length > 0) facts.push(messages.causes.tags(cause.tags.slice(0, 3).map((tag) => inlineCode(truncateText(tag, MAX_TAG))).join(", ")));
  if (withStep) facts.push(messages.causes.step(escapeMrkdwn(`${step.stepIndex}. ${truncateText(step.stepName, MAX_STEP_NAME)}`)));
  const statuses = cause.statuses.map((status) => hostStatusLabel(status, messages)).join(", ");
  const lines = [facts.join(" · ")];
  if (cause.noOutput) lines.push(escapeMrkdwn(messages.causes.noOutput(statuses)));
  else {
    lines.push(codeLine(cause.line));
    if (cause.context) lines.push(`${escapeMrkdwn(messages.causes.above)} ${codeLine(cause.context)}`);
  }
  if (!nameHosts) return lines.join("\n");
  const named = cause.sampleHosts.slice(0, HOSTS_NAMED).map((host) => inlineCode(hostLabel(host)));
  const more = cause.hostCount - named.length;
  lines.push(more > 0 ? `${named.join(", ")} ${escapeMrkdwn(messages.causes.andMore(formatCount(more, messages)))}` : named.join(", "));
  return lines.join("\n");
}

/** Causes of the chosen steps, largest first over the steps (a stable sort keeps step order for ties). */
function rankedCauses(report: CauseReport, stepIds: readonly number[] | null | undefined) {
  const wanted = stepIds ? new Set(stepIds) : null;
  const steps = report.steps.filter((step) => !wanted || wanted.has(step.stepInstanceId));
  const causes = steps.flatMap((step) => step.causes.map((cause) => ({ step, cause })));
  return { steps, causes: causes.sort((a, b) => b.cause.hostCount - a.cause.hostCount) };
}

export function causeDigestBlocks(report: CauseReport | null | undefined, messages: Messages, options: CauseBlocksOptions = {}): KnownBlock[] {
  if (!report) return [];
  const { steps, causes } = rankedCauses(report, options.stepIds);
  if (causes.length === 0) return [];
  const failing = steps.reduce((sum, step) => sum + step.failingHosts, 0);
  const shown = causes.slice(0, options.maxCauses ?? REPORT_CAUSES_SHOWN);
  const withStep = steps.length > 1;
  const blocks: KnownBlock[] = [section(messages.causes.headline(formatCount(causes.length, messages), formatCount(failing, messages)), "causes")];
  for (const [index, { step, cause }] of shown.entries()) {
    const block: SectionBlock = {
      ...section(causeText(step, cause, messages, withStep, options.nameHosts ?? true), `cause-${index}`),
      accessory: button({
        text: messages.causes.hostsButton(formatCount(cause.hostCount, messages)),
        actionId: `${ACTION_IDS.causeHosts}:${index}`,
        value: encodeCauseButton(step, cause),
      }),
    };
    blocks.push(block);
  }
  const notes: string[] = [];
  const rest = causes.slice(shown.length);
  if (rest.length > 0) {
    const restHosts = rest.reduce((sum, { cause }) => sum + cause.hostCount, 0);
    notes.push(messages.causes.moreCauses(formatCount(rest.length, messages), formatCount(restHosts, messages)));
  }
  for (const step of steps.filter((candidate) => candidate.sampled)) notes.push(escapeMrkdwn(sampleNote(step, messages)));
  if (notes.length > 0) blocks.push(context(notes, "causes-notes"));
  return blocks;
}

/** "Read a sample: the logs of 2,000 of 5,000 failing hosts (20 MB)". */
export function sampleNote(step: StepCauses, messages: Messages): string {
  const size = `${(step.logChars / 1_000_000).toLocaleString(messages.numberLocale, { maximumFractionDigits: 1 })} MB`;
  return messages.causes.sample(formatCount(step.hostsRead, messages), formatCount(step.failingHosts, messages), size);
}
