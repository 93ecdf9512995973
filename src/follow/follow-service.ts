// Following running jobs: one live parent message per follow, edited in place, and a thread
// reply per change a person cares about. This service holds the running follows and their
// order of work; polling is poller.ts, what a poll's answer does to a follow is apply-poll.ts,
// exactly-once posting is outbox-delivery.ts, and what the posts say is the renderer the
// composition root hands in (follow-renderer.ts).
import { randomUUID } from "node:crypto";
import { stateOf } from "../core/follow-changes.js";
import type { EndReason, FollowRecord } from "../core/follow-model.js";
import type { JobProgress } from "../core/follow-progress.js";
import type { JobRef } from "../core/job-ref.js";
import { jobUrl } from "../core/job-url.js";
import type { JobReport } from "../core/report-model.js";
import type { Result } from "../core/upstream-error.js";
import type { SlackMessage } from "../core/slack-message.js";
import type { Clock, Timers } from "../ports/clock.js";
import type { FollowStore } from "../ports/follow-store.js";
import type { Logger } from "../ports/logger.js";
import type { SlackMessaging } from "../ports/slack-messaging.js";
import { LeaseLostError } from "../ports/shared-state.js";
import type { ActiveFollow } from "./active-follow.js";
import type { FollowStart } from "./follow-start.js";
import { JobLeasing, leaseKeyOf, type LeasingOptions } from "./job-leasing.js";
import { endFollow, endForSlackError } from "./follow-ending.js";
import { applyPoll } from "./apply-poll.js";
import type { FollowInternals } from "./follow-internals.js";
import { leasedFollows, redraw, runStored, startFollow, stopElsewhere, switchElsewhere } from "./replica-follows.js";
import type { FollowRenderer } from "./follow-renderer.js";
import type { FollowSource } from "./follow-source.js";
import { OutboxDelivery } from "./outbox-delivery.js";
import { DEFAULT_POLLING, Poller, type PollingOptions } from "./poller.js";
import type { SlackLanes } from "./slack-lanes.js";

export { DEFAULT_POLLING, type FollowStart, type LeasingOptions, type PollingOptions };

export interface FollowServiceDeps {
  store: FollowStore;
  source: FollowSource;
  lanes: SlackLanes;
  slack: SlackMessaging;
  clock: Clock;
  timers: Timers;
  logger: Logger;
  render: FollowRenderer;
  webUrl: string | null;
  maxHours: number;
  polling?: Partial<PollingOptions>;
  /** The access rule keeping log text out of a follow's channel, if any (its replies then show none). */
  logsWithheldIn?: (ref: JobRef, channelId: string) => Promise<string | null>;
  /** Several replicas share the store: each job is polled under a lease (job-leasing.ts). Absent: one process. */
  leasing?: LeasingOptions;
}

export class FollowService {
  private readonly active = new Map<string, ActiveFollow>();
  private readonly poller: Poller;
  private readonly outbox: OutboxDelivery;
  private readonly polling: PollingOptions;
  private busy = 0;
  private idleWaiters: (() => void)[] = [];
  /** Calls to BK-JOB or Slack in flight outside the lanes. */
  private io = 0;
  private stopped = false;
  private readonly leasing: JobLeasing | null;
  private readonly internals: FollowInternals;
  /** Follows being started here (id → lease key): a sweep must not adopt them meanwhile. */
  private readonly starting = new Map<string, string>();

  constructor(private readonly deps: FollowServiceDeps) {
    this.polling = { ...DEFAULT_POLLING, ...deps.polling };
    const call = <T>(work: () => Promise<T>) => this.call(work);
    const track = (work: () => Promise<void>) => this.track(work);
    this.poller = new Poller({
      source: deps.source,
      clock: deps.clock,
      timers: deps.timers,
      logger: deps.logger,
      polling: this.polling,
      call,
      track,
      ...(deps.leasing ? { mayPoll: (ref: JobRef) => this.leasing?.mayAct(leaseKeyOf(ref)) === true } : {}),
      listener: {
        isFollowing: (followId) => this.active.has(followId),
        polled: (followId, progress, getReport) => {
          const active = this.active.get(followId);
          if (active) this.enqueue(active, progress, getReport);
        },
        outage: async (followId, failingSince) => {
          const active = this.active.get(followId);
          if (active) await endFollow(this.internals, active, "upstream_outage", { notice: this.deps.render.outage(failingSince) });
        },
      },
    });
    this.outbox = new OutboxDelivery({
      storeFor: (active) => active.held?.store ?? deps.store,
      guardFor: (active) => {
        const { held } = active;
        return held && this.leasing ? () => this.leasing!.isValid(held) : undefined;
      },
      lanes: deps.lanes,
      slack: deps.slack,
      clock: deps.clock,
      logger: deps.logger,
      call,
      track,
      slackFailed: (active, error) => endForSlackError(this.internals, active, error),
      currentParent: async (active) => {
        const progress = await this.call(() => this.deps.source.progress(active.record.ref));
        return progress.ok ? this.parentPayload(active, progress.value, null) : null;
      },
    });
    const { store, source, clock, timers, logger, slack, render } = deps;
    this.internals = {
      ...{ active: this.active, starting: this.starting, poller: this.poller, outbox: this.outbox, lanes: deps.lanes },
      ...{ store, source, clock, timers, logger, slack, render, fastMs: this.polling.fastMs, call, track },
      leaseLost: (held) => this.leasing?.leaseLost(held),
      // Redis away: no lease now; the next sweep anywhere takes the job (its live message is posted).
      hold: async (ref) => (this.leasing ? this.leasing.hold(ref).catch(() => null) : undefined),
      parentPayload: (active, progress, ended) => this.parentPayload(active, progress, ended),
    };
    this.leasing = deps.leasing ? new JobLeasing({ ...deps.leasing, store, clock, timers, logger, follows: leasedFollows(this.internals) }) : null;
  }

  /**
   * Picks up every follow the store holds (after a restart), and polls each job at once. With
   * several replicas: those of jobs no other replica holds, and keeps sweeping for more.
   */
  async resume(): Promise<number> {
    if (this.leasing) return this.leasing.start();
    const records = await this.deps.store.listActive();
    for (const record of records) runStored(this.internals, record, 0);
    if (records.length > 0) this.deps.logger.info({ follows: records.length }, "resumed following");
    return records.length;
  }

  /**
   * `source`: BK-JOB as the person who asked, for the start check, so their own permissions
   * decide whether they may follow; polls then read as joblog's service identity (README).
   */
  async follow(request: { ref: JobRef; channelId: string; userId: string; failuresOnly: boolean; source?: FollowSource }): Promise<FollowStart> {
    return this.track(async () => {
      const { store, clock } = this.deps;
      const source = request.source ?? this.deps.source;
      const existing = await store.findActive(request.ref, request.channelId);
      if (existing) return { kind: "already", follow: existing };
      const progress = await this.call(() => source.progress(request.ref));
      if (!progress.ok) return { kind: "upstream_error", error: progress.error };
      if (progress.value.finished) {
        const report = await this.call(() => source.report(request.ref));
        return report.ok ? { kind: "finished", report: report.value } : { kind: "upstream_error", error: report.error };
      }
      const now = clock.now();
      const record: FollowRecord = {
        id: randomUUID(),
        ref: request.ref,
        channelId: request.channelId,
        startedBy: request.userId,
        failuresOnly: request.failuresOnly,
        createdAt: now,
        deadlineAt: now + this.deps.maxHours * 3_600_000,
        parentTs: null,
        // What has already happened is on the parent message; replies start from here.
        posted: stateOf(progress.value),
        endedAt: null,
        endReason: null,
      };
      if (!(await store.create(record))) {
        const raced = await store.findActive(request.ref, request.channelId);
        if (raced) return { kind: "already", follow: raced };
      }
      this.starting.set(record.id, leaseKeyOf(record.ref));
      try {
        return await startFollow(this.internals, record, progress.value);
      } finally {
        this.starting.delete(record.id);
      }
    });
  }

  /** Stops a follow at a person's request; false when it was not being followed any more. */
  async stop(followId: string, userId: string): Promise<boolean> {
    return this.track(async () => {
      const active = this.active.get(followId);
      if (active) {
        await endFollow(this.internals, active, "stopped", { by: userId });
        return true;
      }
      // Another replica polls it: end it in the store (that replica drops it at its next sweep) and say so here.
      const record = this.leasing ? await this.deps.store.get(followId) : null;
      if (!record || record.endedAt !== null) return false;
      await stopElsewhere(this.internals, record, userId, (this.leasing?.tickMs ?? 0) + 1_000);
      return true;
    });
  }

  /** A follow still running, as it is now, wherever it is polled; null once it has ended (or was never known). */
  async findFollow(followId: string): Promise<FollowRecord | null> {
    const local = this.activeFollow(followId);
    if (local || !this.leasing) return local;
    const record = await this.deps.store.get(followId);
    return record && record.endedAt === null ? record : null;
  }

  /** A follow still running, as it is now; null once it has ended (or was never known). */
  activeFollow(followId: string): FollowRecord | null {
    const active = this.active.get(followId);
    return active ? { ...active.record } : null;
  }

  /**
   * Switches a running follow between failures only and all updates, in the store too, and
   * redraws its live message ("failures only" goes). False when it is not running any more.
   */
  async setFailuresOnly(followId: string, failuresOnly: boolean): Promise<boolean> {
    return this.track(async () => {
      const active = this.active.get(followId);
      if (!active) {
        if (!this.leasing || (await this.findFollow(followId)) === null) return false;
        await switchElsewhere(this.internals, followId, failuresOnly);
        return true;
      }
      if (active.record.failuresOnly === failuresOnly) return true;
      active.record.failuresOnly = failuresOnly;
      await this.deps.store.setFailuresOnly(followId, failuresOnly);
      this.deps.logger.info({ followId, failuresOnly }, "follow mode changed");
      redraw(this.internals, active);
      return true;
    });
  }

  /** Calls towards BK-JOB or Slack in flight now (the lanes' included); 0 when all that is left waits on a timer. */
  inFlight(): number {
    return this.io + this.deps.lanes.inFlightCount();
  }

  /** Stops polling, lets in-flight calls finish, drops queued posts (the outbox keeps them). */
  async shutdown(): Promise<void> {
    this.stopped = true;
    this.poller.stop();
    while (this.busy > 0) await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
    await this.deps.lanes.stop();
    await Promise.all([...this.active.values()].map((active) => active.running));
    // Other replicas take this one's jobs over at their next sweep, not a lease period later.
    await this.leasing?.stop();
  }

  activeCount(): number {
    return this.active.size;
  }

  /** For /metrics: how far polling runs behind its schedule, and replies not yet confirmed posted. */
  pollLagMs = (): number => this.poller.lagMs();
  async outboxDepth(): Promise<number> {
    const pending = await Promise.all([...this.active.keys()].map((id) => this.deps.store.pendingOutbox(id)));
    return pending.reduce((sum, entries) => sum + entries.length, 0);
  }

  /**
   * Hands a poll to a follow. A follow still busy with an earlier one (its channel may be
   * rate-limited) takes the newest when it is done, so it never holds up the other channels.
   */
  private enqueue(active: ActiveFollow, progress: JobProgress, getReport: () => Promise<Result<JobReport>>): void {
    active.next = { progress, getReport };
    if (active.running || this.stopped) return;
    active.running = (async () => {
      while (active.next && this.active.has(active.record.id) && !this.stopped) {
        const { progress: latest, getReport: report } = active.next;
        active.next = null;
        try {
          await applyPoll(this.internals, this.deps, active, latest, report);
        } catch (error) {
          if (error instanceof LeaseLostError && active.held) this.leasing?.leaseLost(active.held);
          // Shared store (Redis) away: the connection says so once; this follow tries again at its next poll.
          else if (active.held && !this.leasing?.isValid(active.held)) this.deps.logger.debug({ followId: active.record.id, error: String(error) }, "follow paused");
          else this.deps.logger.error({ err: error, followId: active.record.id }, "error while following");
        }
      }
    })().finally(() => {
      active.running = null;
    });
  }

  // --- posting --------------------------------------------------------------------------

  private parentPayload(active: ActiveFollow, progress: JobProgress, ended: { reason: EndReason; by?: string } | null): SlackMessage {
    const { record } = active;
    return this.deps.render.parent({ follow: record, progress, ended, webUrl: jobUrl(this.deps.webUrl, record.ref.jobInstanceId), maxHours: this.deps.maxHours });
  }

  /** One call to BK-JOB or Slack, counted as in flight. */
  private async call<T>(work: () => Promise<T>): Promise<T> {
    this.io += 1;
    try {
      return await work();
    } finally {
      this.io -= 1;
    }
  }

  private async track<T>(work: () => Promise<T>): Promise<T> {
    this.busy += 1;
    try {
      return await work();
    } finally {
      this.busy -= 1;
      if (this.busy === 0) for (const resolve of this.idleWaiters.splice(0)) resolve();
    }
  }
}
