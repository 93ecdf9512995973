// Slack's Block Kit and message limits as joblog's renderers respect them, in one table: the
// builders (block-kit.ts) cut each field to its limit, and every rendered message and modal is
// checked against the whole table (validateMessage, validateModal: the checker in
// src/block-kit-check/, bound to this table and joblog's own text budgets). The fake Slack keeps
// its own table of Slack's documented limits, so a wrong entry here cannot pass both. Pure.
import { checkMessage, checkModal, type MessagePayload } from "../block-kit-check/validate.js";
import type { BlockKitLimits, LimitViolation } from "../block-kit-check/limit-rules.js";

export type { LimitKey, LimitViolation } from "../block-kit-check/limit-rules.js";

// Sources: B = https://docs.slack.dev/reference/block-kit/blocks (and the per-block pages),
// E = @slack/types block-kit/block-elements.ts, C = composition objects page / composition-objects.ts.
export const SLACK_LIMITS = {
  blocksPerMessage: 50, // B: "up to 50 blocks in each message"
  blocksPerView: 100, // B: "up to 100 blocks in modals or Home tabs"
  messageText: 40_000, // top-level `text` truncated above this (api.slack.com changelog 2018-04)
  // OUR budget for the total text of all blocks in one message. Slack's real cap is undocumented
  // (bolt-js#2509, #2867: rejected at 11,341 chars, accepted at 9,597); renderers stay under this.
  messageTextBudget: 9_000,
  // OUR budget for the total text of a modal. Slack documents no cumulative cap for views (only the
  // 250 kB `view_too_large`), but its 12,000 markdown figure is per payload; staying at it keeps a
  // modal well inside every measured limit and far below 250 kB even for 3-byte CJK text.
  viewTextBudget: 12_000,
  viewPayloadBytes: 250_000, // views.open `view_too_large`: "greater than 250kb"
  viewTitle: 24, // views reference: title/submit/close max 24 chars, plain_text only
  viewSubmit: 24,
  viewClose: 24,
  viewPrivateMetadata: 3_000, // views reference
  viewCallbackId: 255, // views reference
  viewExternalId: 255, // views.update: "Max length of 255 characters" (@slack/web-api types)
  blockId: 255, // B: every block page, "Maximum length 255"
  actionId: 255, // E: L35-61
  sectionText: 3_000, // B section: "Minimum 1 and maximum 3000 characters"
  sectionFields: 10, // B section: "Maximum number of items is 10"
  sectionFieldText: 2_000, // B section: "Maximum length for the text in each item is 2000"
  headerText: 150, // B header: plain_text, "Maximum length 150"
  contextElements: 10, // B context: "Maximum number of items is 10"
  contextText: 3_000, // C text object: 3000 is the general text-object maximum
  actionsElements: 25, // B actions: "maximum of 25 elements" (Slack: "no more than 25 items allowed")
  buttonText: 75, // E button: "Maximum length 75" (renders truncated at ~30)
  buttonValue: 2_000, // E button
  buttonUrl: 3_000, // E button
  buttonAccessibilityLabel: 75, // E button
  imageUrl: 3_000, // B image: image_url max 3000
  imageAltText: 2_000, // B image: alt_text max 2000
  imageTitle: 2_000, // B image: title max 2000
  markdownText: 12_000, // B markdown: text max 12,000 ...
  markdownCumulative: 12_000, // ... "cumulative limit for all markdown blocks in a single payload"
  inputLabel: 2_000, // B input
  inputHint: 2_000, // B input
  plainTextInputLength: 3_000, // E plain_text_input: max_length / initial_value up to 3000
  placeholder: 150, // E: select/datepicker/input placeholder max 150
  selectOptions: 100, // E static_select: "Maximum number of options is 100"
  selectOptionGroups: 100, // E static_select: option_groups max 100
  overflowOptions: 5, // E overflow: "Maximum number of options is 5"
  checkboxOptions: 10, // E checkboxes / radio_buttons: max 10
  optionText: 75, // C option: text max 75
  optionValue: 150, // C option: value max 150
  optionDescription: 75, // C option: description max 75
  optionUrl: 3_000, // C option (overflow only): url max 3000
  confirmTitle: 100, // C confirmation dialog: title 100, text 300, confirm/deny 30
  confirmText: 300,
  confirmButton: 30,
} as const satisfies BlockKitLimits & { messageTextBudget: number; viewTextBudget: number };

export interface ValidateOptions {
  /** Cumulative text budget for all blocks; defaults to joblog's budget for the surface. */
  textBudget?: number;
  /** Prepended to every path, e.g. "/view" for views.open errors. */
  pathPrefix?: string;
}

/** Every way a message breaks the table or joblog's budget (messageTextBudget); [] when it fits. */
export function validateMessage(message: MessagePayload, options: ValidateOptions = {}): LimitViolation[] {
  return checkMessage(SLACK_LIMITS, message, { ...options, textBudget: options.textBudget ?? SLACK_LIMITS.messageTextBudget });
}

/** Every way a modal breaks the table or joblog's budget (viewTextBudget); [] when it fits. */
export function validateModal(view: unknown, options: ValidateOptions = {}): LimitViolation[] {
  return checkModal(SLACK_LIMITS, view, { ...options, textBudget: options.textBudget ?? SLACK_LIMITS.viewTextBudget });
}
