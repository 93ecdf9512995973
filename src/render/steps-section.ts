// A section's worth of step lines (a report's, a follow's live message's): as many as fit,
// then "…and N more steps"; a job without steps says so. Pure.
import type { Messages } from "../i18n/index.js";
import { linesWithinSection } from "./block-kit.js";
import { formatCount } from "./format.js";

export function stepsSection<T>(steps: readonly T[], line: (step: T) => string, messages: Messages): string {
  return linesWithinSection(steps, line, (left) => messages.report.andMoreSteps(formatCount(left, messages)), messages.report.noSteps);
}
