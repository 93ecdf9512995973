// Slack's published limits, as the fake Slack enforces them: its own table, written from Slack's
// documentation and never from joblog's (src/render/limits.ts), so that a wrong entry in joblog's
// table is caught here instead of passing both. Each entry names its source.
import type { BlockKitLimits } from "../../block-kit-check/limit-rules.js";

const BLOCKS = "https://docs.slack.dev/reference/block-kit/blocks";
const ELEMENTS = "https://docs.slack.dev/reference/block-kit/block-elements";
const OBJECTS = "https://docs.slack.dev/reference/block-kit/composition-objects";
const VIEWS = "https://docs.slack.dev/reference/views";

/** Each limit with where Slack says so. */
const DOCUMENTED: Record<keyof BlockKitLimits, [limit: number, source: string]> = {
  blocksPerMessage: [50, `${BLOCKS}: "up to 50 blocks in each message"`],
  blocksPerView: [100, `${BLOCKS}: "up to 100 blocks in modals or Home tabs"`],
  messageText: [40_000, "https://docs.slack.dev/reference/methods/chat.postMessage: text is truncated above 40,000 characters"],
  viewPayloadBytes: [250_000, "https://docs.slack.dev/reference/methods/views.open: view_too_large, greater than 250kb"],
  viewTitle: [24, `${VIEWS}: title, max 24 characters`],
  viewSubmit: [24, `${VIEWS}: submit, max 24 characters`],
  viewClose: [24, `${VIEWS}: close, max 24 characters`],
  viewPrivateMetadata: [3_000, `${VIEWS}: private_metadata, max 3000 characters`],
  viewCallbackId: [255, `${VIEWS}: callback_id, max 255 characters`],
  viewExternalId: [255, "https://docs.slack.dev/reference/methods/views.update: external_id, max 255 characters"],
  blockId: [255, `${BLOCKS}: block_id, maximum length 255`],
  actionId: [255, `${ELEMENTS}: action_id, maximum length 255`],
  sectionText: [3_000, `${BLOCKS}/section-block: text, maximum 3000 characters`],
  sectionFields: [10, `${BLOCKS}/section-block: fields, maximum 10 items`],
  sectionFieldText: [2_000, `${BLOCKS}/section-block: each field's text, maximum 2000 characters`],
  headerText: [150, `${BLOCKS}/header-block: text, maximum length 150`],
  contextElements: [10, `${BLOCKS}/context-block: elements, maximum 10 items`],
  contextText: [3_000, `${OBJECTS}/text-object: text, maximum 3000 characters`],
  actionsElements: [25, `${BLOCKS}/actions-block: elements, maximum 25`],
  buttonText: [75, `${ELEMENTS}/button-element: text, maximum length 75`],
  buttonValue: [2_000, `${ELEMENTS}/button-element: value, maximum length 2000`],
  buttonUrl: [3_000, `${ELEMENTS}/button-element: url, maximum length 3000`],
  buttonAccessibilityLabel: [75, `${ELEMENTS}/button-element: accessibility_label, maximum length 75`],
  imageUrl: [3_000, `${BLOCKS}/image-block: image_url, maximum length 3000`],
  imageAltText: [2_000, `${BLOCKS}/image-block: alt_text, maximum length 2000`],
  imageTitle: [2_000, `${BLOCKS}/image-block: title, maximum length 2000`],
  markdownText: [12_000, `${BLOCKS}/markdown-block: text, maximum 12,000 characters`],
  markdownCumulative: [12_000, `${BLOCKS}/markdown-block: 12,000 characters for all markdown blocks in one payload`],
  inputLabel: [2_000, `${BLOCKS}/input-block: label, maximum length 2000`],
  inputHint: [2_000, `${BLOCKS}/input-block: hint, maximum length 2000`],
  plainTextInputLength: [3_000, `${ELEMENTS}/plain-text-input-element: initial_value and max_length up to 3000`],
  placeholder: [150, `${ELEMENTS}: placeholder, maximum length 150`],
  selectOptions: [100, `${ELEMENTS}/select-menu-element: options, maximum 100`],
  selectOptionGroups: [100, `${ELEMENTS}/select-menu-element: option_groups, maximum 100`],
  overflowOptions: [5, `${ELEMENTS}/overflow-menu-element: options, maximum 5`],
  checkboxOptions: [10, `${ELEMENTS}/checkboxes-element: options, maximum 10`],
  optionText: [75, `${OBJECTS}/option-object: text, maximum length 75`],
  optionValue: [150, `${OBJECTS}/option-object: value, maximum length 150`],
  optionDescription: [75, `${OBJECTS}/option-object: description, maximum length 75`],
  optionUrl: [3_000, `${OBJECTS}/option-object: url (overflow menus only), maximum length 3000`],
  confirmTitle: [100, `${OBJECTS}/confirmation-dialog-object: title, maximum length 100`],
  confirmText: [300, `${OBJECTS}/confirmation-dialog-object: text, maximum length 300`],
  confirmButton: [30, `${OBJECTS}/confirmation-dialog-object: confirm and deny, maximum length 30`],
};

function limitsOf(table: typeof DOCUMENTED): BlockKitLimits {
  const limits = {} as BlockKitLimits;
  for (const key of Object.keys(table) as (keyof BlockKitLimits)[]) limits[key] = table[key][0];
  return limits;
}

export const SLACK_DOCUMENTED_LIMITS: Readonly<BlockKitLimits> = Object.freeze(limitsOf(DOCUMENTED));

/**
 * Where real Slack starts answering `msg_blocks_too_long`. Slack documents no figure; its answer
 * in https://github.com/slackapi/bolt-js/issues/2867 is "12,000 text characters with a buffer for
 * block containers".
 */
export const CUMULATIVE_TEXT_REJECT = 12_000;
