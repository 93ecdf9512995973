// Block elements → HTML for the local console: buttons, static selects and images are drawn; any
// other element is named but not usable. A usable element carries only where it is drawn (block
// index, element index, action_id) and, for a select, each option's place in the menu: the server
// looks the element up again in the stored blocks (element-actions.ts) to build what Slack sends.
import { flatOptions, initialOptionIndex, optionGroupsOf } from "./element-actions.js";
import { escapeHtml, plainTextToHtml, safeUrl, textObjectHtml } from "./mrkdwn-html.js";

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);
const str = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);

/** Where an element sits, so a click or a choice can be traced back to it. */
export interface Slot {
  blockIndex: number;
  elementIndex: number | "accessory";
}

function slotAttributes(element: Json, slot: Slot): string[] {
  return [
    `data-action-id="${escapeHtml(str(element["action_id"]) ?? "")}"`,
    `data-block-index="${slot.blockIndex}"`,
    `data-element-index="${slot.elementIndex}"`,
  ];
}

function buttonHtml(element: Json, slot: Slot): string {
  const style = str(element["style"]);
  const url = str(element["url"]);
  const classes = ["sk-button", style === "primary" || style === "danger" ? `sk-button-${style}` : ""].filter(Boolean).join(" ");
  const attributes = [
    `class="${classes}"`,
    'type="button"',
    ...slotAttributes(element, slot),
    url !== undefined && safeUrl(url) !== undefined ? `data-url="${escapeHtml(url)}"` : "",
    url !== undefined ? `title="${escapeHtml(url)}"` : "",
    ...confirmAttributes(element["confirm"]),
  ].filter(Boolean);
  const label = textObjectHtml(element["text"]);
  return `<button ${attributes.join(" ")}>${label}${url !== undefined ? ' <span class="sk-external">↗</span>' : ""}</button>`;
}

/**
 * A button's confirmation dialog (https://api.slack.com/reference/block-kit/composition-objects#confirm):
 * its words for the console's own dialog, which asks before the action is sent, as Slack does.
 */
function confirmAttributes(confirm: unknown): string[] {
  if (!isObject(confirm)) return [];
  const text = (field: string) => (isObject(confirm[field]) ? (str((confirm[field] as Json)["text"]) ?? "") : "");
  return [
    `data-confirm-title="${escapeHtml(text("title"))}"`,
    `data-confirm-text="${escapeHtml(text("text"))}"`,
    `data-confirm-yes="${escapeHtml(text("confirm") || "Yes")}"`,
    `data-confirm-no="${escapeHtml(text("deny") || "Cancel")}"`,
  ];
}

/** An option's or group label's text: plain_text on one line (an <option> holds no markup). */
function plainLine(text: unknown): string {
  if (!isObject(text)) return "";
  return plainTextToHtml((str(text["text"]) ?? "").replace(/\s*\n\s*/g, " "), text["emoji"] !== false);
}

/**
 * A static_select as a <select>: options (or option_groups as <optgroup>), `initial_option` chosen,
 * else the placeholder shown until something is chosen, as Slack does
 * (https://docs.slack.dev/reference/block-kit/block-elements/select-menu-element#static_select).
 */
function staticSelectHtml(element: Json, slot: Slot): string {
  const initial = initialOptionIndex(element);
  const placeholder = plainLine(element["placeholder"]);
  let index = 0;
  const optionHtml = (option: Json): string => {
    const selected = index === initial ? " selected" : "";
    return `<option data-option-index="${index++}"${selected}>${plainLine(option["text"])}</option>`;
  };
  const groups = optionGroupsOf(element).map((group) => {
    const options = group.options.map(optionHtml).join("");
    return group.label === undefined ? options : `<optgroup label="${plainLine(group.label)}">${options}</optgroup>`;
  });
  const prompt = initial === undefined ? `<option disabled selected hidden>${placeholder || "Select an item"}</option>` : "";
  const disabled = flatOptions(element).length === 0 ? " disabled" : "";
  const label = placeholder === "" ? "" : ` aria-label="${placeholder}"`;
  return `<select class="sk-select" ${slotAttributes(element, slot).join(" ")}${label}${disabled}>${prompt}${groups.join("")}</select>`;
}

export function imageHtml(element: Json, className: string): string {
  const url = str(element["image_url"]) ?? "";
  const alt = str(element["alt_text"]) ?? "";
  if (safeUrl(url) === undefined) return `<span class="${className} sk-image-missing">${escapeHtml(alt || "image")}</span>`;
  return `<img class="${className}" src="${escapeHtml(url)}" alt="${escapeHtml(alt)}" loading="lazy">`;
}

/** An interactive element: buttons and static selects are usable; other elements are named only. */
export function elementHtml(element: unknown, slot: Slot): string {
  if (!isObject(element)) return "";
  if (element["type"] === "button") return buttonHtml(element, slot);
  if (element["type"] === "static_select") return staticSelectHtml(element, slot);
  if (element["type"] === "image") return imageHtml(element, "sk-accessory-image");
  const type = str(element["type"]) ?? "?";
  return `<span class="sk-unsupported-element" title="not usable in the local console">${escapeHtml(type)}</span>`;
}
