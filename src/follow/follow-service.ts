// Following running jobs: one live parent message per follow, edited in place, and a thread
// reply per change a person cares about. This service holds the running follows and their
// order of work; polling is poller.ts, exactly-once posting is outbox-delivery.ts, and what the
// posts say is the renderer the composition root hands in (follow-renderer.ts).
import { randomUUID } from "node:crypto";
import { computeChanges, stateOf } from "../core/follow-changes.js";
import type { EndReason, FollowPost, FollowRecord } from "../core/follow-model.js";
import type { JobProgress } from "../core/follow-progress.js";
import type { JobRef } from "../core/job-ref.js";
import { jobUrl } from "../core/job-url.js";
import type { JobReport } from "../core/report-model.js";
import type { Result, UpstreamError } from "../core/upstream-error.js";
import { reportShown } from "../core/withhold-logs.js";
import type { SlackMessage } from "../core/slack-message.js";
import type { Clock, Timers } from "../ports/clock.js";
import type { FollowStore } from "../ports/follow-store.js";
import type { Logger } from "../ports/logger.js";
import type { SlackMessaging } from "../ports/slack-messaging.js";
import type { ActiveFollow } from "./active-follow.js";
import type { FollowRenderer } from "./follow-renderer.js";
import type { FollowSource } from "./follow-source.js";
import { OutboxDelivery } from "./outbox-delivery.js";
import { DEFAULT_POLLING, Poller, type PollingOptions } from "./poller.js";
import type { SlackLanes } from "./slack-lanes.js";

export { DEFAULT_POLLING, type PollingOptions };

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
}

export type FollowStart =
  | { kind: "started"; follow: FollowRecord }
  | { kind: "already"; follow: FollowRecord }
  | { kind: "finished"; report: JobReport }
  | { kind: "upstream_error"; error: UpstreamError }
  | { kind: "slack_error"; error: string };

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
      listener: {
        isFollowing: (followId) => this.active.has(followId),
        polled: (followId, progress, getReport) => {
          const active = this.active.get(followId);
          if (active) this.enqueue(active, progress, getReport);
        },
        outage: async (followId, failingSince) => {
          const active = this.active.get(followId);
          if (active) await this.end(active, "upstream_outage", { notice: this.deps.render.outage(failingSince) });
        },
      },
    });
    this.outbox = new OutboxDelivery({
      store: deps.store,
      lanes: deps.lanes,
      slack: deps.slack,
      clock: deps.clock,
      logger: deps.logger,
      call,
      track,
      slackFailed: (active, error) => this.slackFailed(active, error),
      currentParent: async (active) => {
        const progress = await this.call(() => this.deps.source.progress(active.record.ref));
        return progress.ok ? this.parentPayload(active, progress.value, null) : null;
      },
    });
  }

  /** Picks up every follow the store holds (after a restart), and polls each job at once. */
  async resume(): Promise<number> {
    const records = await this.deps.store.listActive();
    for (const record of records) {
      this.active.set(record.id, { record, parentFingerprint: null, needsReconcile: true, next: null, running: null, lastProgress: null });
      this.poller.watch(record.ref, record.id, 0);
    }
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
      const active: ActiveFollow = {
        record,
        parentFingerprint: progress.value.fingerprint,
        needsReconcile: false,
        next: null,
        running: null,
        lastProgress: progress.value,
      };
      const parent = this.parentPayload(active, progress.value, null);
      const posted = await this.outbox.postParent(active, parent);
      if (!posted.ok) {
        await store.end(record.id, "slack_error", clock.now());
        return { kind: "slack_error", error: posted.error };
      }
      this.active.set(record.id, active);
      this.poller.watch(record.ref, record.id, this.polling.fastMs, progress.value.fingerprint);
      this.deps.logger.info({ followId: record.id, ref: record.ref, channel: record.channelId, user: record.startedBy }, "started following");
      return { kind: "started", follow: record };
    });
  }

  /** Stops a follow at a person's request; false when it was not being followed any more. */
  async stop(followId: string, userId: string): Promise<boolean> {
    return this.track(async () => {
      const active = this.active.get(followId);
      if (!active) return false;
      await this.end(active, "stopped", { by: userId });
      return true;
    });
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
      if (!active) return false;
      if (active.record.failuresOnly === failuresOnly) return true;
      active.record.failuresOnly = failuresOnly;
      await this.deps.store.setFailuresOnly(followId, failuresOnly);
      this.deps.logger.info({ followId, failuresOnly }, "follow mode changed");
      if (active.lastProgress) this.outbox.updateParent(active, this.parentPayload(active, active.lastProgress, null));
      // Without a poll yet (just resumed), the next one redraws it.
      else active.parentFingerprint = null;
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
          await this.process(active, latest, report);
        } catch (error) {
          this.deps.logger.error({ err: error, followId: active.record.id }, "error while following");
        }
      }
    })().finally(() => {
      active.running = null;
    });
  }

  private async process(active: ActiveFollow, progress: JobProgress, getReport: () => Promise<Result<JobReport>>): Promise<void> {
    const { record } = active;
    active.lastProgress = progress;
    if (active.needsReconcile && !(await this.outbox.reconcile(active))) return;
    if (!progress.finished && this.deps.clock.now() >= record.deadlineAt) {
      const command = `/joblog follow ${record.ref.bizId} ${record.ref.jobInstanceId}`;
      await this.end(active, "max_duration", { notice: this.deps.render.maxDuration(this.deps.maxHours, command), progress });
      return;
    }
    const changes = computeChanges(record.posted, progress, { failuresOnly: record.failuresOnly });
    for (const change of changes) {
      const needsReport = change.kind !== "step_finished" && change.kind !== "waiting";
      const report = needsReport ? await getReport() : null;
      if (report && !report.ok) break; // try again at the next poll, in the same order
      const withheldBy = report?.ok && this.deps.logsWithheldIn ? await this.deps.logsWithheldIn(record.ref, record.channelId) : null;
      const shown = report?.ok ? reportShown(report.value, withheldBy) : null;
      const reply = this.deps.render.reply(change, shown, jobUrl(this.deps.webUrl, record.ref.jobInstanceId));
      const payload: FollowPost = { ...reply, broadcast: change.kind === "job_ended" };
      if (!(await this.outbox.deliver(active, change.key, payload, change.stateAfter))) return;
    }
    if (!this.active.has(record.id)) return;
    if (progress.finished && record.posted.ended) {
      await this.end(active, "job_ended", { progress });
      return;
    }
    if (progress.fingerprint !== active.parentFingerprint) {
      active.parentFingerprint = progress.fingerprint;
      this.outbox.updateParent(active, this.parentPayload(active, progress, null));
    }
  }

  // --- posting --------------------------------------------------------------------------

  private parentPayload(active: ActiveFollow, progress: JobProgress, ended: { reason: EndReason; by?: string } | null): SlackMessage {
    const { record } = active;
    return this.deps.render.parent({ follow: record, progress, ended, webUrl: jobUrl(this.deps.webUrl, record.ref.jobInstanceId), maxHours: this.deps.maxHours });
  }

  // --- ending ---------------------------------------------------------------------------

  private async end(active: ActiveFollow, reason: EndReason, options: { by?: string; notice?: SlackMessage; progress?: JobProgress } = {}): Promise<void> {
    const { store, clock, source } = this.deps;
    const { record } = active;
    if (!this.active.has(record.id)) return;
    this.active.delete(record.id);
    this.poller.unwatch(record.ref, record.id);
    if (options.notice && record.parentTs) {
      await this.outbox.deliver(active, `end:${reason}`, options.notice, record.posted);
    }
    await store.end(record.id, reason, clock.now());
    let progress = options.progress;
    if (!progress && reason !== "slack_error") {
      const latest = await this.call(() => source.progress(record.ref));
      if (latest.ok) progress = latest.value;
    }
    if (progress && reason !== "slack_error") this.outbox.updateParent(active, this.parentPayload(active, progress, { reason, ...(options.by ? { by: options.by } : {}) }));
    this.deps.logger.info({ followId: record.id, ref: record.ref, reason }, "stopped following");
  }

  /** Slack will not take this follow's posts any more: end it and tell the person who started it. */
  private async slackFailed(active: ActiveFollow, error: string): Promise<void> {
    const { slack, render, logger } = this.deps;
    const { record } = active;
    if (!this.active.has(record.id)) return;
    if (record.parentTs) this.deps.lanes.cancelUpdates(record.channelId, record.parentTs);
    await this.end(active, "slack_error");
    const payload = render.slackError(record.ref.jobInstanceId, record.channelId, error);
    const ephemeral = await this.call(() => slack.postEphemeral({ channel: record.channelId, user: record.startedBy, payload }));
    if (!ephemeral.ok) {
      // Not in the channel any more: a direct message reaches them wherever they are.
      const direct = await this.call(() => slack.postMessage({ channel: record.startedBy, payload }));
      if (!direct.ok) logger.warn({ followId: record.id, error: direct.error }, "could not tell the follower why following stopped");
    }
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
