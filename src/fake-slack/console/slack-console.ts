// The local Slack console's behaviour: one person in one channel of the fake workspace. What they
// type becomes what Slack would send the app (a signed slash command, a message plus a signed
// app_mention or link_shared event), a pressed button or a chosen select option becomes a signed
// block_actions interaction, and every change in the workspace becomes an event for the page. Slack's own
// refusals (an API call answered ok:false, a rejected response_url post, an app that fails to
// acknowledge) become visible notices, so what would fail in Slack fails here too.
import { blocksError } from "../block-errors.js";
import type { Clock, FakeSlackEvent } from "../fake-slack-types.js";
import { toApiMessage } from "../methods/chat.js";
import { apiView } from "../methods/views.js";
import type { Workspace } from "../workspace.js";
import { BOT, type StoredMessage } from "../workspace-model.js";
import {
  blockActionsBody,
  eventCallbackBody,
  postToApp,
  slashCommandBody,
  type AppAnswer,
  type AppTarget,
  type Person,
  type Place,
} from "./app-requests.js";
import { actionFor, findElement, selectionKey, stateValues, type Json } from "./element-actions.js";
import { ephemeralItem, messageItem, noticeItem, viewItem, type ConsoleItem, type ConsoleView, type RenderContext } from "./console-items.js";

export interface ConsoleExample {
  text: string;
  description: string;
}

export interface SlackConsoleOptions {
  channel?: { id: string; name: string }; // default C0CONSOLE, #joblog-console
  user?: Person; // default U0YOU, "you"
  /** The app's slash command; any other "/word" is answered as Slack does: not a valid command. */
  command?: string; // default "/joblog"
  /** Hosts whose links the app unfurls (the manifest's unfurl_domains): pasting one sends link_shared. */
  unfurlDomains?: string[];
  /** Shown in the page's sidebar; clicking one fills the message box. */
  examples?: ConsoleExample[];
  /** Where the app listens; or connect it later with `connectApp`. */
  app?: AppTarget;
  /** Sees every typed text before it is sent (local mode restarts finished demo jobs here). */
  beforeSend?: (text: string) => void;
}

export type ConsoleEvent =
  | { type: "reset" }
  | {
      type: "hello";
      channel: { id: string; name: string };
      user: Person;
      botName: string;
      command: string;
      examples: ConsoleExample[];
      appConnected: boolean;
    }
  | { type: "item"; item: ConsoleItem }
  | { type: "view"; view: ConsoleView };

export type ConsoleResult = { ok: true } | { ok: false; error: string };

/** A pressed button or a chosen select option, as the page reports it: where, never a value. */
export interface ConsoleClick {
  container: "message" | "ephemeral" | "view";
  channel?: string;
  ts?: string;
  viewId?: string;
  blockIndex: number;
  elementIndex: number | "accessory";
  actionId: string;
  /** For a static_select: the chosen option's place in its menu (element-actions.ts flatOptions). */
  optionIndex?: number;
}

export interface ConsoleDependencies {
  workspace: Workspace;
  clock: Clock;
  mintTrigger(user: string): string;
  /** A response_url on the fake whose accepted answers land in this channel, for this user. */
  responseUrl(context: { channel: string; user: string; messageTs?: string }): string;
}

const isObject = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);

/** Slack's wording when an app does not acknowledge a command properly. */
const commandFailed = (command: string, error: string) => `${command} failed with the error "${error}"`;
const ACK_DEADLINE_MS = 3_000;
const MAX_NOTICES = 100;
/** Surfaces whose select choices are remembered; the oldest is forgotten past this. */
const MAX_SURFACES_WITH_CHOICES = 200;

interface Notice {
  id: string;
  ts: string;
  title: string;
  details: string[];
  threadTs: string | null;
}

export class SlackConsole {
  readonly channel: { id: string; name: string };
  readonly user: Person;
  readonly command: string;
  private app: AppTarget | undefined;
  private readonly unfurlDomains: string[];
  private readonly examples: ConsoleExample[];
  private readonly beforeSend: (text: string) => void;
  private readonly listeners = new Set<(event: ConsoleEvent) => void>();
  private readonly notices: Notice[] = [];
  private noticeSequence = 0;
  /**
   * What the person chose in each surface's selects since the app last drew it, by surfaceKey: the
   * page shows the choice, so the `state` of later actions there carries it. A new drawing
   * (chat.update, views.update) shows the app's `initial_option` again, so it forgets them.
   */
  private readonly choices = new Map<string, Map<string, Json>>();

  constructor(
    private readonly deps: ConsoleDependencies,
    options: SlackConsoleOptions = {},
  ) {
    this.channel = options.channel ?? { id: "C0CONSOLE", name: "joblog-console" };
    this.user = options.user ?? { id: "U0YOU", name: "you" };
    this.command = options.command ?? "/joblog";
    this.unfurlDomains = (options.unfurlDomains ?? []).map((domain) => domain.toLowerCase());
    this.examples = options.examples ?? [];
    this.app = options.app;
    this.beforeSend = options.beforeSend ?? (() => undefined);
    deps.workspace.setChannel(this.channel.id, { name: this.channel.name });
    deps.workspace.setUser(this.user.id, { name: this.user.name, realName: this.user.name });
  }

  connectApp(app: AppTarget): void {
    this.app = app;
    this.emit(this.hello());
  }

  subscribe(listener: (event: ConsoleEvent) => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  /** Everything the page needs after (re)connecting, oldest first. */
  snapshot(): ConsoleEvent[] {
    const { workspace } = this.deps;
    const context = this.renderContext();
    const messages = workspace.messages(this.channel.id).flatMap((message) => [message, ...workspace.thread(this.channel.id, message.ts).slice(1)]);
    const unique = [...new Map(messages.map((message) => [message.ts, message])).values()];
    const items: ConsoleItem[] = [
      ...unique.map((message) => messageItem(message, context)),
      ...workspace.ephemerals(this.channel.id, this.user.id).map((ephemeral) => ephemeralItem(ephemeral, context, BOT.userName)),
      ...this.notices.map(noticeItem),
    ];
    return [{ type: "reset" }, this.hello(), ...items.map((item): ConsoleEvent => ({ type: "item", item }))];
  }

  /** Called with every event of the fake Slack. */
  observe(event: FakeSlackEvent): void {
    const context = this.renderContext();
    const mine = (channel: string) => channel === this.channel.id;
    this.forgetChoicesRedrawnBy(event);
    switch (event.type) {
      case "message_posted":
      case "message_updated":
      case "message_deleted":
      case "reaction_added":
        if (mine(event.message.channel)) this.emitMessage(event.message, context);
        return;
      case "unfurled": {
        const message = mine(event.channel) ? this.deps.workspace.message(event.channel, event.ts) : undefined;
        if (message) this.emitMessage(message, context);
        return;
      }
      case "ephemeral_posted":
      case "ephemeral_updated":
        if (mine(event.ephemeral.channel) && event.ephemeral.user === this.user.id) {
          this.emit({ type: "item", item: ephemeralItem(event.ephemeral, context, BOT.userName) });
        }
        return;
      case "view_opened":
      case "view_updated":
        if (event.view.user === undefined || event.view.user === this.user.id) this.emit({ type: "view", view: viewItem(event.view, context) });
        return;
      case "api_call":
        if (event.call.response["ok"] === false) this.noticeForRefusal(`${event.call.method} was refused: ${String(event.call.response["error"])}`, event.call.response, event.call.body);
        return;
      case "response_url_post":
        if (!event.post.accepted) {
          this.noticeForRefusal(`An answer to the response_url was refused: HTTP ${event.post.status} ${String(event.post.response["error"])}`, event.post.response, event.post.body);
        }
        return;
      default:
        return;
    }
  }

  /** What the person typed in the channel (threadTs unset) or in a thread. */
  async send(input: { text: string; threadTs?: string }): Promise<ConsoleResult> {
    const text = input.text.trim();
    if (text === "") return { ok: false, error: "Type a message or a command first." };
    this.beforeSend(text);
    if (text.startsWith("/")) return this.runCommand(text);
    return this.postMessage(text, input.threadTs);
  }

  async click(click: ConsoleClick): Promise<ConsoleResult> {
    const surface = this.surface(click);
    if ("error" in surface) return { ok: false, error: surface.error };
    const found = findElement(surface.blocks, click);
    if (!found) return { ok: false, error: "That button or menu is no longer in the message (it changed); try the new one." };
    const action = actionFor(found, click.optionIndex, (this.deps.clock.now() / 1000).toFixed(6));
    if ("error" in action) return { ok: false, error: String(action.error) };
    if (action["type"] === "static_select") this.remember(surface.key, selectionKey(found.blockId, String(action["action_id"])), action["selected_option"] as Json);
    const values = stateValues(surface.blocks, this.choices.get(surface.key) ?? new Map());
    // A modal's state travels inside `view`; a message's at the top level (element-actions.ts).
    const where = isObject(surface.where["view"])
      ? { ...surface.where, view: { ...surface.where["view"], state: { values } } }
      : { ...surface.where, state: { values } };
    const body = blockActionsBody(this.user, where, action, this.deps.mintTrigger(this.user.id));
    const answer = await this.toApp(body, "application/x-www-form-urlencoded");
    if (!answer) return { ok: false, error: "No app is connected to the console." };
    const problem = this.ackProblem(answer);
    if (problem) {
      this.addNotice(`The app did not acknowledge the ${action["type"] === "button" ? "button press" : "choice"}: ${problem}`, ["Slack shows the person a warning icon next to the element."], null);
      return { ok: false, error: problem };
    }
    return { ok: true };
  }

  // --- typing -----------------------------------------------------------------------------

  private async runCommand(text: string): Promise<ConsoleResult> {
    const command = text.split(/\s+/)[0] ?? "";
    if (command !== this.command) {
      const error = `${command} is not a valid command. In Slack, all messages that start with the "/" character are interpreted as commands.`;
      this.addNotice(error, [`This console knows ${this.command}.`], null);
      return { ok: false, error };
    }
    const { workspace } = this.deps;
    const responseUrl = this.deps.responseUrl({ channel: this.channel.id, user: this.user.id });
    // Slack escapes &, < and > in a command's text (as in every message text).
    const argument = escapeSlackText(text.slice(command.length).trim());
    const body = slashCommandBody(this.place(), command, argument, responseUrl, this.deps.mintTrigger(this.user.id));
    const answer = await this.toApp(body, "application/x-www-form-urlencoded");
    if (!answer) return this.noApp();
    const problem = this.ackProblem(answer);
    if (problem) {
      const error = commandFailed(command, problem);
      this.addNotice(error, answer.ok ? [`The app answered HTTP ${answer.status} after ${Math.round(answer.elapsedMs)} ms.`] : [answer.detail], null);
      return { ok: false, error };
    }
    if (answer.ok && answer.body.trim() !== "") {
      // An acknowledgement with a body is the app's immediate answer (Bolt: ack({ … })).
      const reply = parseAckBody(answer.body);
      const refused = reply.blocks ? blocksError(reply.blocks) : undefined;
      if (refused) {
        const error = commandFailed(command, "invalid_blocks");
        this.addNotice(error, refusalDetails(refused), null);
        return { ok: false, error };
      }
      // An in_channel acknowledgement shares the typed command too, under the person's name:
      // "both the response message and the initial message typed by the user will be shared in
      // the channel" (https://api.slack.com/interactivity/slash-commands, "In Channel" vs
      // "Ephemeral" responses; also github.com/slackhq/slack-api-docs index_slash_commands.md).
      // In-channel answers sent later through response_url do not include it (same page).
      if (reply.inChannel) workspace.postMessage({ channel: this.channel.id, text: escapeSlackText(text), user: this.user.id });
      // `{"response_type":"in_channel"}` alone only shares the command.
      const hasContent = reply.text !== "" || (reply.blocks ?? []).length > 0;
      if (hasContent && reply.inChannel) workspace.postMessage({ channel: this.channel.id, text: reply.text, blocks: reply.blocks });
      else if (hasContent) workspace.postEphemeral({ channel: this.channel.id, user: this.user.id, text: reply.text, blocks: reply.blocks });
    }
    return { ok: true };
  }

  private async postMessage(typed: string, threadTs: string | undefined): Promise<ConsoleResult> {
    const { workspace, clock } = this.deps;
    const mention = new RegExp(`(^|\\s)@${escapeRegExp(BOT.userName)}(?=$|[\\s,.:;!?])`, "gi");
    const text = wrapLinks(escapeSlackText(typed)).replace(mention, `$1<@${BOT.userId}>`);
    const message = workspace.postMessage({ channel: this.channel.id, text, threadTs, user: this.user.id });
    const base = { user: this.user.id, channel: this.channel.id, event_ts: message.ts };
    const events: Json[] = [];
    if (text.includes(`<@${BOT.userId}>`)) {
      events.push({ ...base, type: "app_mention", text, ts: message.ts, team: BOT.teamId, ...(message.threadTs ? { thread_ts: message.threadTs } : {}) });
    }
    const links = this.unfurlableLinks(typed);
    if (links.length > 0) {
      events.push({ ...base, type: "link_shared", message_ts: message.ts, ...(message.threadTs ? { thread_ts: message.threadTs } : {}), links, source: "conversations_history" });
    }
    if (events.length === 0) return { ok: true };
    if (!this.app) return this.noApp();
    for (const event of events) {
      const answer = await this.toApp(eventCallbackBody(event, clock.now()), "application/json");
      const problem = answer ? this.ackProblem(answer) : "no app";
      if (problem) {
        // Slack retries events up to three times, then gives up; the person sees nothing.
        this.addNotice(`The app did not accept the ${String(event["type"])} event: ${problem}`, ["Slack would retry it, then drop it."], message.threadTs ?? null);
      }
    }
    return { ok: true };
  }

  private unfurlableLinks(typed: string): { url: string; domain: string }[] {
    const links: { url: string; domain: string }[] = [];
    for (const [url] of typed.matchAll(/https?:\/\/[^\s<>]+/g)) {
      try {
        const domain = new URL(url).hostname.toLowerCase();
        if (this.unfurlDomains.some((allowed) => domain === allowed || domain.endsWith(`.${allowed}`))) links.push({ url, domain });
      } catch {
        // not a URL after all
      }
    }
    return links;
  }

  // --- clicks -----------------------------------------------------------------------------

  /** The message, ephemeral or modal the page names: its blocks, and the payload fields Slack sends for it. */
  private surface(click: ConsoleClick): { key: string; blocks: unknown[]; where: Json } | { error: string } {
    const { workspace } = this.deps;
    if (click.container === "view") {
      const stored = workspace.view(click.viewId ?? "");
      if (!stored) return { error: "That modal is gone." };
      const blocks = Array.isArray(stored.view["blocks"]) ? stored.view["blocks"] : [];
      return { key: surfaceKey("view", stored.id), blocks, where: { container: { type: "view", view_id: stored.id }, view: apiView(stored) } };
    }
    const channel = click.channel ?? "";
    const ts = click.ts ?? "";
    const responseUrl = this.deps.responseUrl({ channel, user: this.user.id, messageTs: ts });
    const common = { channel: { id: channel, name: this.channelName(channel) }, response_url: responseUrl };
    if (click.container === "ephemeral") {
      const ephemeral = workspace.ephemeral(channel, ts);
      if (!ephemeral) return { error: "That message is gone." };
      const container = { type: "message", message_ts: ts, channel_id: channel, is_ephemeral: true };
      return { key: surfaceKey("ephemeral", channel, ts), blocks: ephemeral.blocks ?? [], where: { ...common, container } };
    }
    const message = workspace.message(channel, ts);
    if (!message) return { error: "That message is gone." };
    const container = { type: "message", message_ts: ts, channel_id: channel, is_ephemeral: false, ...(message.threadTs ? { thread_ts: message.threadTs } : {}) };
    return { key: surfaceKey("message", channel, ts), blocks: message.blocks ?? [], where: { ...common, container, message: toApiMessage(message) } };
  }

  private remember(surface: string, key: string, option: Json): void {
    const chosen = this.choices.get(surface) ?? new Map<string, Json>();
    chosen.set(key, option);
    this.choices.delete(surface); // re-inserted last: the map's order is least recently chosen first
    this.choices.set(surface, chosen);
    for (const oldest of this.choices.keys()) {
      if (this.choices.size <= MAX_SURFACES_WITH_CHOICES) break;
      this.choices.delete(oldest);
    }
  }

  private forgetChoicesRedrawnBy(event: FakeSlackEvent): void {
    if (event.type === "view_updated") this.choices.delete(surfaceKey("view", event.view.id));
    else if (event.type === "message_updated" || event.type === "message_deleted") this.choices.delete(surfaceKey("message", event.message.channel, event.message.ts));
    else if (event.type === "ephemeral_updated") this.choices.delete(surfaceKey("ephemeral", event.ephemeral.channel, event.ephemeral.ts));
  }

  // --- plumbing ---------------------------------------------------------------------------

  private async toApp(body: string, contentType: string): Promise<AppAnswer | undefined> {
    if (!this.app) return undefined;
    return postToApp(this.app, body, contentType, () => this.deps.clock.now());
  }

  /** Why Slack would count this as not acknowledged, or undefined when it is fine. */
  private ackProblem(answer: AppAnswer): string | undefined {
    if (!answer.ok) return answer.reason === "timeout" ? "operation_timeout" : "dispatch_failed";
    if (answer.status !== 200) return answer.status === 401 ? "dispatch_failed (HTTP 401: bad signature)" : `dispatch_failed (HTTP ${answer.status})`;
    if (answer.elapsedMs > ACK_DEADLINE_MS) return "operation_timeout";
    return undefined;
  }

  private noApp(): ConsoleResult {
    const error = "No app is connected to the console yet.";
    this.addNotice(error, [], null);
    return { ok: false, error };
  }

  private noticeForRefusal(title: string, response: Json, body: Json): void {
    const threadTs = typeof body["thread_ts"] === "string" ? body["thread_ts"] : null;
    this.addNotice(title, refusalDetails(response), threadTs);
  }

  private addNotice(title: string, details: string[], threadTs: string | null): void {
    this.noticeSequence += 1;
    const notice: Notice = { id: String(this.noticeSequence), ts: this.deps.workspace.nextTs(), title, details, threadTs };
    this.notices.push(notice);
    if (this.notices.length > MAX_NOTICES) this.notices.shift();
    this.emit({ type: "item", item: noticeItem(notice) });
  }

  private emitMessage(message: StoredMessage, context: RenderContext): void {
    this.emit({ type: "item", item: messageItem(message, context) });
    if (message.threadTs === undefined) return;
    // A reply changes its parent's reply count.
    const parent = this.deps.workspace.message(message.channel, message.threadTs);
    if (parent) this.emit({ type: "item", item: messageItem(parent, context) });
  }

  private emit(event: ConsoleEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  private hello(): ConsoleEvent {
    return {
      type: "hello",
      channel: this.channel,
      user: this.user,
      botName: BOT.userName,
      command: this.command,
      examples: this.examples,
      appConnected: this.app !== undefined,
    };
  }

  private place(): Place {
    return { channel: this.channel, user: this.user };
  }

  private channelName(id: string): string {
    return this.deps.workspace.channels().find((channel) => channel.id === id)?.name ?? id.toLowerCase();
  }

  private renderContext(): RenderContext {
    const { workspace } = this.deps;
    const userName = (id: string) => (id === BOT.userId ? BOT.userName : workspace.user(id).name);
    return {
      names: { user: userName, channel: (id) => this.channelName(id) },
      authorName: userName,
      file: (id) => workspace.file(id),
      replyCount: (message) => workspace.thread(message.channel, message.ts).length - 1,
      threadParent: (message) => (message.threadTs === undefined ? undefined : workspace.message(message.channel, message.threadTs)),
      lastReplyTs: (message) => workspace.thread(message.channel, message.ts).slice(1).at(-1)?.ts,
    };
  }
}

const surfaceKey = (...parts: string[]): string => parts.join("\u0000");

function parseAckBody(body: string): { text: string; blocks: unknown[] | undefined; inChannel: boolean } {
  try {
    const parsed: unknown = JSON.parse(body);
    if (isObject(parsed)) {
      return {
        text: typeof parsed["text"] === "string" ? parsed["text"] : "",
        blocks: Array.isArray(parsed["blocks"]) ? parsed["blocks"] : undefined,
        inChannel: parsed["response_type"] === "in_channel",
      };
    }
  } catch {
    // A plain-text acknowledgement (Bolt: ack("text")) is shown as it is.
  }
  return { text: body, blocks: undefined, inChannel: false };
}

function refusalDetails(response: Json): string[] {
  const metadata = isObject(response["response_metadata"]) ? response["response_metadata"] : {};
  const messages = Array.isArray(metadata["messages"]) ? metadata["messages"] : Array.isArray(response["errors"]) ? response["errors"] : [];
  const bug = typeof response["fake_slack_bug"] === "string" ? [response["fake_slack_bug"]] : [];
  return [...messages.map(String), ...bug].slice(0, 10);
}

/** Slack stores &, < and > in every text as entities. */
function escapeSlackText(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Slack wraps the links it finds in typed text as <url>. */
function wrapLinks(text: string): string {
  return text.replace(/https?:\/\/[^\s<>]+/g, (url) => `<${url}>`);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
