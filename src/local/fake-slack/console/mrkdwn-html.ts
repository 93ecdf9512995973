// Slack mrkdwn → HTML for the local console. Pure. Every character of the input reaches the page
// escaped: markup is only ever produced by this module's own tags, so a log line `<script>` (sent
// by the app as `&lt;script&gt;`, or even raw) shows as text. Covers what Slack draws in mrkdwn:
// *bold* _italic_ ~strike~ `code` ```pre```, > quotes, <url|label> links, <@U…>/<#C…>/<!here>
// mentions, <!date^…|fallback> (the page localises it), &amp;/&lt;/&gt; entities, :emoji:.
import { replaceShortcodes } from "./emoji-shortcodes.js";

export interface NameLookup {
  /** Display name for a user id (`<@U…>` without a label); the id itself when unknown. */
  user?(id: string): string | undefined;
  channel?(id: string): string | undefined;
}

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char] ?? char);
}

/** Slack's three entities back to characters (it escapes exactly these: https://api.slack.com/reference/surfaces/formatting#escaping). */
export function decodeEntities(text: string): string {
  return text.replace(/&(amp|lt|gt);/g, (_whole, name: string) => (name === "amp" ? "&" : name === "lt" ? "<" : ">"));
}

/** Only links a person could safely follow; anything else (javascript:, data:) is shown as text. */
export function safeUrl(url: string): string | undefined {
  return /^(https?:\/\/|mailto:)/i.test(url) ? url : undefined;
}

export function linkHtml(url: string, labelHtml: string): string {
  const safe = safeUrl(url);
  if (safe === undefined) return labelHtml;
  return `<a href="${escapeHtml(safe)}" target="_blank" rel="noopener noreferrer">${labelHtml}</a>`;
}

/** `<!date^…>` as a <time> the page formats in the reader's own time zone; the fallback until then. */
export function dateHtml(seconds: number, format: string, fallback: string, url?: string): string {
  const valid = Number.isFinite(seconds);
  const iso = valid ? new Date(seconds * 1000).toISOString() : "";
  const time = valid
    ? `<time class="sk-date" datetime="${iso}" data-format="${escapeHtml(format)}">${escapeHtml(fallback)}</time>`
    : escapeHtml(fallback);
  return url === undefined ? time : linkHtml(url, time);
}

export function mentionHtml(text: string, broadcast = false): string {
  return `<span class="sk-mention${broadcast ? " sk-broadcast" : ""}">${escapeHtml(text)}</span>`;
}

// Placeholders for pieces already turned into HTML: private-use characters Slack text never holds
// (they are removed from the input first), so escaping and formatting pass over them untouched.
const OPEN = "\uE000";
const CLOSE = "\uE001";
const PLACEHOLDER = /\uE000(\d+)\uE001/g;

class Pieces {
  private readonly html: string[] = [];

  keep(html: string): string {
    this.html.push(html);
    return `${OPEN}${this.html.length - 1}${CLOSE}`;
  }

  restore(text: string): string {
    // Pieces may hold pieces (a link label with a mention); restore until none are left.
    let result = text;
    while (PLACEHOLDER.test(result)) {
      PLACEHOLDER.lastIndex = 0;
      result = result.replace(PLACEHOLDER, (_whole, index: string) => this.html[Number(index)] ?? "");
    }
    return result;
  }
}

/** `<…>` control sequences: links, mentions, dates. `asText` draws the label only (inside code). */
function controlHtml(inner: string, names: NameLookup, asText: boolean): string {
  const bar = inner.indexOf("|");
  const target = bar < 0 ? inner : inner.slice(0, bar);
  const label = bar < 0 ? undefined : decodeEntities(inner.slice(bar + 1));
  const plain = (text: string) => escapeHtml(text);
  if (target.startsWith("@")) {
    const id = target.slice(1);
    const text = `@${label ?? names.user?.(id) ?? id}`;
    return asText ? plain(text) : mentionHtml(text);
  }
  if (target.startsWith("#")) {
    const id = target.slice(1);
    const text = `#${label ?? names.channel?.(id) ?? id}`;
    return asText ? plain(text) : mentionHtml(text);
  }
  if (target.startsWith("!")) {
    const [command = "", ...rest] = target.slice(1).split("^");
    if (command === "here" || command === "channel" || command === "everyone") {
      return asText ? plain(`@${command}`) : mentionHtml(`@${command}`, true);
    }
    if (command === "subteam") return asText ? plain(label ?? "@group") : mentionHtml(label ?? "@group");
    if (command === "date") {
      const [seconds = "", format = "", url] = rest;
      const fallback = label ?? seconds;
      return asText ? plain(fallback) : dateHtml(Number(seconds), decodeEntities(format), fallback, url && decodeEntities(url));
    }
    return plain(label ?? `<${decodeEntities(inner)}>`);
  }
  const url = decodeEntities(target);
  const text = label ?? url;
  if (asText || safeUrl(url) === undefined) return plain(text);
  return linkHtml(url, escapeHtml(text));
}

const CONTROL = /<([^<>\n]+)>/g;

/** Text inside `code` or ```pre```: no formatting, entities decoded, controls shown by label. */
function verbatimHtml(text: string, names: NameLookup): string {
  const pieces = new Pieces();
  const withControls = text.replace(CONTROL, (_whole, inner: string) => pieces.keep(controlHtml(inner, names, true)));
  return pieces.restore(escapeHtml(decodeEntities(withControls)));
}

// Slack's emphasis markers only open after a non-word character and close before one, so
// `job_start_time` and `2*3*4` stay as they are. Letters, digits and the markers are "word" here.
const WORDISH = "\\p{L}\\p{N}";
function emphasis(marker: string, tag: string): [RegExp, string] {
  const m = marker === "*" ? "\\*" : marker;
  const pattern = new RegExp(`(^|[^${WORDISH}${m}])${m}(?!\\s)([^${m}\\n]*?[^\\s${m}])${m}(?![${WORDISH}${m}])`, "gu");
  return [pattern, `$1<${tag}>$2</${tag}>`];
}
const EMPHASIS: [RegExp, string][] = [emphasis("*", "b"), emphasis("_", "i"), emphasis("~", "s")];

function formatInline(escaped: string): string {
  let result = escaped;
  for (const [pattern, replacement] of EMPHASIS) result = result.replace(pattern, replacement);
  return result;
}

/** Lines starting with `>` (Slack stores a typed quote as `&gt;`) become one blockquote per run. */
function withQuotes(lines: string[]): string {
  const out: string[] = [];
  let quote: string[] = [];
  const flush = () => {
    if (quote.length > 0) out.push(`<blockquote class="sk-quote">${quote.join("<br>")}</blockquote>`);
    quote = [];
  };
  for (const line of lines) {
    const match = /^&gt;\s?(.*)$/.exec(line);
    if (match) {
      quote.push(match[1] ?? "");
      continue;
    }
    flush();
    out.push(line);
  }
  flush();
  // A quote is a block of its own: no extra line break around it.
  return out.join("<br>").replace(/<br>(<blockquote)/g, "$1").replace(/(<\/blockquote>)<br>/g, "$1");
}

/** Slack mrkdwn → HTML. */
export function mrkdwnToHtml(text: string, names: NameLookup = {}): string {
  const pieces = new Pieces();
  let rest = text.replace(/[\uE000\uE001]/g, "");
  // ```pre``` first (may span lines), then `code`: nothing inside either is formatted.
  rest = rest.replace(/```\n?([\s\S]*?)```/g, (_whole, inner: string) =>
    pieces.keep(`<pre class="sk-pre">${verbatimHtml(inner, names)}</pre>`),
  );
  rest = rest.replace(/`([^`\n]+)`/g, (_whole, inner: string) => pieces.keep(`<code class="sk-code">${verbatimHtml(inner, names)}</code>`));
  rest = rest.replace(CONTROL, (_whole, inner: string) => pieces.keep(controlHtml(inner, names, false)));
  const escaped = escapeHtml(replaceShortcodes(decodeEntities(rest)));
  const formatted = formatInline(escaped);
  const html = withQuotes(formatted.split("\n"));
  // A pre block is a block: drop the line breaks that only separated it from the text.
  return pieces.restore(html).replace(/<br>(<pre)/g, "$1").replace(/(<\/pre>)<br>/g, "$1");
}

/** plain_text objects: escaped, shortcodes drawn when `emoji` is not false, line breaks kept. */
export function plainTextToHtml(text: string, emoji = true): string {
  return escapeHtml(emoji ? replaceShortcodes(text) : text).replace(/\n/g, "<br>");
}

/** A Block Kit text object (plain_text or mrkdwn) as HTML. */
export function textObjectHtml(value: unknown, names: NameLookup = {}): string {
  if (typeof value !== "object" || value === null) return "";
  const object = value as Record<string, unknown>;
  const text = typeof object["text"] === "string" ? object["text"] : "";
  if (object["type"] === "mrkdwn") return mrkdwnToHtml(text, names);
  return plainTextToHtml(text, object["emoji"] !== false);
}
