// What the console page draws, rendered on the server: messages, ephemerals, notices and modals
// as escaped HTML with the few data attributes the page needs to report clicks. Rendering here
// (rather than in the browser) keeps one tested TypeScript renderer and a page without a build
// step; the page only places these pieces and localises <time> elements.
import type { StoredEphemeral, StoredFile, StoredMessage, StoredView } from "../workspace-model.js";
import { blocksToHtml, messageBodyHtml, textObjectHtml } from "./block-kit-html.js";
import { escapeHtml, mrkdwnToHtml, type NameLookup } from "./mrkdwn-html.js";

/** One entry in the channel or a thread. `ts` orders it; `key` identifies it across updates. */
export interface ConsoleItem {
  key: string;
  kind: "message" | "ephemeral" | "notice";
  ts: string;
  /** The thread it belongs to (replies, thread ephemerals), or null. */
  threadTs: string | null;
  /** Shown in the channel's timeline (top-level messages, broadcast replies, notices). */
  inTimeline: boolean;
  deleted: boolean;
  html: string;
}

export interface ConsoleView {
  id: string;
  rootViewId: string;
  html: string;
}

export interface RenderContext {
  names: NameLookup;
  /** Display name of a message's author. */
  authorName(userId: string): string;
  file(id: string): StoredFile | undefined;
  replyCount(message: StoredMessage): number;
  /** The message a reply belongs to, when it is still there. */
  threadParent(message: StoredMessage): StoredMessage | undefined;
  lastReplyTs(message: StoredMessage): string | undefined;
}

/** "1716171300.000100" → ISO time, for <time datetime>. */
export function tsToIso(ts: string): string {
  const seconds = Number(ts);
  return Number.isFinite(seconds) ? new Date(Math.floor(seconds * 1000)).toISOString() : "";
}

function timeHtml(ts: string): string {
  const iso = tsToIso(ts);
  // The page shows it as the reader's local HH:MM; UTC is only the pre-script fallback.
  return `<time class="msg-time" datetime="${iso}">${iso.slice(11, 16)}</time>`;
}

function avatarHtml(name: string, bot: boolean): string {
  const letter = Array.from(name)[0]?.toUpperCase() ?? "?";
  return `<div class="avatar${bot ? " avatar-bot" : ""}" aria-hidden="true">${escapeHtml(letter)}</div>`;
}

function filesHtml(ids: readonly string[], context: RenderContext): string {
  if (ids.length === 0) return "";
  const cards = ids.map((id) => {
    const file = context.file(id);
    const name = file?.title ?? file?.filename ?? id;
    const size = file?.content?.length ?? 0;
    const sizeText = size >= 1024 * 1024 ? `${(size / 1024 / 1024).toFixed(1)} MB` : size >= 1024 ? `${Math.round(size / 1024)} kB` : `${size} B`;
    return `<a class="file-card" href="/console/files/${encodeURIComponent(id)}" target="_blank" rel="noopener"><span class="file-icon">📄</span><span class="file-name">${escapeHtml(name)}</span><span class="file-size">${escapeHtml(file?.filename ?? "")} · ${sizeText}</span></a>`;
  });
  return `<div class="files">${cards.join("")}</div>`;
}

function unfurlsHtml(unfurls: Record<string, unknown>, context: RenderContext): string {
  const entries = Object.entries(unfurls);
  if (entries.length === 0) return "";
  return entries
    .map(([url, value]) => {
      const blocks = typeof value === "object" && value !== null ? (value as { blocks?: unknown }).blocks : undefined;
      const body = Array.isArray(blocks) ? blocksToHtml(blocks, context.names) : "";
      return `<div class="unfurl" title="${escapeHtml(url)}">${body}</div>`;
    })
    .join("");
}

function attachmentsHtml(attachments: unknown[] | undefined, context: RenderContext): string {
  if (!attachments || attachments.length === 0) return "";
  return attachments
    .map((attachment) => {
      const fields = typeof attachment === "object" && attachment !== null ? (attachment as Record<string, unknown>) : {};
      const blocks = Array.isArray(fields["blocks"]) ? fields["blocks"] : undefined;
      const text = typeof fields["text"] === "string" ? fields["text"] : typeof fields["fallback"] === "string" ? fields["fallback"] : "";
      return `<div class="unfurl attachment">${messageBodyHtml(text, blocks, context.names)}</div>`;
    })
    .join("");
}

function reactionsHtml(reactions: StoredMessage["reactions"]): string {
  if (reactions.length === 0) return "";
  const pills = reactions.map((reaction) => `<span class="reaction">:${escapeHtml(reaction.name)}: ${reaction.users.length}</span>`);
  return `<div class="reactions">${pills.join("")}</div>`;
}

function threadSummaryHtml(message: StoredMessage, context: RenderContext): string {
  if (message.threadTs !== undefined) return "";
  const count = context.replyCount(message);
  if (count === 0) return "";
  const last = context.lastReplyTs(message);
  const lastText = last === undefined ? "" : ` <span class="thread-last">Last reply ${timeHtml(last)}</span>`;
  return `<button type="button" class="thread-link" data-open-thread="${escapeHtml(message.ts)}">${count} ${count === 1 ? "reply" : "replies"}</button>${lastText}`;
}

/**
 * A reply also sent to the channel (`reply_broadcast`) is marked as Slack marks it: "replied to a
 * thread: <the parent>" in the channel, "Also sent to the channel" in the thread
 * (https://slack.com/help/articles/115000769927-Use-threads-to-organize-discussions-; the
 * `thread_broadcast` message carries its root "for use in rendering by Slack client
 * applications", https://api.slack.com/events/message/thread_broadcast). The page shows each
 * mark only where it belongs (console.css).
 */
function broadcastHtml(message: StoredMessage, context: RenderContext): string {
  if (message.threadTs === undefined || !message.replyBroadcast) return "";
  const parent = context.threadParent(message);
  const firstLine = (parent?.text ?? "").split("\n")[0] ?? "";
  const parentHtml = parent ? `<span class="broadcast-parent" data-open-thread="${escapeHtml(message.threadTs)}">${mrkdwnToHtml(firstLine, context.names)}</span>` : "";
  return [
    `<div class="broadcast-in-channel">replied to a thread: ${parentHtml}</div>`,
    '<div class="broadcast-in-thread">Also sent to the channel</div>',
  ].join("");
}

interface CardParts {
  classes: string[];
  container: Record<string, string>;
  author: string;
  bot: boolean;
  ts: string;
  meta: string[];
  /** Above the author line (a broadcast reply's "replied to a thread"). */
  header?: string;
  body: string;
  footer: string;
}

function cardHtml(parts: CardParts): string {
  const data = Object.entries(parts.container)
    .map(([name, value]) => ` data-${name}="${escapeHtml(value)}"`)
    .join("");
  const badge = parts.bot ? ' <span class="app-badge">APP</span>' : "";
  return [
    `<article class="${["msg", ...parts.classes].join(" ")}"${data}>`,
    avatarHtml(parts.author, parts.bot),
    '<div class="msg-main">',
    parts.header ?? "",
    `<div class="msg-meta"><span class="msg-author">${escapeHtml(parts.author)}</span>${badge} ${timeHtml(parts.ts)}${parts.meta.join("")}</div>`,
    `<div class="msg-body">${parts.body}</div>`,
    parts.footer,
    "</div></article>",
  ].join("");
}

export function messageItem(message: StoredMessage, context: RenderContext): ConsoleItem {
  const bot = message.botId !== undefined;
  const html = cardHtml({
    classes: [bot ? "msg-bot" : "msg-user"],
    container: { container: "message", channel: message.channel, ts: message.ts, ...(message.threadTs ? { "thread-ts": message.threadTs } : {}) },
    author: context.authorName(message.user),
    bot,
    ts: message.ts,
    meta: message.editCount > 0 ? [` <span class="msg-edited" title="edited ${message.editCount}×">(edited)</span>`] : [],
    header: broadcastHtml(message, context),
    body: message.text === "" && (message.blocks ?? []).length === 0 ? "" : messageBodyHtml(message.text, message.blocks, context.names),
    footer: [
      attachmentsHtml(message.attachments, context),
      filesHtml(message.files, context),
      unfurlsHtml(message.unfurls, context),
      reactionsHtml(message.reactions),
      threadSummaryHtml(message, context),
    ].join(""),
  });
  return {
    key: `m:${message.channel}:${message.ts}`,
    kind: "message",
    ts: message.ts,
    threadTs: message.threadTs ?? null,
    inTimeline: message.threadTs === undefined || message.replyBroadcast,
    deleted: message.deleted,
    html,
  };
}

export function ephemeralItem(ephemeral: StoredEphemeral, context: RenderContext, author: string): ConsoleItem {
  const html = cardHtml({
    classes: ["msg-bot", "msg-ephemeral"],
    container: { container: "ephemeral", channel: ephemeral.channel, ts: ephemeral.ts },
    author,
    bot: true,
    ts: ephemeral.ts,
    meta: [],
    body: messageBodyHtml(ephemeral.text, ephemeral.blocks, context.names),
    footer: '<div class="ephemeral-note">👁 Only visible to you · <button type="button" class="link-button" data-dismiss>Dismiss</button></div>',
  });
  return {
    key: `e:${ephemeral.channel}:${ephemeral.ts}`,
    kind: "ephemeral",
    ts: ephemeral.ts,
    threadTs: ephemeral.threadTs ?? null,
    inTimeline: ephemeral.threadTs === undefined,
    deleted: ephemeral.deleted,
    html,
  };
}

/** Something the console itself says: an API call Slack would have refused, a command that failed. */
export function noticeItem(notice: { id: string; ts: string; title: string; details: string[]; threadTs: string | null }): ConsoleItem {
  const details = notice.details.map((line) => `<div class="notice-detail">${escapeHtml(line)}</div>`).join("");
  const html = cardHtml({
    classes: ["msg-notice"],
    container: {},
    author: "local console",
    bot: false,
    ts: notice.ts,
    meta: [' <span class="notice-badge">Slack would show this as an error</span>'],
    body: `<div class="notice-title">⚠️ ${escapeHtml(notice.title)}</div>${details}`,
    footer: "",
  });
  return { key: `n:${notice.id}`, kind: "notice", ts: notice.ts, threadTs: notice.threadTs, inTimeline: true, deleted: false, html };
}

export function viewItem(stored: StoredView, context: RenderContext): ConsoleView {
  const view = stored.view;
  const blocks = Array.isArray(view["blocks"]) ? view["blocks"] : [];
  const close = view["close"] === undefined ? "Cancel" : undefined;
  const submit = view["submit"] === undefined ? "" : `<button type="button" class="sk-button sk-button-primary" disabled title="view submissions are not supported by the local console">${textObjectHtml(view["submit"])}</button>`;
  const html = [
    `<div class="modal" role="dialog" aria-modal="true" data-container="view" data-view-id="${escapeHtml(stored.id)}">`,
    `<header class="modal-header"><h2 class="modal-title">${textObjectHtml(view["title"])}</h2><button type="button" class="modal-x" data-close-all aria-label="Close this dialog">×</button></header>`,
    `<div class="modal-body">${blocksToHtml(blocks, context.names)}</div>`,
    `<footer class="modal-footer"><button type="button" class="sk-button" data-close-view>${close ?? textObjectHtml(view["close"])}</button>${submit}</footer>`,
    "</div>",
  ].join("");
  return { id: stored.id, rootViewId: stored.rootViewId, html };
}
