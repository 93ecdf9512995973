// What of the follow service its helpers (follow-ending.ts, replica-follows.ts) use: its
// running follows, its parts, and its ways of counting calls, handed over as one object.
import type { EndReason } from "../core/follow-model.js";
import type { JobProgress } from "../core/follow-progress.js";
import type { JobRef } from "../core/job-ref.js";
import type { SlackMessage } from "../core/slack-message.js";
import type { Clock, Timers } from "../ports/clock.js";
import type { FollowStore } from "../ports/follow-store.js";
import type { Logger } from "../ports/logger.js";
import type { SlackMessaging } from "../ports/slack-messaging.js";
import type { ActiveFollow } from "./active-follow.js";
import type { FollowRenderer } from "./follow-renderer.js";
import type { FollowSource } from "./follow-source.js";
import type { HeldJob } from "./job-leasing.js";
import type { OutboxDelivery } from "./outbox-delivery.js";
import type { Poller } from "./poller.js";
import type { SlackLanes } from "./slack-lanes.js";

/** The follow service, as its helpers see it. */
export interface FollowInternals {
  active: Map<string, ActiveFollow>;
  starting: ReadonlyMap<string, string>;
  poller: Pick<Poller, "watch" | "unwatch">;
  outbox: Pick<OutboxDelivery, "updateParent" | "deliver" | "postParent" | "reconcile">;
  lanes: Pick<SlackLanes, "cancelUpdates">;
  store: FollowStore;
  source: FollowSource;
  clock: Clock;
  timers: Timers;
  logger: Logger;
  fastMs: number;
  call<T>(work: () => Promise<T>): Promise<T>;
  track(work: () => Promise<void>): Promise<void>;
  slack: SlackMessaging;
  render: FollowRenderer;
  /** A fenced write was refused: the job is another replica's now. */
  leaseLost(held: HeldJob): void;
  /** With several replicas: the job's lease, or null when another replica holds it. Undefined with one process. */
  hold(ref: JobRef): Promise<HeldJob | null | undefined>;
  parentPayload(active: ActiveFollow, progress: JobProgress, ended: { reason: EndReason; by?: string } | null): SlackMessage;
}

