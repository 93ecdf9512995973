// The fake Slack's records and events: what it recorded (calls, response_url posts), what it
// reports to subscribers (the console among them), and how failures are scripted. Kept apart
// from the implementation so method handlers and the console can import them cheaply.
import type { WorkspaceChange } from "./workspace-model.js";

export interface Clock {
  /** Milliseconds since the epoch, like Date.now(). */
  now(): number;
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
