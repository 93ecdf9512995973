// Block Kit → HTML for the local console. Pure and defensive: it draws whatever blocks the app
// sent (they passed the fake Slack's validation, but a console must never crash on odd input), and
// every text goes through mrkdwn-html.ts's escaping. Interactive elements (element-html.ts) carry
// the data the page needs to report a click or a choice; the server looks the element up again in
// the stored message, so the page never supplies an element's value or url.
//
// Drawn: header, section (text, fields, accessory), context, divider, actions (buttons, url
// buttons, static selects), rich_text (section, preformatted, quote, list), image, markdown, table.
// Anything else shows as a labelled placeholder, so a block the console does not know is visible,
// not dropped.
import { elementHtml, imageHtml } from "./element-html.js";
import { emojiFor } from "./emoji-shortcodes.js";
import { dateHtml, escapeHtml, linkHtml, mentionHtml, mrkdwnToHtml, textObjectHtml, type NameLookup } from "./mrkdwn-html.js";

export { textObjectHtml };

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const str = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);

function unsupported(kind: string, type: unknown): string {
  const name = typeof type === "string" ? type : "?";
  return `<div class="sk-unsupported">${escapeHtml(`${kind} "${name}" is not drawn by the local console`)}</div>`;
}

// --- rich text ---------------------------------------------------------------------------------

function styled(html: string, style: unknown): string {
  if (!isObject(style)) return html;
  let result = html;
  if (style["code"] === true) result = `<code class="sk-code">${result}</code>`;
  if (style["bold"] === true) result = `<b>${result}</b>`;
  if (style["italic"] === true) result = `<i>${result}</i>`;
  if (style["strike"] === true) result = `<s>${result}</s>`;
  return result;
}

function richEmoji(element: Json): string {
  const unicode = str(element["unicode"]);
  if (unicode !== undefined && /^[0-9a-f]+(-[0-9a-f]+)*$/i.test(unicode)) {
    const codePoints = unicode.split("-").map((hex) => Number.parseInt(hex, 16));
    if (codePoints.every((point) => point <= 0x10ffff)) return escapeHtml(String.fromCodePoint(...codePoints));
  }
  const name = str(element["name"]) ?? "";
  return escapeHtml(emojiFor(name) ?? `:${name}:`);
}

/** One inline element of a rich_text section; `verbatim` inside preformatted (no line breaks as <br>). */
function richInline(element: unknown, names: NameLookup, verbatim: boolean): string {
  if (!isObject(element)) return "";
  const text = str(element["text"]) ?? "";
  const breakLines = (html: string) => (verbatim ? html : html.replace(/\n/g, "<br>"));
  switch (element["type"]) {
    case "text":
      return styled(breakLines(escapeHtml(text)), element["style"]);
    case "link": {
      const url = str(element["url"]) ?? "";
      return styled(linkHtml(url, breakLines(escapeHtml(text || url))), element["style"]);
    }
    case "emoji":
      return richEmoji(element);
    case "user": {
      const id = str(element["user_id"]) ?? "";
      return styled(mentionHtml(`@${names.user?.(id) ?? id}`), element["style"]);
    }
    case "usergroup":
      return styled(mentionHtml(`@${str(element["usergroup_id"]) ?? "group"}`), element["style"]);
    case "channel": {
      const id = str(element["channel_id"]) ?? "";
      return styled(mentionHtml(`#${names.channel?.(id) ?? id}`), element["style"]);
    }
    case "broadcast":
      return mentionHtml(`@${str(element["range"]) ?? "here"}`, true);
    case "date": {
      const seconds = Number(element["timestamp"]);
      const format = str(element["format"]) ?? "{date_short_pretty}";
      return dateHtml(seconds, format, str(element["fallback"]) ?? String(element["timestamp"] ?? ""), str(element["url"]));
    }
    case "color":
      return `<span class="sk-color">${escapeHtml(str(element["value"]) ?? "")}</span>`;
    default:
      return escapeHtml(text);
  }
}

function richInlines(elements: unknown, names: NameLookup, verbatim = false): string {
  return list(elements).map((element) => richInline(element, names, verbatim)).join("");
}

function richList(element: Json, names: NameLookup): string {
  const tag = element["style"] === "ordered" ? "ol" : "ul";
  const indent = Math.min(8, Math.max(0, Number(element["indent"]) || 0));
  const offset = Number(element["offset"]) || 0;
  const start = tag === "ol" && offset > 0 ? ` start="${offset + 1}"` : "";
  const items = list(element["elements"])
    .map((item) => `<li>${isObject(item) ? richInlines(item["elements"], names) : ""}</li>`)
    .join("");
  return `<${tag} class="sk-rt-list sk-indent-${indent}"${start}>${items}</${tag}>`;
}

function richTextHtml(block: Json, names: NameLookup): string {
  return list(block["elements"])
    .map((element) => {
      if (!isObject(element)) return "";
      switch (element["type"]) {
        case "rich_text_section":
          return `<div class="sk-rt-section">${richInlines(element["elements"], names)}</div>`;
        case "rich_text_preformatted": {
          const border = element["border"] === 1 ? " sk-pre-border" : "";
          return `<pre class="sk-pre${border}">${richInlines(element["elements"], names, true)}</pre>`;
        }
        case "rich_text_quote":
          return `<blockquote class="sk-quote">${richInlines(element["elements"], names)}</blockquote>`;
        case "rich_text_list":
          return richList(element, names);
        default:
          return unsupported("rich text element", element["type"]);
      }
    })
    .join("");
}

// --- markdown block (standard Markdown, as Slack's `markdown` block takes) -----------------------

function markdownInline(text: string): string {
  const pieces: string[] = [];
  const keep = (html: string) => `\uE000${pieces.push(html) - 1}\uE001`;
  let rest = text.replace(/[\uE000\uE001]/g, "");
  rest = rest.replace(/`([^`\n]+)`/g, (_whole, code: string) => keep(`<code class="sk-code">${escapeHtml(code)}</code>`));
  rest = rest.replace(/\[([^\]\n]+)\]\(([^)\s]+)\)/g, (_whole, label: string, url: string) => keep(linkHtml(url, escapeHtml(label))));
  let html = escapeHtml(rest);
  html = html.replace(/\*\*(?!\s)([^*\n]+?)\*\*/g, "<b>$1</b>").replace(/__(?!\s)([^_\n]+?)__/g, "<b>$1</b>");
  html = html.replace(/(^|[^\p{L}\p{N}*])\*(?!\s)([^*\n]+?)\*(?![\p{L}\p{N}])/gu, "$1<i>$2</i>");
  html = html.replace(/(^|[^\p{L}\p{N}_])_(?!\s)([^_\n]+?)_(?![\p{L}\p{N}])/gu, "$1<i>$2</i>");
  html = html.replace(/~~(?!\s)([^~\n]+?)~~/g, "<s>$1</s>");
  return html.replace(/\uE000(\d+)\uE001/g, (_whole, index: string) => pieces[Number(index)] ?? "");
}

export function markdownToHtml(text: string): string {
  const out: string[] = [];
  const lines = text.split("\n");
  let paragraph: string[] = [];
  let items: { ordered: boolean; html: string[] } | null = null;
  const flushParagraph = () => {
    if (paragraph.length > 0) out.push(`<p>${paragraph.map(markdownInline).join("<br>")}</p>`);
    paragraph = [];
  };
  const flushList = () => {
    if (items) out.push(`<${items.ordered ? "ol" : "ul"} class="sk-rt-list">${items.html.join("")}</${items.ordered ? "ol" : "ul"}>`);
    items = null;
  };
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index] ?? "";
    if (line.startsWith("```")) {
      flushParagraph();
      flushList();
      const code: string[] = [];
      for (index += 1; index < lines.length && !(lines[index] ?? "").startsWith("```"); index += 1) code.push(lines[index] ?? "");
      out.push(`<pre class="sk-pre">${escapeHtml(code.join("\n"))}</pre>`);
      continue;
    }
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    const bullet = /^\s*(?:[-*+]|(\d+)[.)])\s+(.*)$/.exec(line);
    const quote = /^>\s?(.*)$/.exec(line);
    if (heading) {
      flushParagraph();
      flushList();
      out.push(`<div class="sk-md-heading">${markdownInline(heading[2] ?? "")}</div>`);
    } else if (bullet) {
      flushParagraph();
      const ordered = bullet[1] !== undefined;
      if (items && items.ordered !== ordered) flushList();
      items ??= { ordered, html: [] };
      items.html.push(`<li>${markdownInline(bullet[2] ?? "")}</li>`);
    } else if (quote) {
      flushParagraph();
      flushList();
      out.push(`<blockquote class="sk-quote">${markdownInline(quote[1] ?? "")}</blockquote>`);
    } else if (line.trim() === "") {
      flushParagraph();
      flushList();
    } else {
      flushList();
      paragraph.push(line);
    }
  }
  flushParagraph();
  flushList();
  return out.join("");
}

// --- blocks ------------------------------------------------------------------------------------

function sectionHtml(block: Json, blockIndex: number, names: NameLookup): string {
  const parts: string[] = [];
  if (block["text"] !== undefined) parts.push(`<div class="sk-section-text">${textObjectHtml(block["text"], names)}</div>`);
  const fields = list(block["fields"]);
  if (fields.length > 0) {
    parts.push(`<div class="sk-fields">${fields.map((field) => `<div class="sk-field">${textObjectHtml(field, names)}</div>`).join("")}</div>`);
  }
  const body = `<div class="sk-section-body">${parts.join("")}</div>`;
  const accessory = block["accessory"];
  if (accessory === undefined) return body;
  return `${body}<div class="sk-accessory">${elementHtml(accessory, { blockIndex, elementIndex: "accessory" })}</div>`;
}

function contextHtml(block: Json, names: NameLookup): string {
  return list(block["elements"])
    .map((element) =>
      isObject(element) && element["type"] === "image"
        ? imageHtml(element, "sk-context-image")
        : `<span class="sk-context-item">${textObjectHtml(element, names)}</span>`,
    )
    .join("");
}

function tableHtml(block: Json, names: NameLookup): string {
  const rows = list(block["rows"]).map((row) => {
    const cells = list(row).map((cell) => {
      if (!isObject(cell)) return "<td></td>";
      const html = cell["type"] === "rich_text" ? richTextHtml(cell, names) : escapeHtml(str(cell["text"]) ?? "");
      return `<td>${html}</td>`;
    });
    return `<tr>${cells.join("")}</tr>`;
  });
  return `<table class="sk-table"><tbody>${rows.join("")}</tbody></table>`;
}

function blockBody(block: Json, blockIndex: number, names: NameLookup): string {
  switch (block["type"]) {
    case "header":
      return textObjectHtml(block["text"], names);
    case "section":
      return sectionHtml(block, blockIndex, names);
    case "context":
      return contextHtml(block, names);
    case "divider":
      return "<hr>";
    case "actions":
      return list(block["elements"]).map((element, elementIndex) => elementHtml(element, { blockIndex, elementIndex })).join("");
    case "rich_text":
      return richTextHtml(block, names);
    case "image": {
      const title = isObject(block["title"]) ? `<div class="sk-image-title">${textObjectHtml(block["title"], names)}</div>` : "";
      return `${title}${imageHtml(block, "sk-image")}`;
    }
    case "markdown":
      return markdownToHtml(str(block["text"]) ?? "");
    case "table":
      return tableHtml(block, names);
    default:
      return unsupported("block", block["type"]);
  }
}

/** A list of blocks as HTML: one element per block, in order. */
export function blocksToHtml(blocks: readonly unknown[], names: NameLookup = {}): string {
  return blocks
    .map((block, index) => {
      if (!isObject(block)) return unsupported("block", undefined);
      const type = str(block["type"]) ?? "unknown";
      const tag = type === "header" ? "h3" : "div";
      const blockId = str(block["block_id"]);
      const id = blockId === undefined ? "" : ` data-block-id="${escapeHtml(blockId)}"`;
      const kind = /^[a-z_]+$/.test(type) ? type.replace(/_/g, "-") : "unknown";
      return `<${tag} class="sk-block sk-${kind}"${id}>${blockBody(block, index, names)}</${tag}>`;
    })
    .join("");
}

/** A message without blocks shows its top-level text as mrkdwn, as Slack does. */
export function messageBodyHtml(text: string, blocks: readonly unknown[] | undefined, names: NameLookup = {}): string {
  if (blocks !== undefined && blocks.length > 0) return blocksToHtml(blocks, names);
  return `<div class="sk-block sk-text">${mrkdwnToHtml(text, names)}</div>`;
}
