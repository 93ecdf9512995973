// Walks one Block Kit payload against a limits table: every string and list is measured, every
// text counted toward the cumulative budget, every block id checked for uniqueness; what each
// block and element type holds is block-checks.ts. Pure: no I/O, no clock.
//
// Lengths are counted in UTF-16 code units (JS `.length`). Slack counts characters, and a code unit
// count is never smaller, so a payload that fits here also fits there (CJK and emoji included).
import type { BlockKitLimits, LimitKey, LimitRule, LimitViolation } from "./limit-rules.js";

export type Json = Record<string, unknown>;
export type Surface = "message" | "modal";

export const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);

const TEXT_TYPES = ["plain_text", "mrkdwn"] as const;
export const RICH_TEXT_CONTAINERS = [
  "rich_text_section",
  "rich_text_preformatted",
  "rich_text_quote",
  "rich_text_list",
];

export interface OptionsRules {
  min?: number;
  required?: boolean;
  mrkdwn?: boolean; // checkboxes and radio buttons allow mrkdwn option text
  url?: boolean; // overflow options may be links
}

export interface TextOptions {
  plainOnly?: boolean;
  required?: boolean;
  /** Counts toward the cumulative budget; false for text seen only after a click (options, confirm). */
  counts?: boolean;
}

export type BlockCheck = (check: Checker, path: string, block: Json) => void;
export type ElementCheck = (check: Checker, path: string, element: Json) => void;

/** What each block and element type must hold (block-checks.ts), by type. */
export interface TypeChecks {
  blocks: Readonly<Record<string, BlockCheck>>;
  elements: Readonly<Record<string, ElementCheck>>;
}

/** Walks one payload against one limits table, collecting violations and the cumulative text. */
export class Checker {
  readonly violations: LimitViolation[] = [];
  text = 0;
  private markdown = 0;
  private readonly blockIds = new Map<string, number>();

  constructor(
    readonly limits: BlockKitLimits,
    private readonly types: TypeChecks,
    private readonly surface: Surface,
    private readonly prefix: string,
  ) {}

  report(path: string, rule: LimitRule, limit: number, actual: number, wording: string): void {
    const full = this.prefix + path;
    this.violations.push({ path: full, rule, limit, actual, message: `${wording} [json-pointer:${full}]` });
  }

  tooLong(path: string, value: string, rule: LimitKey): void {
    const limit = this.limits[rule];
    if (value.length > limit) {
      this.report(path, rule, limit, value.length, `must be less than ${limit + 1} characters`);
    }
  }

  tooMany(path: string, items: readonly unknown[], rule: LimitKey, min = 0): void {
    const limit = this.limits[rule];
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
    if (this.markdown > this.limits.markdownCumulative) {
      const limit = this.limits.markdownCumulative;
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
    const checkBlock = typeof type === "string" ? this.types.blocks[type] : undefined;
    if (typeof type !== "string") this.report(`${path}/type`, "required", 1, 0, "must provide a string");
    else if (!checkBlock || (type === "input" && this.surface !== "modal")) {
      this.report(`${path}/type`, "unsupported_type", 0, 0, `unsupported type: ${type}`);
    } else checkBlock(this, path, block);
  }

  element(path: string, value: unknown, where: "accessory" | "actions" | "input"): void {
    const element = this.object(path, value, true);
    if (!element) return;
    const type = element["type"];
    const checkElement = typeof type === "string" ? this.types.elements[type] : undefined;
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
