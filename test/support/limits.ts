// Slack-limit helpers for tests: joblog's table (src/render/limits.ts) applied to any payload, with
// a throwing form that lists every violation.
import { POLICY_RULES } from "../../src/block-kit-check/limit-rules.js";
import { formatViolations, measureBlockText as measure, type MessagePayload } from "../../src/block-kit-check/validate.js";
import { SLACK_LIMITS, validateMessage, validateModal, type ValidateOptions } from "../../src/render/limits.js";

export { POLICY_RULES };

/** The text an end user reads in these blocks, as counted against the cumulative budget. */
export function measureBlockText(blocks: readonly unknown[]): number {
  return measure(SLACK_LIMITS, blocks);
}

/** Throws listing every violation; a view is recognised by `type: "modal"`. */
export function assertWithinLimits(payload: MessagePayload | { type: "modal" }, options: ValidateOptions = {}): void {
  const violations =
    "type" in payload && payload.type === "modal" ? validateModal(payload, options) : validateMessage(payload as MessagePayload, options);
  if (violations.length > 0) {
    throw new Error(`payload breaks ${violations.length} Slack limit(s):\n${formatViolations(violations)}`);
  }
}
