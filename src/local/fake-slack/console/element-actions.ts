// What a pressed button or a chosen select option sends the app, built from the stored blocks: the
// page only says where the element is drawn and which option it chose, never a value. Pure.
//
// Shapes, from Slack's block_actions reference
// (https://docs.slack.dev/reference/interaction-payloads/block_actions-payload): `actions` holds the
// one element used ("*_select: when an item is chosen from the select menu"); a static select's
// action carries `selected_option` beside `action_id`, `block_id` and `action_ts` (Bolt's
// StaticSelectAction, https://docs.slack.dev/tools/bolt-js/reference/interfaces/StaticSelectAction).
// Every block_actions payload also carries the full state of the surface's stateful elements, in
// `view.state.values` for a modal and `state.values` for a message, as
// { block_id: { action_id: { type, selected_option } } }, with null for a select nothing is chosen in
// (https://api.slack.com/changelog/2020-09-full-state-on-view-submisson-and-block-actions).

export type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/** The element types the console draws as usable controls (element-html.ts). */
const USABLE = new Set(["button", "static_select"]);

/** Where the page says an element is drawn. */
export interface ElementPlace {
  blockIndex: number;
  elementIndex: number | "accessory";
  actionId: string;
}

export interface FoundElement {
  block: Json;
  blockId: string;
  element: Json;
}

/** A block's id; one the app did not name gets a stable stand-in, as Slack generates one. */
export function blockIdOf(block: Json, blockIndex: number): string {
  return typeof block["block_id"] === "string" ? block["block_id"] : `console-${blockIndex}`;
}

/** The elements of a block a person can act on: an actions block's, a section's accessory, an input's. */
function elementsOf(block: Json): unknown[] {
  return [block["accessory"], block["element"], ...list(block["elements"])].filter((element) => element !== undefined);
}

/** The element the page names, checked against the stored blocks; found by action_id if the blocks moved. */
export function findElement(blocks: readonly unknown[], place: ElementPlace): FoundElement | undefined {
  const isIt = (element: unknown): element is Json =>
    isObject(element) && USABLE.has(String(element["type"])) && element["action_id"] === place.actionId;
  const block = blocks[place.blockIndex];
  if (isObject(block)) {
    const atPlace = place.elementIndex === "accessory" ? block["accessory"] : list(block["elements"])[place.elementIndex];
    if (isIt(atPlace)) return { block, blockId: blockIdOf(block, place.blockIndex), element: atPlace };
  }
  for (const [blockIndex, candidate] of blocks.entries()) {
    if (!isObject(candidate)) continue;
    const element = elementsOf(candidate).find(isIt);
    if (element) return { block: candidate, blockId: blockIdOf(candidate, blockIndex), element };
  }
  return undefined;
}

/** A static select's options as drawn: one unlabelled group for `options`, else its `option_groups`. */
export function optionGroupsOf(element: Json): { label: unknown; options: Json[] }[] {
  if (Array.isArray(element["options"])) return [{ label: undefined, options: element["options"].filter(isObject) }];
  return list(element["option_groups"])
    .filter(isObject)
    .map((group) => ({ label: group["label"], options: list(group["options"]).filter(isObject) }));
}

/** Every option in order, across groups: the page names a choice by its place here. */
export function flatOptions(element: Json): Json[] {
  return optionGroupsOf(element).flatMap((group) => group.options);
}

const optionText = (option: unknown): unknown => (isObject(option) && isObject(option["text"]) ? option["text"]["text"] : undefined);

/** Where `initial_option` is among the options: Slack wants it to match one exactly (value and text). */
export function initialOptionIndex(element: Json): number | undefined {
  const initial = element["initial_option"];
  if (!isObject(initial)) return undefined;
  const index = flatOptions(element).findIndex((option) => option["value"] === initial["value"] && optionText(option) === optionText(initial));
  return index >= 0 ? index : undefined;
}

/** The `actions[0]` Slack sends for `found`; a select's chosen option is named by its place. */
export function actionFor(found: FoundElement, optionIndex: number | undefined, actionTs: string): Json | { error: string } {
  const { element, blockId } = found;
  const base = { type: element["type"], block_id: blockId, action_id: element["action_id"] };
  const copy = (name: string): Json => (element[name] !== undefined ? { [name]: element[name] } : {});
  if (element["type"] === "static_select") {
    const option = optionIndex === undefined ? undefined : flatOptions(element)[optionIndex];
    if (!option) return { error: "That option is no longer in the menu (it changed); choose again." };
    return { ...base, selected_option: option, ...copy("initial_option"), ...copy("placeholder"), action_ts: actionTs };
  }
  return { ...base, text: element["text"], ...copy("value"), ...copy("url"), ...copy("style"), action_ts: actionTs };
}

/** What the person chose in a surface since it was last drawn, by selectionKey. */
export type Selections = ReadonlyMap<string, Json>;

export const selectionKey = (blockId: string, actionId: string): string => `${blockId}\u0000${actionId}`;

/** `state.values` of a surface: each static select's chosen option, else its initial one, else null. */
export function stateValues(blocks: readonly unknown[], selections: Selections): Record<string, Record<string, Json>> {
  const values: Record<string, Record<string, Json>> = {};
  for (const [blockIndex, block] of blocks.entries()) {
    if (!isObject(block)) continue;
    const blockId = blockIdOf(block, blockIndex);
    for (const element of elementsOf(block)) {
      if (!isObject(element) || element["type"] !== "static_select" || typeof element["action_id"] !== "string") continue;
      const chosen = selections.get(selectionKey(blockId, element["action_id"]));
      const initial = isObject(element["initial_option"]) ? element["initial_option"] : null;
      values[blockId] = { ...values[blockId], [element["action_id"]]: { type: "static_select", selected_option: chosen ?? initial } };
    }
  }
  return values;
}
