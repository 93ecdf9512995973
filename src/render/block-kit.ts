// Small builders for the Block Kit pieces joblog uses, so renderers read as layouts. Each one
// cuts its text to Slack's limit for that field (limits.ts); validateMessage checks the whole.
import type { ActionsBlock, Button, ContextBlock, HeaderBlock, KnownBlock, RichTextBlock, SectionBlock } from "@slack/types";
import { truncateText } from "../core/log-text.js";
import { SLACK_LIMITS } from "./limits.js";

export function header(text: string, blockId?: string): HeaderBlock {
  return {
    type: "header",
    ...(blockId ? { block_id: blockId } : {}),
    text: { type: "plain_text", text: truncateText(text, SLACK_LIMITS.headerText), emoji: true },
  };
}

export function section(mrkdwn: string, blockId?: string): SectionBlock {
  return {
    type: "section",
    ...(blockId ? { block_id: blockId } : {}),
    text: { type: "mrkdwn", text: truncateText(mrkdwn, SLACK_LIMITS.sectionText) },
  };
}

export function context(mrkdwnElements: string[], blockId?: string): ContextBlock {
  return {
    type: "context",
    ...(blockId ? { block_id: blockId } : {}),
    elements: mrkdwnElements
      .slice(0, SLACK_LIMITS.contextElements)
      .map((text) => ({ type: "mrkdwn" as const, text: truncateText(text, SLACK_LIMITS.sectionText) })),
  };
}

export function divider(): KnownBlock {
  return { type: "divider" };
}

/** Preformatted text: shown verbatim, no mrkdwn parsing, so log text needs no escaping here. */
export function preformatted(text: string, blockId?: string): RichTextBlock {
  return {
    type: "rich_text",
    ...(blockId ? { block_id: blockId } : {}),
    elements: [{ type: "rich_text_preformatted", elements: [{ type: "text", text: text.length > 0 ? text : " " }] }],
  };
}

export function button(options: {
  text: string;
  actionId: string;
  value?: string;
  url?: string;
  style?: "primary" | "danger";
}): Button {
  return {
    type: "button",
    text: { type: "plain_text", text: truncateText(options.text, SLACK_LIMITS.buttonText), emoji: true },
    action_id: options.actionId,
    ...(options.value !== undefined ? { value: options.value } : {}),
    ...(options.url !== undefined ? { url: options.url } : {}),
    ...(options.style ? { style: options.style } : {}),
  };
}

export function actions(elements: Button[], blockId?: string): ActionsBlock {
  return {
    type: "actions",
    ...(blockId ? { block_id: blockId } : {}),
    elements: elements.slice(0, SLACK_LIMITS.actionsElements),
  };
}

/**
 * Lines for one section, as many as fit its text limit, then `more(n)` saying how many were
 * left out; `empty` when there are none. Lines are made lazily, one at a time.
 */
export function linesWithinSection<T>(items: readonly T[], line: (item: T) => string, more: (left: number) => string, empty: string): string {
  const lines: string[] = [];
  let length = 0;
  for (const [position, item] of items.entries()) {
    const next = line(item);
    const rest = more(items.length - position);
    if (length + next.length + 1 + rest.length > SLACK_LIMITS.sectionText) {
      lines.push(rest);
      break;
    }
    lines.push(next);
    length += next.length + 1;
  }
  return lines.length > 0 ? lines.join("\n") : empty;
}
