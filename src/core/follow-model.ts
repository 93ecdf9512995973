// What a follow is: who asked to watch which job where, and what joblog has already told them.
// Plain data, so every store (memory, SQLite) keeps it the same way.
import type { JobProgress } from "./follow-progress.js";
import type { JobRef } from "./job-ref.js";
import type { SlackMessage } from "./slack-message.js";

export type EndReason = "job_ended" | "stopped" | "max_duration" | "upstream_outage" | "slack_error";

/** What has been posted for a follow; the next changes are computed against it. */
export interface PostedState {
  finishedSteps: number[];
  waitingSteps: number[];
  /** Failing hosts already reported, per step instance id. */
  failedHosts: Record<string, string[]>;
  ended: boolean;
}

export interface FollowRecord {
  id: string;
  ref: JobRef;
  channelId: string;
  startedBy: string; // Slack user id
  failuresOnly: boolean;
  createdAt: number;
  deadlineAt: number;
  parentTs: string | null;
  posted: PostedState;
  endedAt: number | null;
  endReason: EndReason | null;
}

/** A follow's post: a message and, for a thread reply, whether the channel sees it too. */
export interface FollowPost extends SlackMessage {
  broadcast?: boolean;
}

/**
 * A post joblog means to make, written down before it is made: after a crash, the store says
 * what may or may not have reached Slack, and the message metadata tells which.
 */
export interface OutboxEntry {
  followId: string;
  key: string; // unique per follow: "parent", "step:90001:finished", …
  kind: "parent" | "reply";
  payload: FollowPost;
  stateAfter: PostedState;
  createdAt: number;
  postedTs: string | null;
}

export const emptyPostedState = (): PostedState => ({ finishedSteps: [], waitingSteps: [], failedHosts: {}, ended: false });

/** Slack message metadata joblog stamps on its follow posts (event_type ≤ 255, payload small). */
export const FOLLOW_METADATA_EVENT = "joblog_follow_post";

/** What a follow's live parent message shows: the follow, the job's latest progress, how it ended. */
export interface ParentInput {
  follow: Pick<FollowRecord, "id" | "ref" | "startedBy" | "failuresOnly" | "deadlineAt" | "createdAt">;
  progress: JobProgress;
  ended: { reason: EndReason; by?: string } | null;
  /** The job's page in BK-JOB (core/job-url.ts), or null. */
  webUrl: string | null;
  maxHours: number;
}
