// The fake Slack's in-memory workspace: channels, messages with ts and threads, ephemerals, views,
// files and users. No HTTP here: method handlers change it, tests and the local console read it,
// and every change is reported through `onChange`, which the console pushes to its page.
import type { Clock } from "./fake-slack-types.js";
import {
  BOT,
  definedOnly,
  externalIdOf,
  madeUpUser,
  type ChannelNeed,
  type ChannelSettings,
  type ChannelState,
  type FileShare,
  type MessageChange,
  type NewEphemeral,
  type NewMessage,
  type StoredEphemeral,
  type StoredFile,
  type StoredMessage,
  type StoredUser,
  type StoredView,
  type UserSettings,
  type WorkspaceChange,
} from "./workspace-model.js";

export class Workspace {
  private readonly channelsById = new Map<string, ChannelState>();
  private readonly messagesByChannel = new Map<string, StoredMessage[]>();
  private readonly ephemeralList: StoredEphemeral[] = [];
  private readonly viewsById = new Map<string, StoredView>();
  private readonly filesById = new Map<string, StoredFile>();
  private readonly usersById = new Map<string, StoredUser>();
  private lastTsMicros = 0;
  private sequence = 0;

  constructor(
    private readonly clock: Clock,
    private readonly onChange: (change: WorkspaceChange) => void = () => {},
  ) {}

  /** Unique, increasing "seconds.micros" stamps from the clock, 100 µs apart at least. */
  nextTs(): string {
    const micros = Math.max(Math.floor(this.clock.now()) * 1000, this.lastTsMicros) + 100;
    this.lastTsMicros = micros;
    return `${Math.floor(micros / 1_000_000)}.${String(micros % 1_000_000).padStart(6, "0")}`;
  }

  nextId(prefix: string): string {
    this.sequence += 1;
    return `${prefix}${String(this.sequence).padStart(8, "0")}`;
  }

  // --- channels ---------------------------------------------------------------------------

  /** A user id (U…/W…) names the bot's DM with that user, as chat.postMessage allows. */
  resolveChannelId(idOrUser: string): string {
    return /^[UW][A-Z0-9]+$/.test(idOrUser) ? `D${idOrUser.slice(1)}` : idOrUser;
  }

  /** Channels spring into existence on first use, as in a workspace where the bot is everywhere. */
  channel(idOrUser: string): ChannelState {
    const id = this.resolveChannelId(idOrUser);
    const existing = this.channelsById.get(id);
    if (existing) return existing;
    const created: ChannelState = {
      id,
      name: id.toLowerCase(),
      exists: true,
      archived: false,
      botIsMember: true,
      isPrivate: false,
      isIm: id.startsWith("D"),
    };
    this.channelsById.set(id, created);
    return created;
  }

  setChannel(id: string, settings: ChannelSettings): ChannelState {
    const channel = this.channel(id);
    Object.assign(channel, definedOnly(settings));
    this.onChange({ type: "channel_changed", channel });
    return channel;
  }

  channels(): readonly ChannelState[] {
    return [...this.channelsById.values()];
  }

  /**
   * The Slack error for acting in a channel, if any. "post" is chat.postMessage with
   * chat:write.public: public channels work without membership; "member" needs membership.
   */
  channelError(idOrUser: string, need: ChannelNeed): string | undefined {
    const channel = this.channel(idOrUser);
    if (!channel.exists) return "channel_not_found";
    if (channel.archived) return "is_archived";
    if (channel.botIsMember) return undefined;
    if (need === "member" || channel.isPrivate) return "not_in_channel";
    return undefined;
  }

  // --- messages ---------------------------------------------------------------------------

  postMessage(input: NewMessage): StoredMessage {
    const channel = this.channel(input.channel).id;
    const message: StoredMessage = {
      channel,
      ts: this.nextTs(),
      threadTs: input.threadTs === undefined ? undefined : this.threadRoot(channel, input.threadTs),
      user: input.user ?? BOT.userId,
      botId: input.user === undefined ? BOT.botId : undefined,
      text: input.text,
      blocks: input.blocks,
      attachments: input.attachments,
      replyBroadcast: input.replyBroadcast ?? false,
      editCount: 0,
      editedTs: undefined,
      revisions: [],
      files: input.files ?? [],
      reactions: [],
      unfurls: {},
      metadata: input.metadata,
      deleted: false,
    };
    this.channelMessages(channel).push(message);
    this.onChange({ type: "message_posted", message });
    return message;
  }

  message(idOrUser: string, ts: string): StoredMessage | undefined {
    return this.channelMessages(this.resolveChannelId(idOrUser)).find((m) => m.ts === ts && !m.deleted);
  }

  /** Top-level messages and broadcast replies, oldest first (what conversations.history shows). */
  messages(idOrUser: string): readonly StoredMessage[] {
    const inTimeline = (m: StoredMessage) => !m.deleted && (m.threadTs === undefined || m.replyBroadcast);
    return this.channelMessages(this.resolveChannelId(idOrUser)).filter(inTimeline);
  }

  thread(idOrUser: string, ts: string): readonly StoredMessage[] {
    const all = this.channelMessages(this.resolveChannelId(idOrUser)).filter((m) => !m.deleted);
    const root = all.find((m) => m.ts === ts && m.threadTs === undefined);
    const replies = all.filter((m) => m.threadTs === ts);
    return root ? [root, ...replies] : replies;
  }

  updateMessage(message: StoredMessage, change: MessageChange): void {
    message.revisions.push({ text: message.text, blocks: message.blocks, at: this.clock.now() });
    if (change.text !== undefined) message.text = change.text;
    // Slack keeps the previous blocks when `blocks` is omitted; [] removes them.
    if (change.blocks !== undefined) message.blocks = change.blocks.length === 0 ? undefined : change.blocks;
    if (change.attachments !== undefined) message.attachments = change.attachments;
    message.editCount += 1;
    message.editedTs = this.nextTs();
    this.onChange({ type: "message_updated", message });
  }

  deleteMessage(message: StoredMessage): void {
    message.deleted = true;
    this.onChange({ type: "message_deleted", message });
  }

  addReaction(message: StoredMessage, name: string, user: string): string | undefined {
    let reaction = message.reactions.find((r) => r.name === name);
    if (reaction?.users.includes(user)) return "already_reacted";
    if (!reaction) {
      reaction = { name, users: [] };
      message.reactions.push(reaction);
    }
    reaction.users.push(user);
    this.onChange({ type: "reaction_added", message, name, user });
    return undefined;
  }

  addUnfurls(idOrUser: string, ts: string, unfurls: Record<string, unknown>): void {
    const channel = this.resolveChannelId(idOrUser);
    const message = this.message(channel, ts);
    if (message) Object.assign(message.unfurls, unfurls);
    this.onChange({ type: "unfurled", channel, ts, unfurls });
  }

  // --- ephemerals -------------------------------------------------------------------------

  postEphemeral(input: NewEphemeral): StoredEphemeral {
    const ephemeral: StoredEphemeral = {
      channel: this.channel(input.channel).id,
      user: input.user,
      ts: this.nextTs(),
      threadTs: input.threadTs,
      text: input.text,
      blocks: input.blocks,
      deleted: false,
    };
    this.ephemeralList.push(ephemeral);
    this.onChange({ type: "ephemeral_posted", ephemeral });
    return ephemeral;
  }

  ephemeral(idOrUser: string, ts: string): StoredEphemeral | undefined {
    const channel = this.resolveChannelId(idOrUser);
    return this.ephemeralList.find((e) => e.channel === channel && e.ts === ts && !e.deleted);
  }

  /** response_url `replace_original` / `delete_original` on an ephemeral message. */
  changeEphemeral(
    ephemeral: StoredEphemeral,
    change: Pick<StoredEphemeral, "text" | "blocks"> | "delete",
  ): void {
    if (change === "delete") ephemeral.deleted = true;
    else Object.assign(ephemeral, change);
    this.onChange({ type: "ephemeral_updated", ephemeral });
  }

  ephemerals(idOrUser: string, user?: string): readonly StoredEphemeral[] {
    const channel = this.resolveChannelId(idOrUser);
    const visible = (e: StoredEphemeral) =>
      e.channel === channel && !e.deleted && (user === undefined || e.user === user);
    return this.ephemeralList.filter(visible);
  }

  // --- views ------------------------------------------------------------------------------

  openView(
    view: Record<string, unknown>,
    context: { user: string | undefined; previousViewId: string | undefined },
  ): StoredView {
    const id = this.nextId("V");
    const now = this.clock.now();
    const previous = this.viewsById.get(context.previousViewId ?? "");
    const stored: StoredView = {
      id,
      hash: this.nextHash(),
      externalId: externalIdOf(view),
      user: context.user,
      rootViewId: previous?.rootViewId ?? id,
      previousViewId: previous?.id,
      view,
      openedAt: now,
      updatedAt: now,
      updateCount: 0,
    };
    this.viewsById.set(id, stored);
    this.onChange({ type: "view_opened", view: stored });
    return stored;
  }

  view(id: string): StoredView | undefined {
    return this.viewsById.get(id);
  }

  viewByExternalId(externalId: string): StoredView | undefined {
    return [...this.viewsById.values()].find((v) => v.externalId === externalId);
  }

  updateView(stored: StoredView, view: Record<string, unknown>): void {
    stored.view = view;
    stored.hash = this.nextHash();
    stored.updatedAt = this.clock.now();
    stored.updateCount += 1;
    stored.externalId = externalIdOf(view) ?? stored.externalId;
    this.onChange({ type: "view_updated", view: stored });
  }

  views(): readonly StoredView[] {
    return [...this.viewsById.values()];
  }

  // --- files ------------------------------------------------------------------------------

  createFile(filename: string, declaredLength: number): StoredFile {
    const file: StoredFile = {
      id: this.nextId("F"),
      filename,
      title: undefined,
      declaredLength,
      content: undefined,
      completed: false,
      channel: undefined,
      threadTs: undefined,
      initialComment: undefined,
      createdAt: this.clock.now(),
    };
    this.filesById.set(file.id, file);
    return file;
  }

  file(id: string): StoredFile | undefined {
    return this.filesById.get(id);
  }

  storeUpload(file: StoredFile, content: Buffer): void {
    file.content = content;
    this.onChange({ type: "file_uploaded", file });
  }

  /** files.completeUploadExternal: titles the files and, given a channel, posts them as one message. */
  completeFiles(files: { file: StoredFile; title: string | undefined }[], share: FileShare): void {
    const channel = share.channel === undefined ? undefined : this.channel(share.channel).id;
    for (const { file, title } of files) {
      file.title = title ?? file.filename;
      file.completed = true;
      file.channel = channel;
      file.threadTs = share.threadTs;
      file.initialComment = share.initialComment;
    }
    if (channel !== undefined) {
      const fileIds = files.map(({ file }) => file.id);
      const text = share.initialComment ?? "";
      this.postMessage({ channel, text, threadTs: share.threadTs, files: fileIds });
    }
    for (const { file } of files) this.onChange({ type: "file_shared", file });
  }

  files(): readonly StoredFile[] {
    return [...this.filesById.values()];
  }

  // --- users ------------------------------------------------------------------------------

  /** Any user id is a plausible person; setUser overrides the made-up details. */
  user(id: string): StoredUser {
    return this.usersById.get(id) ?? madeUpUser(id);
  }

  setUser(id: string, settings: UserSettings): StoredUser {
    const user: StoredUser = { ...this.user(id), ...definedOnly(settings) };
    this.usersById.set(id, user);
    return user;
  }

  // --- internals --------------------------------------------------------------------------

  private channelMessages(channel: string): StoredMessage[] {
    const list = this.messagesByChannel.get(channel) ?? [];
    this.messagesByChannel.set(channel, list);
    return list;
  }

  /** Replying to a reply lands in the parent's thread, as in Slack. */
  private threadRoot(channel: string, threadTs: string): string {
    const target = this.channelMessages(channel).find((m) => m.ts === threadTs);
    return target?.threadTs ?? threadTs;
  }

  private nextHash(): string {
    this.sequence += 1;
    return `${Math.floor(this.clock.now() / 1000)}.${this.sequence}`;
  }
}
