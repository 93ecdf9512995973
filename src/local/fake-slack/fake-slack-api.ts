// The fake Slack as tests and local mode hold it (startFakeSlack's answer and options): its
// addresses, what it recorded, the workspace behind it, and the local console when served.
import type { SlackConsole } from "./console/slack-console.js";
import type { SlackConsoleOptions } from "./console/console-types.js";
import type { Clock, FailNextOptions, FakeSlackListener, Recorded, RecordedCall, ResponseUrlContext, ResponseUrlPost, ScriptedError, UploadedFile } from "./fake-slack-types.js";
import type { ChannelSettings, ChannelState, StoredEphemeral, StoredFile, StoredMessage, StoredUser, StoredView, UserSettings } from "./workspace-model.js";
import type { FakeSocketMode, SocketModeOptions } from "./socket-mode/socket-mode-types.js";
import type { Workspace } from "./workspace.js";

export interface FakeSlackOptions {
  host?: string; // default 127.0.0.1
  port?: number; // default 0: any free port
  clock?: Clock; // drives message ts, trigger expiry, response_url expiry
  botToken?: string; // default "xoxb-test-token"; any other token → invalid_auth
  /** Serve the local Slack console (a web page at GET /) on the same server. */
  console?: SlackConsoleOptions;
  /** Socket Mode: the app-level token, the acknowledgement window, event retry delays. */
  socketMode?: SocketModeOptions;
  /**
   * Kept-alive connections idle this long are dropped silently, as a load balancer's idle timeout
   * does: the next request on one gets a TCP reset and is never handled (idle-connections.ts).
   */
  idleConnectionMs?: number;
}

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
  /** Requests refused with a reset on an idle connection (with `idleConnectionMs`; else 0). */
  idleResets(): number;
  close(): Promise<void>;
}
