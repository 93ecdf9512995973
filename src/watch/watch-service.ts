// Watches: a channel hears about every new failed (or finished) run of a business without
// asking. This service holds the watches' lifecycle and posts each run exactly once per watch:
// the store claims the run before the post (pending), the post carries a marker in its message
// metadata, and a pending claim found after a crash is looked up in the channel before posting
// again. Polling (one poller per business, however many channels) is watch-poller.ts.
import { randomUUID } from "node:crypto";
import type { JobRef } from "../core/job-ref.js";
import type { JobReport } from "../core/report-model.js";
import type { RunSummary } from "../core/run-list.js";
import type { SlackMessage } from "../core/slack-message.js";
import type { Result } from "../core/upstream-error.js";
import { watchPostKey, watchPosts, type WatchRecord } from "../core/watch-model.js";
import type { Clock, Timers } from "../ports/clock.js";
import type { Logger } from "../ports/logger.js";
import type { RunListApi } from "../ports/run-list.js";
import type { JobLeases } from "../ports/shared-state.js";
import { FATAL_CHANNEL_ERRORS, type SlackMessaging } from "../ports/slack-messaging.js";
import type { WatchStore } from "../ports/watch-store.js";
import { DEFAULT_WATCH_POLLING, WatchPoller, type WatchPolling } from "./watch-poller.js";

export { DEFAULT_WATCH_POLLING, type WatchPolling };

export interface WatchServiceDeps {
  store: WatchStore;
  leases: JobLeases;
  /** This replica's name in the leases. */
  owner: string;
  /** BK-JOB's list as joblog's own identity (BK_USERNAME): one poll serves every channel. */
  runs: RunListApi;
  /** A run's report as joblog's own identity, for the post. */
  report(ref: JobRef): Promise<Result<JobReport>>;
  /** The post of one run to one watch (report null: BK-JOB did not answer for the report). */
  render(watch: WatchRecord, run: RunSummary, report: JobReport | null): Promise<SlackMessage>;
  slack: SlackMessaging;
  clock: Clock;
  timers: Timers;
  logger: Logger;
  polling?: Partial<WatchPolling>;
}

export type WatchStart = { kind: "started"; watch: WatchRecord } | { kind: "already"; watch: WatchRecord };

export class WatchService {
  private readonly poller: WatchPoller;
  /** Posts known to be made, so a poll does not ask the store about every run again. */
  private readonly delivered = new Set<string>();
  private busy = 0;

  constructor(private readonly deps: WatchServiceDeps) {
    this.poller = new WatchPoller({
      runs: deps.runs,
      leases: deps.leases,
      owner: deps.owner,
      clock: deps.clock,
      timers: deps.timers,
      logger: deps.logger,
      polling: { ...DEFAULT_WATCH_POLLING, ...deps.polling },
      listed: (bizId, runs) => this.listed(bizId, runs),
      stillWatched: async (bizId) => (await this.deps.store.listActive()).some((watch) => watch.bizId === bizId),
      track: (work) => this.track(work),
    });
  }

  /** Polls every business the store's watches name (after a restart). */
  async resume(): Promise<number> {
    const watches = await this.deps.store.listActive();
    for (const watch of watches) this.poller.ensure(watch.bizId);
    if (watches.length > 0) this.deps.logger.info({ watches: watches.length }, "resumed watching");
    return watches.length;
  }

  async start(request: { team: string | null; bizId: number; name: string | null; all: boolean; channelId: string; userId: string }): Promise<WatchStart> {
    return this.track(async () => {
      const existing = await this.deps.store.findActive(request.channelId, request.bizId, request.name);
      if (existing) return { kind: "already", watch: existing };
      const watch: WatchRecord = {
        id: randomUUID(),
        team: request.team,
        bizId: request.bizId,
        name: request.name,
        all: request.all,
        channelId: request.channelId,
        createdBy: request.userId,
        createdAt: this.deps.clock.now(),
        endedAt: null,
      };
      if (!(await this.deps.store.create(watch))) {
        const raced = await this.deps.store.findActive(request.channelId, request.bizId, request.name);
        if (raced) return { kind: "already", watch: raced };
      }
      this.poller.ensure(watch.bizId);
      return { kind: "started", watch };
    });
  }

  /** Ends a watch by id; the ended watch, or null when none was running. */
  async stop(id: string): Promise<WatchRecord | null> {
    const watch = await this.deps.store.get(id);
    if (!watch || !(await this.deps.store.end(id, this.deps.clock.now()))) return null;
    return watch;
  }

  /** Ends this channel's watch of the business with that name; null when there is none. */
  async stopMatching(channelId: string, bizId: number, name: string | null): Promise<WatchRecord | null> {
    const watch = await this.deps.store.findActive(channelId, bizId, name);
    return watch ? this.stop(watch.id) : null;
  }

  async list(): Promise<WatchRecord[]> {
    return this.deps.store.listActive();
  }

  /** Businesses polled by this process now (for tests and the bench). */
  polledBusinesses(): number[] {
    return this.poller.businesses();
  }

  /** Polls and posts under way. */
  inFlight(): number {
    return this.busy;
  }

  shutdown(): void {
    this.poller.stop();
  }

  private async track<T>(work: () => Promise<T>): Promise<T> {
    this.busy += 1;
    try {
      return await work();
    } finally {
      this.busy -= 1;
    }
  }

  private async listed(bizId: number, runs: RunSummary[]): Promise<void> {
    const watches = (await this.deps.store.listActive()).filter((watch) => watch.bizId === bizId);
    // Oldest run first, so a channel reads them in the order they happened.
    const ordered = [...runs].sort((a, b) => (a.endTime ?? 0) - (b.endTime ?? 0) || a.jobInstanceId - b.jobInstanceId);
    for (const run of ordered) {
      const posting = watches.filter((watch) => watch.endedAt === null && watchPosts(watch, run) && !this.delivered.has(`${watch.id}:${run.jobInstanceId}`));
      if (posting.length === 0) continue;
      // One report per run, however many channels watch it.
      let report: Promise<Result<JobReport>> | null = null;
      const reportOnce = () => (report ??= this.deps.report({ bizId, jobInstanceId: run.jobInstanceId }));
      for (const watch of posting) await this.deliver(watch, run, reportOnce);
    }
  }

  private async deliver(watch: WatchRecord, run: RunSummary, report: () => Promise<Result<JobReport>>): Promise<void> {
    const { store, slack, clock, logger } = this.deps;
    const key = watchPostKey(run.jobInstanceId);
    const seen = `${watch.id}:${run.jobInstanceId}`;
    const state = await store.claimDelivery(watch.id, run.jobInstanceId, clock.now());
    if (state === "posted") {
      this.delivered.add(seen);
      return;
    }
    if (state === "pending") {
      // Claimed before and not known to be posted: a crash, or Slack did not confirm. Look first.
      const found = await slack.findMarked({ channel: watch.channelId, threadTs: null, followId: watch.id, key });
      if (!found.ok) return; // try again next poll
      if (found.value !== null) {
        await store.markDelivered(watch.id, run.jobInstanceId, found.value);
        this.delivered.add(seen);
        return;
      }
    }
    const answer = await report();
    const message = await this.deps.render(watch, run, answer.ok ? answer.value : null);
    const posted = await slack.postMessage({ channel: watch.channelId, payload: message, marker: { followId: watch.id, key } });
    if (posted.ok) {
      await store.markDelivered(watch.id, run.jobInstanceId, posted.value.ts);
      this.delivered.add(seen);
      logger.info({ watchId: watch.id, bizId: watch.bizId, jobInstanceId: run.jobInstanceId, channel: watch.channelId }, "watch posted a run");
      return;
    }
    if (FATAL_CHANNEL_ERRORS.has(posted.error)) {
      await store.end(watch.id, clock.now());
      watch.endedAt = clock.now();
      logger.warn({ watchId: watch.id, channel: watch.channelId, error: posted.error }, "a watch ended: Slack refuses its posts");
      return;
    }
    logger.warn({ watchId: watch.id, error: posted.error }, "a watch post did not reach Slack; it is tried again next poll");
  }
}
