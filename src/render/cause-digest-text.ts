// Why did it fail, as terminal text: the same digest as the Slack message (cause-digest-blocks.ts)
// without buttons, upstream text cleaned of escape sequences. Pure.
import { cleanLogText, truncateText } from "../core/log-text.js";
import type { CauseReport } from "../core/report-model.js";
import type { Messages } from "../i18n/index.js";
import { causeText, REPORT_CAUSES_SHOWN, sampleNote } from "./cause-digest-blocks.js";
import { MAX_LOG_LINE } from "./display-caps.js";
import { mrkdwnToPlain } from "./mrkdwn-plain.js";
import type { TextStyle } from "./text-style.js";

export function causeDigestLines(report: CauseReport | null | undefined, messages: Messages, style: TextStyle, maxCauses = REPORT_CAUSES_SHOWN): string[] {
  if (!report || report.causeCount === 0) return [];
  const causes = report.steps.flatMap((step) => step.causes.map((cause) => ({ step, cause }))).sort((a, b) => b.cause.hostCount - a.cause.hostCount);
  const failing = report.steps.reduce((sum, step) => sum + step.failingHosts, 0);
  const plain = (mrkdwn: string) => cleanLogText(mrkdwnToPlain(mrkdwn));
  const lines = ["", style.bold(plain(messages.causes.headline(String(causes.length), failing.toLocaleString(messages.numberLocale))))];
  for (const { step, cause } of causes.slice(0, maxCauses)) {
    const [facts = "", ...rest] = causeText(step, cause, messages, report.steps.length > 1).split("\n");
    lines.push(`  • ${plain(facts)}`, ...rest.map((line) => `    ${truncateText(plain(line), MAX_LOG_LINE + 40)}`));
  }
  if (causes.length > maxCauses) lines.push(style.dim(`  ${plain(messages.causes.moreCauses(String(causes.length - maxCauses), String(causes.slice(maxCauses).reduce((sum, { cause }) => sum + cause.hostCount, 0))))}`));
  for (const step of report.steps.filter((candidate) => candidate.sampled)) lines.push(style.dim(`  ${sampleNote(step, messages)}`));
  return lines;
}
