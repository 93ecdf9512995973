// Sends a follow's Slack calls one channel at a time. Thread replies queue in order and are never
// dropped; parent-message edits are coalesced (latest state wins, at most one a second per
// message). A 429 pauses only its own channel for Retry-After, so one busy channel never stalls
// the others, and stale edits never pile up behind it.
import type { Clock, Timers } from "../ports/clock.js";
import type { Logger } from "../ports/logger.js";
import type { FollowPost } from "../core/follow-model.js";
import type { SlackMessaging, PostArgs, SlackCallResult } from "../ports/slack-messaging.js";

/**
 * Asked just before a queued call is sent: false drops it (a post resolves as "lease_lost", an
 * edit reports that error). Follows polled under a lease pass one, so a replica that lost the
 * job while its calls waited (a paused process, a rate-limited channel) sends none of them.
 */
export type SendGuard = () => boolean;

interface QueuedPost {
  args: PostArgs;
  resolve: (result: SlackCallResult<{ ts: string }>) => void;
  guard?: SendGuard;
}

interface PendingUpdate {
  payload: FollowPost;
  onError: (error: string) => void;
  guard?: SendGuard;
}

interface Lane {
  channel: string;
  posts: QueuedPost[];
  updates: Map<string, PendingUpdate>;
  lastUpdateAt: Map<string, number>;
  blockedUntil: number;
  running: boolean;
  wake: { cancel(): void } | null;
}

export interface LaneOptions {
  minUpdateIntervalMs?: number;
  /** When Slack sends 429 without Retry-After. */
  defaultRetryAfterMs?: number;
}

/** What a call dropped by its guard answers. */
export const LEASE_LOST = "lease_lost";

export class SlackLanes {
  private readonly lanes = new Map<string, Lane>();
  private inFlight = 0;
  private idleWaiters: (() => void)[] = [];
  private stopped = false;
  private readonly minUpdateIntervalMs: number;
  private readonly defaultRetryAfterMs: number;

  constructor(
    private readonly api: SlackMessaging,
    private readonly clock: Clock,
    private readonly timers: Timers,
    private readonly logger: Logger,
    options: LaneOptions = {},
  ) {
    this.minUpdateIntervalMs = options.minUpdateIntervalMs ?? 1_000;
    this.defaultRetryAfterMs = options.defaultRetryAfterMs ?? 30_000;
  }

  post(args: PostArgs, guard?: SendGuard): Promise<SlackCallResult<{ ts: string }>> {
    if (this.stopped) return Promise.resolve({ ok: false, error: "shutting_down" });
    return new Promise((resolve) => {
      this.lane(args.channel).posts.push({ args, resolve, ...(guard ? { guard } : {}) });
      this.pump(args.channel);
    });
  }

  /** Replaces any edit of this message still waiting: only the latest state is ever sent. */
  update(channel: string, ts: string, payload: FollowPost, onError: (error: string) => void = () => {}, guard?: SendGuard): void {
    if (this.stopped) return;
    this.lane(channel).updates.set(ts, { payload, onError, ...(guard ? { guard } : {}) });
    this.pump(channel);
  }

  /** Forgets edits still waiting for a message (its follow ended for good). */
  cancelUpdates(channel: string, ts: string): void {
    this.lanes.get(channel)?.updates.delete(ts);
  }

  inFlightCount(): number {
    return this.inFlight;
  }

  /** Resolves when no call is in flight and nothing is ready to send right now. */
  whenIdle(): Promise<void> {
    if (this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Stops sending: in-flight calls finish, queued posts resolve as not sent. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const lane of this.lanes.values()) {
      lane.wake?.cancel();
      lane.updates.clear();
      for (const post of lane.posts.splice(0)) post.resolve({ ok: false, error: "shutting_down" });
    }
    await this.whenIdle();
  }

  private lane(channel: string): Lane {
    let lane = this.lanes.get(channel);
    if (!lane) {
      lane = { channel, posts: [], updates: new Map(), lastUpdateAt: new Map(), blockedUntil: 0, running: false, wake: null };
      this.lanes.set(channel, lane);
    }
    return lane;
  }

  private pump(channel: string): void {
    const lane = this.lanes.get(channel);
    if (!lane || lane.running || this.stopped) return;
    lane.wake?.cancel();
    lane.wake = null;
    const now = this.clock.now();
    if (now < lane.blockedUntil) return this.sleep(lane, lane.blockedUntil - now);

    const post = lane.posts[0];
    if (post) return void this.run(lane, () => this.sendPost(lane, post));

    let wait = Number.POSITIVE_INFINITY;
    for (const [ts, update] of lane.updates) {
      const readyAt = (lane.lastUpdateAt.get(ts) ?? Number.NEGATIVE_INFINITY) + this.minUpdateIntervalMs;
      if (readyAt <= now) return void this.run(lane, () => this.sendUpdate(lane, ts, update));
      wait = Math.min(wait, readyAt - now);
    }
    if (Number.isFinite(wait)) this.sleep(lane, wait);
  }

  private sleep(lane: Lane, ms: number): void {
    lane.wake = this.timers.setTimeout(() => {
      lane.wake = null;
      this.pump(lane.channel);
    }, ms);
  }

  private async run(lane: Lane, call: () => Promise<void>): Promise<void> {
    lane.running = true;
    this.inFlight += 1;
    try {
      await call();
    } catch (error) {
      this.logger.error({ err: error, channel: lane.channel }, "unexpected error sending to Slack");
    } finally {
      lane.running = false;
      this.inFlight -= 1;
      this.pump(lane.channel);
      if (this.inFlight === 0) for (const resolve of this.idleWaiters.splice(0)) resolve();
    }
  }

  private rateLimited(lane: Lane, result: SlackCallResult<unknown>): boolean {
    if (result.ok || result.error !== "ratelimited") return false;
    const retryAfterMs = result.retryAfterMs ?? this.defaultRetryAfterMs;
    lane.blockedUntil = this.clock.now() + retryAfterMs;
    this.logger.warn({ channel: lane.channel, retryAfterMs }, "Slack rate-limited this channel; pausing it");
    return true;
  }

  private async sendPost(lane: Lane, post: QueuedPost): Promise<void> {
    if (post.guard && !post.guard()) {
      lane.posts.shift();
      return post.resolve({ ok: false, error: LEASE_LOST });
    }
    const result = await this.api.postMessage(post.args);
    if (this.rateLimited(lane, result)) return; // stays first in the queue, sent after the pause
    lane.posts.shift();
    post.resolve(result);
  }

  private async sendUpdate(lane: Lane, ts: string, update: PendingUpdate): Promise<void> {
    lane.updates.delete(ts);
    if (update.guard && !update.guard()) return update.onError(LEASE_LOST);
    lane.lastUpdateAt.set(ts, this.clock.now());
    const result = await this.api.update({ channel: lane.channel, ts, payload: update.payload });
    if (this.rateLimited(lane, result)) {
      // Put it back unless a newer state arrived meanwhile: the newest one is what must be sent.
      if (!lane.updates.has(ts)) lane.updates.set(ts, update);
      return;
    }
    if (!result.ok) update.onError(result.error);
  }
}
