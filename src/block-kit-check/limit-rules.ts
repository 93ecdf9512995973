// The vocabulary of a Block Kit check: which limits a table must give (every length and count
// Slack documents for the blocks and elements checked here), the rules that are not a number
// from the table, and what a violation reports. Each user of the checker brings its own table:
// joblog's renderers (src/render/limits.ts) and the fake Slack (Slack's documented figures).

export interface BlockKitLimits {
  blocksPerMessage: number;
  blocksPerView: number;
  messageText: number;
  viewPayloadBytes: number;
  viewTitle: number;
  viewSubmit: number;
  viewClose: number;
  viewPrivateMetadata: number;
  viewCallbackId: number;
  viewExternalId: number;
  blockId: number;
  actionId: number;
  sectionText: number;
  sectionFields: number;
  sectionFieldText: number;
  headerText: number;
  contextElements: number;
  contextText: number;
  actionsElements: number;
  buttonText: number;
  buttonValue: number;
  buttonUrl: number;
  buttonAccessibilityLabel: number;
  imageUrl: number;
  imageAltText: number;
  imageTitle: number;
  markdownText: number;
  markdownCumulative: number;
  inputLabel: number;
  inputHint: number;
  plainTextInputLength: number;
  placeholder: number;
  selectOptions: number;
  selectOptionGroups: number;
  overflowOptions: number;
  checkboxOptions: number;
  optionText: number;
  optionValue: number;
  optionDescription: number;
  optionUrl: number;
  confirmTitle: number;
  confirmText: number;
  confirmButton: number;
}

export type LimitKey = keyof BlockKitLimits;

/** Rules that are not a length or count from the table. */
export type StructuralRule =
  | "required" // a mandatory field is missing or of the wrong JSON type
  | "type" // a field has a value outside its allowed set (e.g. header text must be plain_text)
  | "unsupported_type" // a block or element type this validator does not know
  | "empty_text" // a text that must hold at least one character is empty
  | "duplicate_block_id"
  | "fallback_text_required" // OUR rule: every message carries a non-empty top-level `text`
  | "msg_blocks_too_long"; // cumulative block text over the budget given

export type LimitRule = LimitKey | StructuralRule;

export interface LimitViolation {
  path: string; // JSON pointer, e.g. "/blocks/3/text/text"
  rule: LimitRule;
  limit: number;
  actual: number;
  message: string; // Slack-style: "must be less than 3001 characters [json-pointer:/blocks/0/text/text]"
}

/**
 * Rules that real Slack does not reject on: it truncates a long top-level text with a warning,
 * and accepts blocks without a fallback text. The fake Slack skips these; our renderers must not.
 */
export const POLICY_RULES: ReadonlySet<LimitRule> = new Set<LimitRule>([
  "fallback_text_required",
  "messageText",
]);
