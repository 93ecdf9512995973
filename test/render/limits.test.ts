// Every limit in SLACK_LIMITS at its edge: accepted at N, reported at N+1 with the right path,
// plus the cumulative budget, structural rules and modal rules.
import { describe, expect, it } from "vitest";
import { CUMULATIVE_TEXT_REJECT } from "../../src/local/fake-slack/slack-limits.js";
import { SLACK_LIMITS, validateMessage, validateModal, type LimitKey, type LimitViolation } from "../../src/render/limits.js";
import { assertWithinLimits, measureBlockText, POLICY_RULES } from "../support/limits.js";

const x = (n: number): string => "x".repeat(n);
const plain = (text: string) => ({ type: "plain_text", text });
const mrkdwn = (text: string) => ({ type: "mrkdwn", text });
const section = (text: string) => ({ type: "section", text: mrkdwn(text) });
const button = (fields: Record<string, unknown> = {}) => ({ type: "button", text: plain("Go"), action_id: "go", ...fields });
const option = (text: string, value = "v") => ({ text: plain(text), value });
const message = (...blocks: unknown[]) => ({ text: "fallback", blocks });
const modal = (fields: Record<string, unknown> = {}) => ({ type: "modal", title: plain("Log"), blocks: [section("hi")], ...fields });
const many = <T>(n: number, make: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => make(i));

// The cumulative budget would hide the per-field rules in the long cases, so edge cases lift it.
const noBudget = { textBudget: Number.POSITIVE_INFINITY };

type EdgeCase = [name: string, { rule: LimitKey; path: string; build: (n: number) => unknown; modal?: boolean }];

const messageEdges: EdgeCase[] = [
  ["blocks per message", { rule: "blocksPerMessage", path: "/blocks", build: (n) => message(...many(n, () => ({ type: "divider" }))) }],
  ["section text", { rule: "sectionText", path: "/blocks/0/text/text", build: (n) => message(section(x(n))) }],
  ["section fields count", { rule: "sectionFields", path: "/blocks/0/fields", build: (n) => message({ type: "section", fields: many(n, () => mrkdwn("f")) }) }],
  ["section field text", { rule: "sectionFieldText", path: "/blocks/0/fields/1/text", build: (n) => message({ type: "section", fields: [mrkdwn("a"), mrkdwn(x(n))] }) }],
  ["header text", { rule: "headerText", path: "/blocks/0/text/text", build: (n) => message({ type: "header", text: plain(x(n)) }) }],
  ["context elements", { rule: "contextElements", path: "/blocks/0/elements", build: (n) => message({ type: "context", elements: many(n, () => mrkdwn("c")) }) }],
  ["context text", { rule: "contextText", path: "/blocks/0/elements/0/text", build: (n) => message({ type: "context", elements: [mrkdwn(x(n))] }) }],
  ["actions elements", { rule: "actionsElements", path: "/blocks/0/elements", build: (n) => message({ type: "actions", elements: many(n, (i) => button({ action_id: `b${i}` })) }) }],
  ["button text", { rule: "buttonText", path: "/blocks/0/elements/0/text/text", build: (n) => message({ type: "actions", elements: [button({ text: plain(x(n)) })] }) }],
  ["button value", { rule: "buttonValue", path: "/blocks/0/elements/0/value", build: (n) => message({ type: "actions", elements: [button({ value: x(n) })] }) }],
  ["button url", { rule: "buttonUrl", path: "/blocks/0/accessory/url", build: (n) => message({ ...section("s"), accessory: button({ url: `https://e.x/${x(n - 12)}` }) }) }],
  ["button accessibility label", { rule: "buttonAccessibilityLabel", path: "/blocks/0/elements/0/accessibility_label", build: (n) => message({ type: "actions", elements: [button({ accessibility_label: x(n) })] }) }],
  ["action_id", { rule: "actionId", path: "/blocks/0/elements/0/action_id", build: (n) => message({ type: "actions", elements: [button({ action_id: x(n) })] }) }],
  ["block_id", { rule: "blockId", path: "/blocks/0/block_id", build: (n) => message({ type: "divider", block_id: x(n) }) }],
  ["image url", { rule: "imageUrl", path: "/blocks/0/image_url", build: (n) => message({ type: "image", image_url: x(n), alt_text: "a" }) }],
  ["image alt text", { rule: "imageAltText", path: "/blocks/0/alt_text", build: (n) => message({ type: "image", image_url: "https://e.x/i.png", alt_text: x(n) }) }],
  ["image title", { rule: "imageTitle", path: "/blocks/0/title/text", build: (n) => message({ type: "image", image_url: "https://e.x/i.png", alt_text: "a", title: plain(x(n)) }) }],
  ["markdown text", { rule: "markdownText", path: "/blocks/0/text", build: (n) => message({ type: "markdown", text: x(n) }) }],
  ["top-level text", { rule: "messageText", path: "/text", build: (n) => ({ text: x(n), blocks: [] }) }],
  ["overflow options", { rule: "overflowOptions", path: "/blocks/0/accessory/options", build: (n) => message({ ...section("s"), accessory: { type: "overflow", action_id: "o", options: many(n, (i) => option(`o${i}`)) } }) }],
  ["select options", { rule: "selectOptions", path: "/blocks/0/elements/0/options", build: (n) => message({ type: "actions", elements: [{ type: "static_select", action_id: "s", options: many(n, (i) => option(`o${i}`)) }] }) }],
  ["option text", { rule: "optionText", path: "/blocks/0/elements/0/options/0/text/text", build: (n) => message({ type: "actions", elements: [{ type: "static_select", action_id: "s", options: [option(x(n))] }] }) }],
  ["option value", { rule: "optionValue", path: "/blocks/0/elements/0/options/0/value", build: (n) => message({ type: "actions", elements: [{ type: "static_select", action_id: "s", options: [option("o", x(n))] }] }) }],
  ["select placeholder", { rule: "placeholder", path: "/blocks/0/elements/0/placeholder/text", build: (n) => message({ type: "actions", elements: [{ type: "users_select", action_id: "u", placeholder: plain(x(n)) }] }) }],
  ["confirm title", { rule: "confirmTitle", path: "/blocks/0/elements/0/confirm/title/text", build: (n) => message({ type: "actions", elements: [button({ confirm: { title: plain(x(n)), text: plain("sure?"), confirm: plain("Yes"), deny: plain("No") } })] }) }],
];

const modalEdges: EdgeCase[] = [
  ["blocks per view", { rule: "blocksPerView", path: "/blocks", modal: true, build: (n) => modal({ blocks: many(n, () => ({ type: "divider" })) }) }],
  ["view title", { rule: "viewTitle", path: "/title/text", modal: true, build: (n) => modal({ title: plain(x(n)) }) }],
  ["view submit", { rule: "viewSubmit", path: "/submit/text", modal: true, build: (n) => modal({ submit: plain(x(n)) }) }],
  ["view close", { rule: "viewClose", path: "/close/text", modal: true, build: (n) => modal({ close: plain(x(n)) }) }],
  ["private_metadata", { rule: "viewPrivateMetadata", path: "/private_metadata", modal: true, build: (n) => modal({ private_metadata: x(n) }) }],
  ["callback_id", { rule: "viewCallbackId", path: "/callback_id", modal: true, build: (n) => modal({ callback_id: x(n) }) }],
  ["external_id", { rule: "viewExternalId", path: "/external_id", modal: true, build: (n) => modal({ external_id: x(n) }) }],
  ["input label", { rule: "inputLabel", path: "/blocks/0/label/text", modal: true, build: (n) => modal({ submit: plain("OK"), blocks: [{ type: "input", label: plain(x(n)), element: { type: "plain_text_input", action_id: "i" } }] }) }],
];

const validate = (payload: unknown, modalPayload: boolean | undefined): LimitViolation[] =>
  modalPayload ? validateModal(payload, noBudget) : validateMessage(payload as { text: string }, noBudget);

describe("each limit at its edge", () => {
  it.each([...messageEdges, ...modalEdges])("%s", (_name, { rule, path, build, modal: isModal }) => {
    const limit = SLACK_LIMITS[rule];
    expect(validate(build(limit), isModal)).toEqual([]);
    const over = validate(build(limit + 1), isModal);
    expect(over).toContainEqual(expect.objectContaining({ rule, path, limit, actual: limit + 1 }));
  });
});

describe("Slack's own wording", () => {
  it("51 blocks", () => {
    const [violation] = validateMessage(message(...many(51, () => ({ type: "divider" }))));
    expect(violation?.message).toBe("no more than 50 items allowed [json-pointer:/blocks]");
  });

  it("3001-character section", () => {
    const [violation] = validateMessage(message(section(x(3001))), noBudget);
    expect(violation?.message).toBe("must be less than 3001 characters [json-pointer:/blocks/0/text/text]");
  });

  it("26 actions elements", () => {
    const violations = validateMessage(message(section("s"), { type: "actions", elements: many(26, (i) => button({ action_id: `b${i}` })) }));
    expect(violations.map((v) => v.message)).toEqual(["no more than 25 items allowed [json-pointer:/blocks/1/elements]"]);
  });

  it("empty field text", () => {
    const violations = validateMessage(message({ type: "section", fields: [mrkdwn("a"), mrkdwn("")] }));
    expect(violations).toEqual([
      { path: "/blocks/0/fields/1/text", rule: "empty_text", limit: 1, actual: 0, message: "must be more than 0 characters [json-pointer:/blocks/0/fields/1/text]" },
    ]);
  });

  it("unknown block type", () => {
    const violations = validateMessage(message({ type: "sections" }));
    expect(violations.map((v) => [v.rule, v.message])).toEqual([["unsupported_type", "unsupported type: sections [json-pointer:/blocks/0/type]"]]);
  });
});

describe("cumulative text budget", () => {
  const budget = SLACK_LIMITS.messageTextBudget;
  const sections = (total: number) => message(section(x(3000)), section(x(3000)), section(x(2000)), section(x(total - 8000)));

  it("accepts exactly the budget and reports one character more", () => {
    expect(validateMessage(sections(budget))).toEqual([]);
    expect(validateMessage(sections(budget + 1))).toEqual([
      {
        path: "/blocks",
        rule: "msg_blocks_too_long",
        limit: budget,
        actual: budget + 1,
        message: `cumulative block text must be at most ${budget} characters [json-pointer:/blocks]`,
      },
    ]);
  });

  it("uses a given budget (the fake Slack passes Slack's reject threshold)", () => {
    const payload = sections(budget + 1);
    expect(validateMessage(payload, { textBudget: CUMULATIVE_TEXT_REJECT })).toEqual([]);
    expect(validateMessage(payload, { textBudget: 10 })[0]?.rule).toBe("msg_blocks_too_long");
  });

  it("counts what a reader sees: header, fields, context, buttons, rich text, markdown; not menu options", () => {
    const blocks = [
      { type: "header", text: plain("12345") }, // 5
      { type: "section", text: mrkdwn("ab"), fields: [mrkdwn("cde"), plain("f")], accessory: button({ text: plain("Go") }) }, // 2+3+1+2
      { type: "context", elements: [mrkdwn("ctx"), { type: "image", image_url: "https://e.x/i.png", alt_text: "not counted" }] }, // 3
      { type: "actions", elements: [{ type: "static_select", action_id: "s", placeholder: plain("pick"), options: [option("hidden")] }] }, // 4
      {
        type: "rich_text",
        elements: [
          { type: "rich_text_preformatted", elements: [{ type: "text", text: "log\n" }] }, // 4
          { type: "rich_text_section", elements: [{ type: "link", url: "https://e.x" }, { type: "emoji", name: "x" }] }, // 11 (url shown)
          { type: "rich_text_list", style: "bullet", elements: [{ type: "rich_text_section", elements: [{ type: "text", text: "item" }] }] }, // 4
        ],
      },
      { type: "markdown", text: "**md**" }, // 6
      { type: "divider" },
    ];
    expect(validateMessage({ text: "t", blocks })).toEqual([]);
    expect(measureBlockText(blocks)).toBe(5 + 8 + 3 + 4 + 4 + 11 + 4 + 6);
  });

  it("counts UTF-16 code units, never fewer than Slack's characters", () => {
    expect(measureBlockText([section("日志😀")])).toBe(4);
  });

  it("markdown blocks share one 12,000 cap", () => {
    const violations = validateMessage(message({ type: "markdown", text: x(6000) }, { type: "markdown", text: x(6001) }), noBudget);
    expect(violations.map((v) => [v.rule, v.path, v.actual])).toEqual([["markdownCumulative", "/blocks", 12001]]);
  });
});

describe("structural rules", () => {
  it.each<[string, { payload: { text?: string; blocks?: unknown[] }; want: Partial<LimitViolation>[] }]>([
    ["fallback text missing", { payload: { blocks: [section("s")] }, want: [{ path: "/text", rule: "fallback_text_required" }] }],
    ["fallback text empty", { payload: { text: "", blocks: [] }, want: [{ path: "/text", rule: "fallback_text_required" }] }],
    ["text-only message", { payload: { text: "hello" }, want: [] }],
    ["duplicate block_id", { payload: message({ ...section("a"), block_id: "b1" }, { type: "divider", block_id: "b1" }), want: [{ path: "/blocks/1/block_id", rule: "duplicate_block_id" }] }],
    ["header must be plain_text", { payload: message({ type: "header", text: mrkdwn("*h*") }), want: [{ path: "/blocks/0/text/type", rule: "type" }] }],
    ["button text must be plain_text", { payload: message({ type: "actions", elements: [button({ text: mrkdwn("go") })] }), want: [{ path: "/blocks/0/elements/0/text/type", rule: "type" }] }],
    ["button style", { payload: message({ type: "actions", elements: [button({ style: "green" })] }), want: [{ path: "/blocks/0/elements/0/style", rule: "type" }] }],
    ["section with neither text nor fields", { payload: message({ type: "section" }), want: [{ path: "/blocks/0", rule: "required" }] }],
    ["section text not an object", { payload: message({ type: "section", text: "plain string" }), want: [{ path: "/blocks/0/text", rule: "required", message: "must provide an object [json-pointer:/blocks/0/text]" }] }],
    ["empty actions", { payload: message({ type: "actions", elements: [] }), want: [{ path: "/blocks/0/elements", rule: "actionsElements" }] }],
    ["image without alt_text", { payload: message({ type: "image", image_url: "https://e.x/i.png" }), want: [{ path: "/blocks/0/alt_text", rule: "required" }] }],
    ["image element in actions", { payload: message({ type: "actions", elements: [{ type: "image", image_url: "u", alt_text: "a" }] }), want: [{ path: "/blocks/0/elements/0/type", rule: "unsupported_type" }] }],
    ["input block in a message", { payload: message({ type: "input", label: plain("l"), element: { type: "plain_text_input" } }), want: [{ path: "/blocks/0/type", rule: "unsupported_type" }] }],
    ["unknown rich text leaf", { payload: message({ type: "rich_text", elements: [{ type: "rich_text_section", elements: [{ type: "bold", text: "b" }] }] }), want: [{ path: "/blocks/0/elements/0/elements/0/type", rule: "unsupported_type" }] }],
    ["rich text list item must be a section", { payload: message({ type: "rich_text", elements: [{ type: "rich_text_list", style: "bullet", elements: [{ type: "rich_text_quote", elements: [] }] }] }), want: [{ path: "/blocks/0/elements/0/elements/0/type", rule: "unsupported_type" }] }],
    ["empty rich text", { payload: message({ type: "rich_text", elements: [{ type: "rich_text_preformatted", elements: [{ type: "text", text: "" }] }] }), want: [{ path: "/blocks/0/elements/0/elements/0/text", rule: "empty_text" }] }],
    ["select with both options and groups", { payload: message({ type: "actions", elements: [{ type: "static_select", options: [option("a")], option_groups: [] }] }), want: [{ path: "/blocks/0/elements/0", rule: "required" }] }],
    ["blocks not an array", { payload: { text: "t", blocks: "nope" as unknown as unknown[] }, want: [{ path: "/blocks", rule: "required" }] }],
  ])("%s", (_name, { payload, want }) => {
    expect(validateMessage(payload)).toEqual(want.map((w) => expect.objectContaining(w)));
  });

  it("accepts every block type the renderers use", () => {
    const blocks = [
      { type: "header", text: plain("Job 42 failed"), block_id: "h" },
      { type: "section", text: mrkdwn("*step* 2"), fields: [mrkdwn("a"), mrkdwn("b")], accessory: button({ url: "https://e.x" }), expand: true },
      { type: "section", text: mrkdwn("img"), accessory: { type: "image", image_url: "https://e.x/i.png", alt_text: "i" } },
      { type: "context", elements: [mrkdwn("ctx"), { type: "image", image_url: "https://e.x/i.png", alt_text: "i" }] },
      { type: "divider" },
      { type: "actions", elements: [button({ style: "primary", value: "v" }), button({ action_id: "u", url: "https://e.x" })] },
      {
        type: "rich_text",
        elements: [
          { type: "rich_text_section", elements: [{ type: "text", text: "a", style: { bold: true } }, { type: "user", user_id: "U1" }, { type: "channel", channel_id: "C1" }] },
          { type: "rich_text_preformatted", border: 0, elements: [{ type: "text", text: "log" }] },
          { type: "rich_text_quote", elements: [{ type: "link", url: "https://e.x", text: "x" }, { type: "emoji", name: "ok" }] },
          { type: "rich_text_list", style: "ordered", elements: [{ type: "rich_text_section", elements: [{ type: "text", text: "1" }] }] },
        ],
      },
      { type: "image", image_url: "https://e.x/i.png", alt_text: "chart", title: plain("Chart") },
      { type: "markdown", text: "**done**" },
    ];
    expect(validateMessage({ text: "Job 42 failed", blocks })).toEqual([]);
  });

  it("prefixes paths", () => {
    const [violation] = validateMessage(message(section(x(3001))), { ...noBudget, pathPrefix: "/unfurls/u" });
    expect(violation?.path).toBe("/unfurls/u/blocks/0/text/text");
    expect(violation?.message).toBe("must be less than 3001 characters [json-pointer:/unfurls/u/blocks/0/text/text]");
  });

  it("marks the rules Slack itself does not reject on", () => {
    expect([...POLICY_RULES].sort()).toEqual(["fallback_text_required", "messageText"]);
  });
});

describe("modals", () => {
  it("accepts a well-formed modal with an input", () => {
    const view = modal({
      submit: plain("Follow"),
      close: plain("Cancel"),
      callback_id: "follow",
      private_metadata: JSON.stringify({ job: 42 }),
      blocks: [section("Follow job 42?"), { type: "input", block_id: "ch", label: plain("Channel"), element: { type: "conversations_select", action_id: "c" } }],
    });
    expect(validateModal(view)).toEqual([]);
  });

  it.each<[string, { view: unknown; want: Partial<LimitViolation>[] }]>([
    ["not an object", { view: "modal", want: [{ path: "", rule: "required" }] }],
    ["wrong type", { view: modal({ type: "home" }), want: [{ path: "/type", rule: "type" }] }],
    ["missing title", { view: { type: "modal", blocks: [] }, want: [{ path: "/title", rule: "required" }] }],
    ["mrkdwn title", { view: modal({ title: mrkdwn("t") }), want: [{ path: "/title/type", rule: "type" }] }],
    ["missing blocks", { view: { type: "modal", title: plain("t") }, want: [{ path: "/blocks", rule: "required" }] }],
    ["input without submit", { view: modal({ blocks: [{ type: "input", label: plain("l"), element: { type: "plain_text_input", action_id: "i" } }] }), want: [{ path: "/submit", rule: "required" }] }],
    ["plain_text_input outside input", { view: modal({ blocks: [{ type: "actions", elements: [{ type: "plain_text_input" }] }] }), want: [{ path: "/blocks/0/elements/0/type", rule: "unsupported_type" }] }],
  ])("%s", (_name, { view, want }) => {
    expect(validateModal(view)).toEqual(want.map((w) => expect.objectContaining(w)));
  });

  it("has its own text budget (the title counts too)", () => {
    const withText = (total: number) => modal({ title: plain("t"), blocks: [...many(3, () => section(x(3000))), section(x(total - 9001))] });
    const budget = SLACK_LIMITS.viewTextBudget;
    expect(validateModal(withText(budget))).toEqual([]);
    expect(validateModal(withText(budget + 1))).toEqual([expect.objectContaining({ path: "/blocks", rule: "msg_blocks_too_long", limit: budget, actual: budget + 1 })]);
  });

  it("rejects a payload over 250 kB", () => {
    const view = modal({ blocks: many(90, () => section(x(3000))) });
    expect(validateModal(view, noBudget)).toEqual([expect.objectContaining({ path: "", rule: "viewPayloadBytes" })]);
  });
});

describe("assertWithinLimits", () => {
  it("passes quietly for a valid message and modal", () => {
    expect(() => assertWithinLimits(message(section("ok")))).not.toThrow();
    expect(() => assertWithinLimits(modal() as { type: "modal" })).not.toThrow();
  });

  it("throws listing every violation", () => {
    expect(() => assertWithinLimits({ blocks: [section(x(3001))] }, noBudget)).toThrowError(
      /2 Slack limit\(s\):\nfallback_text_required: .*\nsectionText: must be less than 3001 characters \[json-pointer:\/blocks\/0\/text\/text\] \(limit 3000, actual 3001\)/,
    );
    expect(() => assertWithinLimits(modal({ title: plain(x(25)) }) as { type: "modal" })).toThrowError(/viewTitle/);
  });
});
