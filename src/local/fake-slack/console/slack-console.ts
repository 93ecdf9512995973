// The local Slack console's behaviour: one person in one channel of the fake workspace. What they
// type becomes what Slack would send the app (a signed slash command, a message plus a signed
// app_mention or link_shared event), a pressed button or a chosen select option becomes a signed
// block_actions interaction, and every change in the workspace becomes an event for the page. Slack's own
// refusals (an API call answered ok:false, a rejected response_url post, an app that fails to
// acknowledge) become visible notices, so what would fail in Slack fails here too.
import type { FakeSlackEvent } from "../fake-slack-types.js";
import { toApiMessage } from "../methods/chat.js";
import { apiView } from "../methods/views.js";
import { BOT, type StoredMessage } from "../workspace-model.js";
import { blockActionsBody, postToApp, type AppAnswer, type AppTarget, type Person } from "./app-requests.js";
import { ephemeralItem, messageItem, noticeItem, viewItem, type ConsoleItem, type RenderContext } from "./console-items.js";
import type { ConsoleClick, ConsoleDependencies, ConsoleEvent, ConsoleExample, ConsoleResult, SlackConsoleOptions } from "./console-types.js";
import { ackProblem, postTyped, refusalDetails, runCommand, type TypingConsole } from "./console-typing.js";
import { actionFor, findElement, selectionKey, stateValues, type Json } from "./element-actions.js";

export type { ConsoleClick, ConsoleEvent, ConsoleExample, ConsoleResult, SlackConsoleOptions };

const isObject = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);

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

  /** What typing (console-typing.ts) sees of this console. */
  private readonly typing: TypingConsole;

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
    this.typing = {
      deps,
      channel: this.channel,
      user: this.user,
      command: this.command,
      unfurlDomains: this.unfurlDomains,
      hasApp: () => this.app !== undefined,
      toApp: (body, contentType) => this.toApp(body, contentType),
      addNotice: (title, details, threadTs) => this.addNotice(title, details, threadTs),
      noApp: () => this.noApp(),
    };
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
    if (text.startsWith("/")) return runCommand(this.typing, text);
    return postTyped(this.typing, text, input.threadTs);
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
    const problem = ackProblem(answer);
    if (problem) {
      this.addNotice(`The app did not acknowledge the ${action["type"] === "button" ? "button press" : "choice"}: ${problem}`, ["Slack shows the person a warning icon next to the element."], null);
      return { ok: false, error: problem };
    }
    return { ok: true };
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

