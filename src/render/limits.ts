// Slack's Block Kit and message limits in one table, and one validator that checks a message or a
// modal against it. Renderer tests run their output through `validateMessage`/`validateModal`; the
// fake Slack (src/fake-slack) runs the same code with Slack's own thresholds, so a payload that
// passes here is one real Slack accepts. Pure: no I/O, no clock.
//
// Lengths are counted in UTF-16 code units (JS `.length`). Slack counts characters, and a code unit
// count is never smaller, so a payload that fits here also fits there (CJK and emoji included).
// Messages quote Slack's own wording where it is known (see the A1 sources in
// /work/shared/reference/slack-platform.md); the rest is ours, in the same shape.

// Sources: B = https://docs.slack.dev/reference/block-kit/blocks (and the per-block pages),
// E = @slack/types block-kit/block-elements.ts, C = composition objects page / composition-objects.ts.
export const SLACK_LIMITS = {
  blocksPerMessage: 50, // B: "up to 50 blocks in each message"
  blocksPerView: 100, // B: "up to 100 blocks in modals or Home tabs"
  messageText: 40_000, // top-level `text` truncated above this (api.slack.com changelog 2018-04)
  // OUR budget for the total text of all blocks in one message. Slack's real cap is undocumented
  // (bolt-js#2509, #2867: rejected at 11,341 chars, accepted at 9,597); renderers stay under this.
  messageTextBudget: 9_000,
  // Where real Slack starts answering `msg_blocks_too_long` ("12,000 text characters with a buffer
  // for block containers", bolt-js#2867). Only the fake Slack uses it.
  slackCumulativeTextReject: 12_000,
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
} as const;

export type LimitKey = keyof typeof SLACK_LIMITS;

/** Rules that are not a length or count from the table. */
export type StructuralRule =
  | "required" // a mandatory field is missing or of the wrong JSON type
  | "type" // a field has a value outside its allowed set (e.g. header text must be plain_text)
  | "unsupported_type" // a block or element type this validator does not know
  | "empty_text" // a text that must hold at least one character is empty
  | "duplicate_block_id"
  | "fallback_text_required" // OUR rule: every message carries a non-empty top-level `text`
  | "msg_blocks_too_long"; // cumulative block text over the budget

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

export interface ValidateOptions {
  /** Cumulative text budget for all blocks; defaults to our budget for the surface. */
  textBudget?: number;
  /** Prepended to every path, e.g. "/view" for views.open errors. */
  pathPrefix?: string;
}

export interface MessagePayload {
  text?: string;
  blocks?: readonly unknown[];
}

export function validateMessage(message: MessagePayload, options: ValidateOptions = {}): LimitViolation[] {
  const check = new Checker("message", options.pathPrefix ?? "");
  const text: unknown = message.text;
  if (typeof text !== "string" || text.length === 0) {
    const why = "notification and screen-reader fallback";
    check.report("/text", "fallback_text_required", 1, 0, `must provide a non-empty top-level text (${why})`);
  } else {
    check.tooLong("/text", text, "messageText");
  }
  if (message.blocks !== undefined) {
    check.blocks("/blocks", message.blocks, "blocksPerMessage");
    check.cumulative("/blocks", options.textBudget ?? SLACK_LIMITS.messageTextBudget);
  }
  return check.violations;
}

export function validateModal(view: unknown, options: ValidateOptions = {}): LimitViolation[] {
  const check = new Checker("modal", options.pathPrefix ?? "");
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
  check.cumulative("/blocks", options.textBudget ?? SLACK_LIMITS.viewTextBudget);
  const bytes = new TextEncoder().encode(JSON.stringify(view)).length;
  if (bytes > SLACK_LIMITS.viewPayloadBytes) {
    const limit = SLACK_LIMITS.viewPayloadBytes;
    check.report("", "viewPayloadBytes", limit, bytes, `view payload must be at most ${limit} bytes`);
  }
  return check.violations;
}

/** The text an end user reads in these blocks, as counted against the cumulative budget. */
export function measureBlockText(blocks: readonly unknown[]): number {
  const check = new Checker("modal", "");
  blocks.forEach((block, index) => check.block(`/blocks/${index}`, block));
  return check.text;
}

export function formatViolations(violations: readonly LimitViolation[]): string {
  return violations.map((v) => `${v.rule}: ${v.message} (limit ${v.limit}, actual ${v.actual})`).join("\n");
}

/** Throws listing every violation; a view is recognised by `type: "modal"`. For tests. */
export function assertWithinLimits(
  payload: MessagePayload | { type: "modal" },
  options: ValidateOptions = {},
): void {
  const violations =
    "type" in payload && payload.type === "modal"
      ? validateModal(payload, options)
      : validateMessage(payload as MessagePayload, options);
  if (violations.length > 0) {
    throw new Error(`payload breaks ${violations.length} Slack limit(s):\n${formatViolations(violations)}`);
  }
}

// ---------------------------------------------------------------------------------------------

type Json = Record<string, unknown>;
type Surface = "message" | "modal";

const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);

const TEXT_TYPES = ["plain_text", "mrkdwn"] as const;
const RICH_TEXT_CONTAINERS = [
  "rich_text_section",
  "rich_text_preformatted",
  "rich_text_quote",
  "rich_text_list",
];

interface OptionsRules {
  min?: number;
  required?: boolean;
  mrkdwn?: boolean; // checkboxes and radio buttons allow mrkdwn option text
  url?: boolean; // overflow options may be links
}

interface TextOptions {
  plainOnly?: boolean;
  required?: boolean;
  /** Counts toward the cumulative budget; false for text seen only after a click (options, confirm). */
  counts?: boolean;
}

/** Walks one payload, collecting violations and the cumulative text. */
class Checker {
  readonly violations: LimitViolation[] = [];
  text = 0;
  private markdown = 0;
  private readonly blockIds = new Map<string, number>();

  constructor(
    private readonly surface: Surface,
    private readonly prefix: string,
  ) {}

  report(path: string, rule: LimitRule, limit: number, actual: number, wording: string): void {
    const full = this.prefix + path;
    this.violations.push({ path: full, rule, limit, actual, message: `${wording} [json-pointer:${full}]` });
  }

  tooLong(path: string, value: string, rule: LimitKey): void {
    const limit = SLACK_LIMITS[rule];
    if (value.length > limit) {
      this.report(path, rule, limit, value.length, `must be less than ${limit + 1} characters`);
    }
  }

  tooMany(path: string, items: readonly unknown[], rule: LimitKey, min = 0): void {
    const limit = SLACK_LIMITS[rule];
    if (items.length > limit) {
      this.report(path, rule, limit, items.length, `no more than ${limit} items allowed`);
    }
    if (items.length < min) this.report(path, rule, min, items.length, `must provide at least ${min} items`);
  }

  /** A string field; `max` null means no length cap. Returns the string when present. */
  string(
    path: string,
    value: unknown,
    max: LimitKey | null,
    opts: { required?: boolean; allowEmpty?: boolean } = {},
  ): string | undefined {
    if (value === undefined) {
      if (opts.required) this.report(path, "required", 1, 0, "must provide a string");
      return undefined;
    }
    if (typeof value !== "string") {
      this.report(path, "required", 1, 0, "must provide a string");
      return undefined;
    }
    if (value.length === 0 && !opts.allowEmpty) {
      this.report(path, "empty_text", 1, 0, "must be more than 0 characters");
    }
    if (max !== null) this.tooLong(path, value, max);
    return value;
  }

  /** An array field; `rule` null means no documented count cap. */
  array(
    path: string,
    value: unknown,
    rule: LimitKey | null,
    opts: { required?: boolean; min?: number } = {},
  ): unknown[] | undefined {
    if (value === undefined && !opts.required) return undefined;
    if (!Array.isArray(value)) {
      this.report(path, "required", 1, 0, "must provide an array");
      return undefined;
    }
    if (rule !== null) this.tooMany(path, value, rule, opts.min ?? 0);
    return value;
  }

  object(path: string, value: unknown, required: boolean): Json | undefined {
    if (value === undefined && !required) return undefined;
    if (!isObject(value)) {
      this.report(path, "required", 1, 0, "must provide an object");
      return undefined;
    }
    return value;
  }

  oneOf(path: string, value: unknown, allowed: readonly string[]): void {
    if (value !== undefined && (typeof value !== "string" || !allowed.includes(value))) {
      this.report(path, "type", 0, 0, `must be one of: ${allowed.join(", ")}`);
    }
  }

  textObject(path: string, value: unknown, rule: LimitKey, opts: TextOptions = {}): void {
    const object = this.object(path, value, opts.required ?? false);
    if (!object) return;
    if (opts.plainOnly) this.oneOf(`${path}/type`, object["type"] ?? "", ["plain_text"]);
    else this.oneOf(`${path}/type`, object["type"] ?? "", TEXT_TYPES);
    const text = this.string(`${path}/text`, object["text"], rule, { required: true });
    if (text !== undefined && opts.counts !== false) this.text += text.length;
  }

  blocks(path: string, value: unknown, rule: "blocksPerMessage" | "blocksPerView"): unknown[] | undefined {
    const blocks = this.array(path, value, rule, { required: true });
    blocks?.forEach((block, index) => this.block(`${path}/${index}`, block));
    return blocks;
  }

  addMarkdown(length: number): void {
    this.markdown += length;
  }

  cumulative(path: string, budget: number): void {
    if (this.text > budget) {
      const wording = `cumulative block text must be at most ${budget} characters`;
      this.report(path, "msg_blocks_too_long", budget, this.text, wording);
    }
    if (this.markdown > SLACK_LIMITS.markdownCumulative) {
      const limit = SLACK_LIMITS.markdownCumulative;
      const wording = `markdown blocks must total at most ${limit} characters`;
      this.report(path, "markdownCumulative", limit, this.markdown, wording);
    }
  }

  block(path: string, value: unknown): void {
    const block = this.object(path, value, true);
    if (!block) return;
    const blockId = this.string(`${path}/block_id`, block["block_id"], "blockId");
    if (blockId !== undefined) {
      const seen = (this.blockIds.get(blockId) ?? 0) + 1;
      this.blockIds.set(blockId, seen);
      if (seen > 1) {
        const wording = `block_id must be unique within the payload: "${blockId}"`;
        this.report(`${path}/block_id`, "duplicate_block_id", 1, seen, wording);
      }
    }
    const type = block["type"];
    const checkBlock = typeof type === "string" ? BLOCK_CHECKS[type] : undefined;
    if (typeof type !== "string") this.report(`${path}/type`, "required", 1, 0, "must provide a string");
    else if (!checkBlock || (type === "input" && this.surface !== "modal")) {
      this.report(`${path}/type`, "unsupported_type", 0, 0, `unsupported type: ${type}`);
    } else checkBlock(this, path, block);
  }

  element(path: string, value: unknown, where: "accessory" | "actions" | "input"): void {
    const element = this.object(path, value, true);
    if (!element) return;
    const type = element["type"];
    const checkElement = typeof type === "string" ? ELEMENT_CHECKS[type] : undefined;
    const allowedHere = type !== "image" || where === "accessory";
    const inputOnly = type === "plain_text_input" && where !== "input";
    if (typeof type !== "string") this.report(`${path}/type`, "required", 1, 0, "must provide a string");
    else if (!checkElement || !allowedHere || inputOnly) {
      this.report(`${path}/type`, "unsupported_type", 0, 0, `unsupported type: ${type}`);
    } else {
      this.string(`${path}/action_id`, element["action_id"], "actionId");
      checkElement(this, path, element);
    }
  }

  imageSource(path: string, object: Json): void {
    if (object["slack_file"] === undefined) {
      this.string(`${path}/image_url`, object["image_url"], "imageUrl", { required: true });
    }
    this.string(`${path}/alt_text`, object["alt_text"], "imageAltText", { required: true });
  }

  options(path: string, value: unknown, rule: LimitKey, opts: OptionsRules): void {
    const options = this.array(path, value, rule, { required: opts.required ?? false, min: opts.min ?? 0 });
    options?.forEach((option, index) => this.option(`${path}/${index}`, option, opts));
  }

  option(path: string, value: unknown, opts: { mrkdwn?: boolean; url?: boolean } = {}): void {
    const option = this.object(path, value, true);
    if (!option) return;
    // Options are read only once the menu is open: they do not count toward the message budget.
    const plainOnly = !opts.mrkdwn;
    this.textObject(`${path}/text`, option["text"], "optionText", { plainOnly, required: true, counts: false });
    this.string(`${path}/value`, option["value"], "optionValue", { required: true });
    const description = option["description"];
    this.textObject(`${path}/description`, description, "optionDescription", { plainOnly, counts: false });
    if (opts.url) this.string(`${path}/url`, option["url"], "optionUrl");
  }

  confirm(path: string, value: unknown): void {
    const confirm = this.object(path, value, false);
    if (!confirm) return;
    // A dialog shown after the click: its text does not count toward the message budget.
    const plainHidden = { plainOnly: true, required: true, counts: false };
    this.textObject(`${path}/title`, confirm["title"], "confirmTitle", plainHidden);
    this.textObject(`${path}/text`, confirm["text"], "confirmText", { required: true, counts: false });
    this.textObject(`${path}/confirm`, confirm["confirm"], "confirmButton", plainHidden);
    this.textObject(`${path}/deny`, confirm["deny"], "confirmButton", plainHidden);
    this.oneOf(`${path}/style`, confirm["style"], ["primary", "danger"]);
  }

  richTextLeaf(path: string, value: unknown): void {
    const leaf = this.object(path, value, true);
    if (!leaf) return;
    const type = leaf["type"];
    switch (type) {
      case "text": {
        const text = this.string(`${path}/text`, leaf["text"], null, { required: true });
        this.text += text?.length ?? 0;
        return;
      }
      case "link": {
        const url = this.string(`${path}/url`, leaf["url"], null, { required: true });
        const text = this.string(`${path}/text`, leaf["text"], null);
        this.text += (text ?? url ?? "").length; // Slack shows the url when there is no label
        return;
      }
      case "emoji":
        this.string(`${path}/name`, leaf["name"], null, { required: true });
        return;
      case "user":
        this.string(`${path}/user_id`, leaf["user_id"], null, { required: true });
        return;
      case "channel":
        this.string(`${path}/channel_id`, leaf["channel_id"], null, { required: true });
        return;
      case "usergroup":
        this.string(`${path}/usergroup_id`, leaf["usergroup_id"], null, { required: true });
        return;
      case "broadcast":
        this.oneOf(`${path}/range`, leaf["range"] ?? "", ["here", "channel", "everyone"]);
        return;
      case "date":
        if (typeof leaf["timestamp"] !== "number") {
          this.report(`${path}/timestamp`, "required", 1, 0, "must provide a number");
        }
        return;
      case "color":
        this.string(`${path}/value`, leaf["value"], null, { required: true });
        return;
      default:
        this.report(`${path}/type`, "unsupported_type", 0, 0, `unsupported type: ${String(type)}`);
    }
  }

  richTextSection(path: string, value: unknown, allowed: readonly string[]): void {
    const section = this.object(path, value, true);
    if (!section) return;
    const type = section["type"];
    if (typeof type !== "string" || !allowed.includes(type)) {
      this.report(`${path}/type`, "unsupported_type", 0, 0, `unsupported type: ${String(type)}`);
      return;
    }
    const elements = this.array(`${path}/elements`, section["elements"], null, { required: true });
    if (type === "rich_text_list") {
      this.oneOf(`${path}/style`, section["style"] ?? "", ["bullet", "ordered"]);
      elements?.forEach((item, index) =>
        this.richTextSection(`${path}/elements/${index}`, item, ["rich_text_section"]),
      );
    } else {
      elements?.forEach((leaf, index) => this.richTextLeaf(`${path}/elements/${index}`, leaf));
    }
  }
}

type BlockCheck = (check: Checker, path: string, block: Json) => void;

const BLOCK_CHECKS: Readonly<Record<string, BlockCheck>> = {
  header: (check, path, block) =>
    check.textObject(`${path}/text`, block["text"], "headerText", { plainOnly: true, required: true }),
  divider: () => {},
  section: (check, path, block) => {
    check.textObject(`${path}/text`, block["text"], "sectionText");
    const fields = check.array(`${path}/fields`, block["fields"], "sectionFields");
    fields?.forEach((field, index) =>
      check.textObject(`${path}/fields/${index}`, field, "sectionFieldText", { required: true }),
    );
    if (block["text"] === undefined && block["fields"] === undefined) {
      check.report(path, "required", 1, 0, "must define either `text` or `fields`");
    }
    if (block["accessory"] !== undefined) check.element(`${path}/accessory`, block["accessory"], "accessory");
  },
  context: (check, path, block) => {
    const elements = check.array(`${path}/elements`, block["elements"], "contextElements", {
      required: true,
      min: 1,
    });
    elements?.forEach((value, index) => {
      const elementPath = `${path}/elements/${index}`;
      const element = check.object(elementPath, value, true);
      if (!element) return;
      const type = element["type"];
      if (type === "image") check.imageSource(elementPath, element);
      else if (type === "plain_text" || type === "mrkdwn") {
        check.textObject(elementPath, element, "contextText");
      }
      else check.report(`${elementPath}/type`, "unsupported_type", 0, 0, `unsupported type: ${String(type)}`);
    });
  },
  actions: (check, path, block) => {
    const elements = check.array(`${path}/elements`, block["elements"], "actionsElements", {
      required: true,
      min: 1,
    });
    elements?.forEach((element, index) => check.element(`${path}/elements/${index}`, element, "actions"));
  },
  image: (check, path, block) => {
    check.imageSource(path, block);
    check.textObject(`${path}/title`, block["title"], "imageTitle", { plainOnly: true });
  },
  markdown: (check, path, block) => {
    const text = check.string(`${path}/text`, block["text"], "markdownText", { required: true });
    check.text += text?.length ?? 0;
    check.addMarkdown(text?.length ?? 0);
  },
  rich_text: (check, path, block) => {
    const elements = check.array(`${path}/elements`, block["elements"], null, { required: true });
    elements?.forEach((element, index) =>
      check.richTextSection(`${path}/elements/${index}`, element, RICH_TEXT_CONTAINERS),
    );
  },
  input: (check, path, block) => {
    check.textObject(`${path}/label`, block["label"], "inputLabel", { plainOnly: true, required: true });
    check.textObject(`${path}/hint`, block["hint"], "inputHint", { plainOnly: true });
    check.element(`${path}/element`, block["element"], "input");
  },
};

type ElementCheck = (check: Checker, path: string, element: Json) => void;

const placeholderOnly: ElementCheck = (check, path, element) =>
  check.textObject(`${path}/placeholder`, element["placeholder"], "placeholder", { plainOnly: true });

const staticSelect: ElementCheck = (check, path, element) => {
  placeholderOnly(check, path, element);
  const hasOptions = element["options"] !== undefined;
  const hasGroups = element["option_groups"] !== undefined;
  if (hasOptions === hasGroups) {
    check.report(path, "required", 1, 0, "must provide exactly one of `options` or `option_groups`");
  }
  check.options(`${path}/options`, element["options"], "selectOptions", {});
  const groups = check.array(`${path}/option_groups`, element["option_groups"], "selectOptionGroups");
  groups?.forEach((value, index) => {
    const group = check.object(`${path}/option_groups/${index}`, value, true);
    if (!group) return;
    const groupPath = `${path}/option_groups/${index}`;
    const label = { plainOnly: true, required: true, counts: false };
    check.textObject(`${groupPath}/label`, group["label"], "optionText", label);
    check.options(`${groupPath}/options`, group["options"], "selectOptions", { required: true });
  });
  check.confirm(`${path}/confirm`, element["confirm"]);
};

const choiceList: ElementCheck = (check, path, element) =>
  check.options(`${path}/options`, element["options"], "checkboxOptions", {
    required: true,
    min: 1,
    mrkdwn: true,
  });

const ELEMENT_CHECKS: Readonly<Record<string, ElementCheck>> = {
  button: (check, path, element) => {
    check.textObject(`${path}/text`, element["text"], "buttonText", { plainOnly: true, required: true });
    check.string(`${path}/value`, element["value"], "buttonValue");
    check.string(`${path}/url`, element["url"], "buttonUrl");
    check.string(`${path}/accessibility_label`, element["accessibility_label"], "buttonAccessibilityLabel");
    check.oneOf(`${path}/style`, element["style"], ["primary", "danger"]);
    check.confirm(`${path}/confirm`, element["confirm"]);
  },
  image: (check, path, element) => check.imageSource(path, element),
  overflow: (check, path, element) => {
    const rules = { required: true, min: 1, url: true };
    check.options(`${path}/options`, element["options"], "overflowOptions", rules);
    check.confirm(`${path}/confirm`, element["confirm"]);
  },
  static_select: staticSelect,
  multi_static_select: staticSelect,
  external_select: placeholderOnly,
  multi_external_select: placeholderOnly,
  users_select: placeholderOnly,
  multi_users_select: placeholderOnly,
  conversations_select: placeholderOnly,
  multi_conversations_select: placeholderOnly,
  channels_select: placeholderOnly,
  multi_channels_select: placeholderOnly,
  datepicker: placeholderOnly,
  timepicker: placeholderOnly,
  datetimepicker: () => {},
  checkboxes: choiceList,
  radio_buttons: choiceList,
  plain_text_input: (check, path, element) => {
    placeholderOnly(check, path, element);
    const initial = element["initial_value"];
    check.string(`${path}/initial_value`, initial, "plainTextInputLength", { allowEmpty: true });
    for (const key of ["min_length", "max_length"] as const) {
      const value = element[key];
      if (typeof value === "number" && value > SLACK_LIMITS.plainTextInputLength) {
        const limit = SLACK_LIMITS.plainTextInputLength;
        check.report(`${path}/${key}`, "plainTextInputLength", limit, value, `must be at most ${limit}`);
      }
    }
  },
};
