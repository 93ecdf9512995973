// The records the fake Slack's workspace keeps, and the changes it reports. Plain data, so the
// local console (console/) can send them to its page as they are.

/** Who the bot is in this workspace (auth.test, message authors). */
export const BOT = {
  teamId: "T0001",
  team: "Fake Workspace",
  userId: "U0BOT",
  userName: "joblog",
  botId: "B0BOT",
  appId: "A0APP",
} as const;

export interface ChannelSettings {
  name?: string;
  exists?: boolean; // false → channel_not_found
  archived?: boolean; // true → is_archived
  botIsMember?: boolean; // false → not_in_channel where membership is needed
  isPrivate?: boolean; // private and not a member → not_in_channel even for chat.postMessage
}

export interface ChannelState {
  id: string;
  name: string;
  exists: boolean;
  archived: boolean;
  botIsMember: boolean;
  isPrivate: boolean;
  isIm: boolean;
}

export interface MessageRevision {
  text: string;
  blocks: unknown[] | undefined;
  at: number;
}

export interface StoredMessage {
  channel: string;
  ts: string;
  threadTs: string | undefined; // set on replies only
  user: string;
  botId: string | undefined;
  text: string;
  blocks: unknown[] | undefined;
  attachments: unknown[] | undefined;
  replyBroadcast: boolean;
  editCount: number;
  editedTs: string | undefined; // stamp of the latest chat.update
  revisions: MessageRevision[]; // earlier versions, oldest first
  files: string[];
  reactions: { name: string; users: string[] }[];
  unfurls: Record<string, unknown>;
  /** chat.postMessage `metadata` ({event_type, event_payload}), returned with include_all_metadata. */
  metadata: unknown;
  deleted: boolean;
}

export interface StoredEphemeral {
  channel: string;
  user: string;
  ts: string;
  threadTs: string | undefined;
  text: string;
  blocks: unknown[] | undefined;
  deleted: boolean;
}

export interface StoredView {
  id: string;
  hash: string;
  externalId: string | undefined;
  user: string | undefined;
  rootViewId: string;
  previousViewId: string | undefined;
  view: Record<string, unknown>;
  openedAt: number;
  updatedAt: number;
  updateCount: number;
}

export interface StoredFile {
  id: string;
  filename: string;
  title: string | undefined;
  declaredLength: number;
  content: Buffer | undefined; // set once the bytes reach the upload URL
  completed: boolean;
  channel: string | undefined;
  threadTs: string | undefined;
  initialComment: string | undefined;
  createdAt: number;
}

export interface UserSettings {
  name?: string;
  realName?: string;
  email?: string;
  tz?: string;
  isBot?: boolean;
  deleted?: boolean;
}

export interface StoredUser {
  id: string;
  name: string;
  realName: string;
  email: string;
  tz: string;
  isBot: boolean;
  deleted: boolean;
}

export type WorkspaceChange =
  | { type: "channel_changed"; channel: ChannelState }
  | { type: "message_posted"; message: StoredMessage }
  | { type: "message_updated"; message: StoredMessage }
  | { type: "message_deleted"; message: StoredMessage }
  | { type: "ephemeral_posted"; ephemeral: StoredEphemeral }
  | { type: "ephemeral_updated"; ephemeral: StoredEphemeral }
  | { type: "view_opened"; view: StoredView }
  | { type: "view_updated"; view: StoredView }
  | { type: "file_uploaded"; file: StoredFile }
  | { type: "file_shared"; file: StoredFile }
  | { type: "reaction_added"; message: StoredMessage; name: string; user: string }
  | { type: "unfurled"; channel: string; ts: string; unfurls: Record<string, unknown> };

export interface NewMessage {
  channel: string;
  text: string;
  blocks?: unknown[] | undefined;
  attachments?: unknown[] | undefined;
  threadTs?: string | undefined;
  replyBroadcast?: boolean;
  user?: string; // default: the bot
  files?: string[];
  metadata?: unknown;
}

export interface MessageChange {
  text?: string | undefined;
  blocks?: unknown[] | undefined; // undefined keeps the old blocks; [] removes them
  attachments?: unknown[] | undefined;
}

export interface NewEphemeral {
  channel: string;
  user: string;
  text: string;
  blocks?: unknown[] | undefined;
  threadTs?: string | undefined;
}

export interface FileShare {
  channel?: string | undefined;
  threadTs?: string | undefined;
  initialComment?: string | undefined;
}

/** What a method needs from a channel before acting in it. */
export type ChannelNeed = "post" | "member";

// BlueKing JOB users are mostly in China; a made-up user gets the timezone they would have.
const DEFAULT_TZ = "Asia/Shanghai";

/** Drops undefined values, so `setChannel(id, { archived: undefined })` changes nothing. */
export const definedOnly = <T extends object>(settings: T): Partial<T> =>
  Object.fromEntries(Object.entries(settings).filter(([, value]) => value !== undefined)) as Partial<T>;

/** A view's external_id, when it has a non-empty one. */
export const externalIdOf = (view: Record<string, unknown>): string | undefined => {
  const id = view["external_id"];
  return typeof id === "string" && id !== "" ? id : undefined;
};

/** Any user id is a plausible person: the details made up for one nobody set (setUser overrides them). */
export function madeUpUser(id: string): StoredUser {
  if (id === BOT.userId) {
    const name = BOT.userName;
    return { id, name, realName: name, email: "", tz: DEFAULT_TZ, isBot: true, deleted: false };
  }
  const name = id.toLowerCase();
  const email = `${name}@example.com`;
  return { id, name, realName: `User ${id}`, email, tz: DEFAULT_TZ, isBot: false, deleted: false };
}
