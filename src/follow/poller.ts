// Polls followed jobs: one watcher per job however many channels follow it, polling fast while
// the job changes and backing off while it is quiet, and backing off further while BK-JOB fails
// until the outage has lasted too long. Each poll is one status call (FollowSource.progress); the
// full report is fetched at most once a poll, and only when a follow's reply needs it.
import type { JobProgress } from "../core/follow-progress.js";
import type { JobRef } from "../core/job-ref.js";
import type { JobReport } from "../core/report-model.js";
import type { Result } from "../core/upstream-error.js";
import type { Clock, Timers } from "../ports/clock.js";
import type { Logger } from "../ports/logger.js";
import type { FollowSource } from "./follow-source.js";

export interface PollingOptions {
  /** While the job changes. */
  fastMs: number;
  /** The longest wait while it is quiet. */
  slowMs: number;
  /** The longest wait between tries while BK-JOB fails. */
  errorMaxMs: number;
  /** How long BK-JOB may fail before a follow gives up. */
  outageMs: number;
}

export const DEFAULT_POLLING: PollingOptions = { fastMs: 2_000, slowMs: 30_000, errorMaxMs: 60_000, outageMs: 10 * 60_000 };

/** What the poller tells the follows of a job. */
export interface PollListener {
  /** Whether this follow still runs: an ended follow is dropped from its job's watcher. */
  isFollowing(followId: string): boolean;
  /** A poll answered; `getReport` fetches the job's full report once, for whoever needs it first. */
  polled(followId: string, progress: JobProgress, getReport: () => Promise<Result<JobReport>>): void;
  /** BK-JOB has failed since `failingSince` for longer than the outage allows. */
  outage(followId: string, failingSince: Date): Promise<void>;
}

export interface PollerDeps {
  source: FollowSource;
  clock: Clock;
  timers: Timers;
  logger: Logger;
  polling: PollingOptions;
  listener: PollListener;
  /** Runs one call to BK-JOB (counted by the follow service as in flight). */
  call<T>(work: () => Promise<T>): Promise<T>;
  /** Runs one poll (counted by the follow service as work under way, for shutdown). */
  track(work: () => Promise<void>): Promise<void>;
  /** Whether this process may poll the job now (it holds the job's lease); absent: always. */
  mayPoll?(ref: JobRef): boolean;
}

interface Watcher {
  ref: JobRef;
  followIds: Set<string>;
  timer: { cancel(): void } | null;
  intervalMs: number;
  lastFingerprint: string | null;
  failingSince: number | null;
  /** When the next poll was due, until its answer came (for pollLagMs). */
  dueAt: number | null;
}

const jobKey = (ref: JobRef) => `${ref.bizId}/${ref.jobInstanceId}`;

export class Poller {
  private readonly watchers = new Map<string, Watcher>();
  private stopped = false;

  constructor(private readonly deps: PollerDeps) {}

  /** Polls the job for this follow: the first poll in `firstPollInMs`, or at once when 0 (a resumed follow). */
  watch(ref: JobRef, followId: string, firstPollInMs: number, fingerprint: string | null = null): void {
    const key = jobKey(ref);
    let watcher = this.watchers.get(key);
    if (!watcher) {
      watcher = { ref, followIds: new Set(), timer: null, intervalMs: this.deps.polling.fastMs, lastFingerprint: fingerprint, failingSince: null, dueAt: null };
      this.watchers.set(key, watcher);
      this.schedule(watcher, firstPollInMs);
    } else if (firstPollInMs === 0) {
      this.schedule(watcher, 0);
    }
    watcher.followIds.add(followId);
  }

  /** Whether the job has a watcher (some follow of it is polled here). */
  isWatching(ref: JobRef): boolean {
    return this.watchers.has(jobKey(ref));
  }

  /** A job nobody follows any more is not polled again. */
  unwatch(ref: JobRef, followId: string): void {
    const key = jobKey(ref);
    const watcher = this.watchers.get(key);
    if (!watcher) return;
    watcher.followIds.delete(followId);
    if (watcher.followIds.size === 0) {
      watcher.timer?.cancel();
      watcher.timer = null;
      this.watchers.delete(key);
    }
  }

  /** No more polls: every waiting one is cancelled. */
  stop(): void {
    this.stopped = true;
    for (const watcher of this.watchers.values()) watcher.timer?.cancel();
  }

  /** How long past its due time the most overdue poll's answer has been awaited (0: none is late). */
  lagMs(): number {
    const now = this.deps.clock.now();
    let lag = 0;
    for (const watcher of this.watchers.values()) if (watcher.dueAt !== null) lag = Math.max(lag, now - watcher.dueAt);
    return lag;
  }

  private schedule(watcher: Watcher, ms: number): void {
    if (this.stopped) return;
    watcher.timer?.cancel();
    watcher.dueAt = this.deps.clock.now() + ms;
    watcher.timer = this.deps.timers.setTimeout(() => {
      watcher.timer = null;
      // Not now (the lease is being renewed, or Redis is away): look again after an interval.
      if (this.deps.mayPoll && !this.deps.mayPoll(watcher.ref)) return this.schedule(watcher, this.deps.polling.fastMs);
      void this.deps.track(() => this.poll(watcher));
    }, ms);
  }

  private async poll(watcher: Watcher): Promise<void> {
    const { source, clock, logger, polling, listener, mayPoll } = this.deps;
    // Asked again just before the call and its retry: the lease may run out while this poll waits.
    const mayProceed = mayPoll ? () => mayPoll(watcher.ref) : undefined;
    const result = await this.deps.call(() => source.progress(watcher.ref, mayProceed ? { mayProceed } : {}));
    const now = clock.now();
    watcher.dueAt = null;
    if (!result.ok && mayProceed && !mayProceed()) {
      // Not BK-JOB's failure: this replica no longer holds the job (another polls it now), or is renewing.
      logger.debug({ ref: watcher.ref }, "follow poll not sent: the job's lease is not held");
    } else if (!result.ok) {
      watcher.failingSince ??= now;
      logger.warn({ ref: watcher.ref, kind: result.error.kind, failingForMs: now - watcher.failingSince }, "follow poll failed");
      if (now - watcher.failingSince >= polling.outageMs) {
        const since = new Date(watcher.failingSince);
        for (const id of [...watcher.followIds]) if (listener.isFollowing(id)) await listener.outage(id, since);
      } else {
        watcher.intervalMs = Math.min(Math.max(watcher.intervalMs * 2, polling.fastMs), polling.errorMaxMs);
      }
    } else {
      watcher.failingSince = null;
      const progress = result.value;
      const changed = progress.fingerprint !== watcher.lastFingerprint;
      watcher.lastFingerprint = progress.fingerprint;
      watcher.intervalMs = changed ? polling.fastMs : Math.min(Math.round(watcher.intervalMs * 1.5), polling.slowMs);
      // Fetched at most once a poll, and only when a reply needs hosts' details.
      let report: Promise<Result<JobReport>> | null = null;
      const getReport = () => (report ??= this.deps.call(() => source.report(watcher.ref)));
      for (const id of [...watcher.followIds]) if (listener.isFollowing(id)) listener.polled(id, progress, getReport);
    }
    for (const id of [...watcher.followIds]) if (!listener.isFollowing(id)) watcher.followIds.delete(id);
    if (watcher.followIds.size === 0) {
      if (this.watchers.get(jobKey(watcher.ref)) === watcher) this.watchers.delete(jobKey(watcher.ref));
    } else if (!watcher.timer) this.schedule(watcher, watcher.intervalMs);
  }
}
