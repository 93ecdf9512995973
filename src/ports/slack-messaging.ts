// The Slack calls a follow makes, as a port: answers are values, a rate limit carries its
// Retry-After. The WebClient adapter is src/slack/follow-slack-client.ts; tests may hand in others.
import type { FollowPost } from "../core/follow-model.js";

export type SlackCallResult<T = undefined> =
  | { ok: true; value: T }
  | { ok: false; error: string; retryAfterMs?: number };

export interface PostArgs {
  channel: string;
  payload: FollowPost;
  threadTs?: string;
  /** Stamped as message metadata, so a restart can tell whether this post reached Slack. */
  marker?: { followId: string; key: string };
}

export interface SlackMessaging {
  postMessage(args: PostArgs): Promise<SlackCallResult<{ ts: string }>>;
  update(args: { channel: string; ts: string; payload: FollowPost }): Promise<SlackCallResult>;
  postEphemeral(args: { channel: string; user: string; payload: FollowPost }): Promise<SlackCallResult>;
  /** The ts of a post carrying this marker, in the channel (threadTs null) or the thread; null if none. */
  findMarked(args: { channel: string; threadTs: string | null; followId: string; key: string }): Promise<SlackCallResult<string | null>>;
}

/** Slack errors that mean this follow can no longer post where it is. */
export const FATAL_CHANNEL_ERRORS = new Set(["not_in_channel", "channel_not_found", "is_archived", "message_not_found"]);
