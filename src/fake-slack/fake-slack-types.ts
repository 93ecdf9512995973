// Public types of the fake Slack: what tests and the future local "Slack console" program against.
// Kept apart from the implementation so method handlers and the console can import them cheaply.
import type {
  ChannelSettings,
  ChannelState,
  StoredEphemeral,
  StoredFile,
  StoredMessage,
  StoredUser,
  StoredView,
  UserSettings,
  WorkspaceChange,
} from "./workspace-model.js";
import type { SlackConsole, SlackConsoleOptions } from "./console/slack-console.js";
import type { FakeSocketMode, SocketModeOptions } from "./socket-mode/socket-mode-types.js";
import type { Workspace } from "./workspace.js";

export interface Clock {
  /** Milliseconds since the epoch, like Date.now(). */
  now(): number;
}

export interface FakeSlackOptions {
  host?: string; // default 127.0.0.1
  port?: number; // default 0: any free port
  clock?: Clock; // drives message ts, trigger expiry, response_url expiry
  botToken?: string; // default "xoxb-test-token"; any other token → invalid_auth
  /** Serve the local Slack console (a web page at GET /) on the same server. */
  console?: SlackConsoleOptions;
  /** Socket Mode: the app-level token, the acknowledgement window, event retry delays. */
  socketMode?: SocketModeOptions;
}

/** One Web API call as received at /api/<method>, with the answer we gave. */
export interface RecordedCall {
  kind: "api_call";
  method: string;
  /** Decoded parameters: JSON-valued ones (blocks, view, files, unfurls …) parsed, flags as booleans. */
  body: Record<string, unknown>;
  /** When the call was answered (its body read and handled). */
  at: number;
  /** When the request's headers arrived: when Slack itself would have it, whatever the fake then spends on it. */
  receivedAt: number;
  response: Record<string, unknown>;
  /** HTTP status we answered with: 200, or 429 when scripted. */
  status: number;
}

/** One POST to a response_url. */
export interface ResponseUrlPost {
  kind: "response_url_post";
  id: string;
  body: Record<string, unknown>;
  at: number;
  status: number; // 200 accepted; 400 invalid payload; 404 unknown, used up or expired
  response: Record<string, unknown>;
  accepted: boolean;
}

export type Recorded = RecordedCall | ResponseUrlPost;

/** Where a response_url's answers land in the workspace model; without it they are only recorded. */
export interface ResponseUrlContext {
  channel?: string;
  user?: string; // who sees `response_type: "ephemeral"` answers; default "U0USER"
  /**
   * The message whose button was pressed: `replace_original` / `delete_original` act on it.
   * Absent for a slash command's response_url, where they have nothing to act on.
   */
  messageTs?: string;
}

export type ScriptedError = string | { status: 429; retryAfterSeconds: number };

export interface FailNextOptions {
  channel?: string; // only calls whose `channel` / `channel_id` is this one
  times?: number; // default 1
}

export interface UploadedFile {
  id: string;
  filename: string;
  title?: string;
  content: Buffer;
  channel?: string;
  threadTs?: string;
  initialComment?: string;
}

export type FakeSlackEvent =
  | { type: "api_call"; call: RecordedCall }
  | { type: "response_url_post"; post: ResponseUrlPost }
  | WorkspaceChange;

export type FakeSlackListener = (event: FakeSlackEvent) => void;

export interface FakeSlack {
  url: string; // "http://127.0.0.1:PORT"
  apiUrl: string; // `${url}/api/`: WebClient's slackApiUrl (trailing slash included)
  botToken: string; // the one token the Web API accepts
  calls: RecordedCall[];
  callsTo(method: string): RecordedCall[];
  /** Creates a response_url `${url}/response/<id>`: 5 accepted posts within 30 minutes. */
  responseUrl(id?: string, context?: ResponseUrlContext): string;
  /** Bodies of the accepted posts to one response_url, or to all of them. */
  responses(id?: string): Record<string, unknown>[];
  /** Every post to one response_url or to all of them, rejected ones included. */
  responsePosts(id?: string): ResponseUrlPost[];
  /** Mints a trigger_id valid for 3 s by the clock, usable once. */
  triggerId(user?: string): string;
  /** Resolves with the first recorded call/post (past or future) that matches; rejects on timeout. */
  waitFor<T extends Recorded>(
    predicate: (recorded: Recorded) => recorded is T,
    timeoutMs?: number,
  ): Promise<T>;
  waitFor(predicate: (recorded: Recorded) => boolean, timeoutMs?: number): Promise<Recorded>;
  /** Scripts the next answer(s) of a method: a Slack error code, or HTTP 429 with Retry-After. */
  failNext(method: string, error: ScriptedError, options?: FailNextOptions): void;
  uploadedFiles(): UploadedFile[];
  setChannel(id: string, settings: ChannelSettings): void;
  setUser(id: string, settings: UserSettings): void;
  channels(): readonly ChannelState[];
  /** The channel's timeline: top-level messages and broadcast replies, oldest first. */
  messages(channel: string): readonly StoredMessage[];
  message(channel: string, ts: string): StoredMessage | undefined;
  /** Parent first, then replies, oldest first. */
  thread(channel: string, ts: string): readonly StoredMessage[];
  ephemerals(channel: string, user?: string): readonly StoredEphemeral[];
  views(): readonly StoredView[];
  view(id: string): StoredView | undefined;
  files(): readonly StoredFile[];
  user(id: string): StoredUser;
  /** Reports every call, response_url post and workspace change; returns the unsubscribe function. */
  subscribe(listener: FakeSlackListener): () => void;
  /** The in-memory model behind the accessors above. */
  workspace: Workspace;
  /** The local Slack console, when started with `console`; connect the app with `connectApp`. */
  console: SlackConsole | undefined;
  /** Socket Mode: apps.connections.open, the WebSocket, envelopes and their acknowledgements. */
  socketMode: FakeSocketMode;
  close(): Promise<void>;
}
