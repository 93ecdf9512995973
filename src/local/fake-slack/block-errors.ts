// Judges payloads as real Slack does, with Slack's documented limits (slack-limits.ts, never
// joblog's own table) and its thresholds (not joblog's tighter renderer budget), and answers the
// way Slack answers:
//   message blocks → { ok:false, error:"invalid_blocks", errors:[…],
//                      response_metadata:{ messages:["[ERROR] …"] } }
//   cumulative text over ~12,000 → { ok:false, error:"msg_blocks_too_long" } (Slack gives no detail)
//   views → { ok:false, error:"invalid_arguments", response_metadata:{ messages:["[ERROR] …"] } },
//           or view_too_large over 250 kB
// Rules Slack itself does not reject on (POLICY_RULES: fallback text, long top-level text) are skipped.
import { POLICY_RULES, type LimitViolation } from "../../block-kit-check/limit-rules.js";
import { checkHomeView, checkMessage, checkModal } from "../../block-kit-check/validate.js";
import type { SlackAnswer } from "./method-context.js";
import { CUMULATIVE_TEXT_REJECT, SLACK_DOCUMENTED_LIMITS } from "./slack-limits.js";

const CUMULATIVE_RULES = new Set<LimitViolation["rule"]>(["msg_blocks_too_long", "markdownCumulative"]);

const enforced = (violations: LimitViolation[]): LimitViolation[] =>
  violations.filter((v) => !POLICY_RULES.has(v.rule));

const asErrorMessages = (messages: string[]): string[] => messages.map((m) => `[ERROR] ${m}`);

function invalidBlocks(violations: LimitViolation[]): SlackAnswer {
  const errors = violations.map((v) => v.message);
  const messages = asErrorMessages(errors);
  return { ok: false, error: "invalid_blocks", errors, response_metadata: { messages } };
}

/** Slack's verdict on a list of blocks, or undefined when it would accept them. */
export function blocksError(blocks: unknown[], pathPrefix = ""): SlackAnswer | undefined {
  const violations = enforced(checkMessage(SLACK_DOCUMENTED_LIMITS, { text: "-", blocks }, { textBudget: CUMULATIVE_TEXT_REJECT, pathPrefix }));
  const structural = violations.filter((v) => !CUMULATIVE_RULES.has(v.rule));
  if (structural.length > 0) return invalidBlocks(structural);
  if (violations.length > 0) return { ok: false, error: "msg_blocks_too_long" };
  return undefined;
}

/** Slack's verdict on a view; views have no documented cumulative text cap, only 250 kB. */
export function viewError(view: unknown): SlackAnswer | undefined {
  const violations = checkModal(SLACK_DOCUMENTED_LIMITS, view, { textBudget: Number.POSITIVE_INFINITY, pathPrefix: "/view" });
  if (violations.some((v) => v.rule === "viewPayloadBytes")) return { ok: false, error: "view_too_large" };
  if (violations.length === 0) return undefined;
  // Slack leads with this summary before the specific problems (seen in real views.open answers).
  const summary = "failed to match all allowed schemas [json-pointer:/view]";
  const messages = asErrorMessages([summary, ...violations.map((v) => v.message)]);
  return { ok: false, error: "invalid_arguments", response_metadata: { messages } };
}

/** Slack's verdict on a Home tab view (views.publish): the same answers as for modals. */
export function homeViewError(view: unknown): SlackAnswer | undefined {
  const violations = checkHomeView(SLACK_DOCUMENTED_LIMITS, view, { textBudget: Number.POSITIVE_INFINITY, pathPrefix: "/view" });
  if (violations.some((v) => v.rule === "viewPayloadBytes")) return { ok: false, error: "view_too_large" };
  if (violations.length === 0) return undefined;
  const messages = asErrorMessages(["failed to match all allowed schemas [json-pointer:/view]", ...violations.map((v) => v.message)]);
  return { ok: false, error: "invalid_arguments", response_metadata: { messages } };
}

/** A 40,000+ character top-level text is truncated with a warning, not rejected. */
export function truncateText(text: string): { text: string; warning?: string } {
  if (text.length <= SLACK_DOCUMENTED_LIMITS.messageText) return { text };
  return { text: text.slice(0, SLACK_DOCUMENTED_LIMITS.messageText), warning: "message_truncated" };
}
