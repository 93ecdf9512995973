// Checks a Block Kit message or modal against a limits table and a cumulative text budget, and
// reports every violation in Slack's own wording ("must be less than 3001 characters
// [json-pointer:/blocks/0/text/text]"). A small library of its own: it imports nothing from joblog,
// so the product's renderers (src/render/limits.ts) and the fake Slack, each with its own table,
// judge with the same walk. Pure: no I/O, no clock.
import { TYPE_CHECKS } from "./block-checks.js";
import { Checker, isObject } from "./checker.js";
import type { BlockKitLimits, LimitViolation } from "./limit-rules.js";

export interface CheckOptions {
  /** Cumulative text allowed for all blocks: a renderer's budget, or where Slack starts refusing. */
  textBudget: number;
  /** Prepended to every path, e.g. "/view" for views.open errors. */
  pathPrefix?: string;
}

export interface MessagePayload {
  text?: string;
  blocks?: readonly unknown[];
}

export function checkMessage(limits: BlockKitLimits, message: MessagePayload, options: CheckOptions): LimitViolation[] {
  const check = new Checker(limits, TYPE_CHECKS, "message", options.pathPrefix ?? "");
  const text: unknown = message.text;
  if (typeof text !== "string" || text.length === 0) {
    const why = "notification and screen-reader fallback";
    check.report("/text", "fallback_text_required", 1, 0, `must provide a non-empty top-level text (${why})`);
  } else {
    check.tooLong("/text", text, "messageText");
  }
  if (message.blocks !== undefined) {
    check.blocks("/blocks", message.blocks, "blocksPerMessage");
    check.cumulative("/blocks", options.textBudget);
  }
  return check.violations;
}

export function checkModal(limits: BlockKitLimits, view: unknown, options: CheckOptions): LimitViolation[] {
  const check = new Checker(limits, TYPE_CHECKS, "modal", options.pathPrefix ?? "");
  if (!isObject(view)) {
    check.report("", "required", 1, 0, "must provide an object");
    return check.violations;
  }
  if (view["type"] !== "modal") {
    check.report("/type", "type", 0, 0, `must be "modal"`);
  }
  check.textObject("/title", view["title"], "viewTitle", { plainOnly: true, required: true });
  check.textObject("/close", view["close"], "viewClose", { plainOnly: true });
  check.textObject("/submit", view["submit"], "viewSubmit", { plainOnly: true });
  check.string("/private_metadata", view["private_metadata"], "viewPrivateMetadata", { allowEmpty: true });
  check.string("/callback_id", view["callback_id"], "viewCallbackId", { allowEmpty: true });
  check.string("/external_id", view["external_id"], "viewExternalId", { allowEmpty: true });
  const blocks = check.blocks("/blocks", view["blocks"], "blocksPerView");
  // Slack: `submit` is "required when an input block is within the blocks array".
  if (blocks?.some((block) => isObject(block) && block["type"] === "input") && view["submit"] === undefined) {
    check.report("/submit", "required", 1, 0, "must provide an object when blocks contain an input block");
  }
  check.cumulative("/blocks", options.textBudget);
  const bytes = new TextEncoder().encode(JSON.stringify(view)).length;
  if (bytes > limits.viewPayloadBytes) {
    const limit = limits.viewPayloadBytes;
    check.report("", "viewPayloadBytes", limit, bytes, `view payload must be at most ${limit} bytes`);
  }
  return check.violations;
}

/**
 * A Home tab view (views.publish): type "home", up to 100 blocks, the optional strings of any
 * view; no title, close or submit (https://docs.slack.dev/reference/views/home-tab-views).
 */
export function checkHomeView(limits: BlockKitLimits, view: unknown, options: CheckOptions): LimitViolation[] {
  const check = new Checker(limits, TYPE_CHECKS, "modal", options.pathPrefix ?? "");
  if (!isObject(view)) {
    check.report("", "required", 1, 0, "must provide an object");
    return check.violations;
  }
  if (view["type"] !== "home") check.report("/type", "type", 0, 0, `must be "home"`);
  check.string("/private_metadata", view["private_metadata"], "viewPrivateMetadata", { allowEmpty: true });
  check.string("/callback_id", view["callback_id"], "viewCallbackId", { allowEmpty: true });
  check.string("/external_id", view["external_id"], "viewExternalId", { allowEmpty: true });
  check.blocks("/blocks", view["blocks"], "blocksPerView");
  check.cumulative("/blocks", options.textBudget);
  const bytes = new TextEncoder().encode(JSON.stringify(view)).length;
  if (bytes > limits.viewPayloadBytes) check.report("", "viewPayloadBytes", limits.viewPayloadBytes, bytes, `view payload must be at most ${limits.viewPayloadBytes} bytes`);
  return check.violations;
}

/** The text an end user reads in these blocks, as counted against the cumulative budget. */
export function measureBlockText(limits: BlockKitLimits, blocks: readonly unknown[]): number {
  const check = new Checker(limits, TYPE_CHECKS, "modal", "");
  blocks.forEach((block, index) => check.block(`/blocks/${index}`, block));
  return check.text;
}

export function formatViolations(violations: readonly LimitViolation[]): string {
  return violations.map((v) => `${v.rule}: ${v.message} (limit ${v.limit}, actual ${v.actual})`).join("\n");
}
