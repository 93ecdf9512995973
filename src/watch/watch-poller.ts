// Polls one business for its watches: one get_job_instance_list call per poll (a second page
// only past 1,000 runs a day), every 30 s while runs come and go, doubling to 2 min while the
// list does not change. Across replicas only the holder of the business's lease polls; the
// others look again after the longest interval, so a replica that dies is replaced within it.
import { MAX_RUN_PAGE_LENGTH, type RunSummary } from "../core/run-list.js";
import type { Clock, Timers } from "../ports/clock.js";
import type { Logger } from "../ports/logger.js";
import type { RunListApi } from "../ports/run-list.js";
import type { JobLeases } from "../ports/shared-state.js";

export interface WatchPolling {
  /** While runs start and end. */
  busyMs: number;
  /** The longest wait while nothing changes. */
  quietMaxMs: number;
  /** How far back a poll lists runs by their creation: a run that started earlier is not watched. */
  lookbackMs: number;
}

export const DEFAULT_WATCH_POLLING: WatchPolling = { busyMs: 30_000, quietMaxMs: 120_000, lookbackMs: 24 * 60 * 60_000 };

/** Pages read per poll at most (3,000 runs created in a day). */
const MAX_PAGES = 3;

export interface WatchPollerDeps {
  runs: RunListApi;
  leases: JobLeases;
  owner: string;
  clock: Clock;
  timers: Timers;
  logger: Logger;
  polling: WatchPolling;
  /** Called with every run listed; resolves when their posts are made (or left for the next poll). */
  listed(bizId: number, runs: RunSummary[]): Promise<void>;
  /** Whether the business still has a watch; false stops its poller. */
  stillWatched(bizId: number): Promise<boolean>;
  /** Counts work under way (for shutdown and tests). */
  track(work: () => Promise<void>): Promise<void>;
}

interface BusinessPoll {
  timer: { cancel(): void } | null;
  intervalMs: number;
  fingerprint: string | null;
  running: boolean;
}

export const leaseKeyOf = (bizId: number): string => `watch-biz:${bizId}`;

export class WatchPoller {
  private readonly polls = new Map<number, BusinessPoll>();
  private stopped = false;

  constructor(private readonly deps: WatchPollerDeps) {}

  /** Starts polling the business (at once) unless it is polled already. */
  ensure(bizId: number): void {
    if (this.stopped || this.polls.has(bizId)) return;
    this.polls.set(bizId, { timer: null, intervalMs: this.deps.polling.busyMs, fingerprint: null, running: false });
    this.schedule(bizId, 0);
  }

  businesses(): number[] {
    return [...this.polls.keys()];
  }

  stop(): void {
    this.stopped = true;
    for (const poll of this.polls.values()) poll.timer?.cancel();
    this.polls.clear();
  }

  private schedule(bizId: number, ms: number): void {
    const poll = this.polls.get(bizId);
    if (!poll || this.stopped) return;
    poll.timer?.cancel();
    poll.timer = this.deps.timers.setTimeout(() => void this.deps.track(() => this.tick(bizId)), ms);
  }

  private async tick(bizId: number): Promise<void> {
    const poll = this.polls.get(bizId);
    if (!poll || poll.running || this.stopped) return;
    poll.running = true;
    try {
      await this.pollOnce(bizId, poll);
    } catch (error) {
      this.deps.logger.error({ err: error, bizId }, "a watch poll failed");
      poll.intervalMs = this.deps.polling.quietMaxMs;
    } finally {
      poll.running = false;
    }
    if (this.polls.get(bizId) === poll) this.schedule(bizId, poll.intervalMs);
  }

  private async pollOnce(bizId: number, poll: BusinessPoll): Promise<void> {
    const { deps } = this;
    const { polling } = deps;
    if (!(await deps.stillWatched(bizId))) {
      this.polls.delete(bizId);
      const lease = await deps.leases.acquire(leaseKeyOf(bizId), deps.owner, 1);
      if (lease) await deps.leases.release(lease);
      return;
    }
    // Held over two of the longest intervals: a replica that stops renewing is replaced soon after.
    const lease = await deps.leases.acquire(leaseKeyOf(bizId), deps.owner, polling.quietMaxMs * 2 + 10_000);
    if (!lease) {
      poll.intervalMs = polling.quietMaxMs;
      return;
    }
    const now = deps.clock.now();
    const runs: RunSummary[] = [];
    for (let page = 0; page < MAX_PAGES; page += 1) {
      const answer = await deps.runs.listRuns({
        bizId,
        createTimeStart: now - polling.lookbackMs,
        createTimeEnd: now,
        start: page * MAX_RUN_PAGE_LENGTH,
        length: MAX_RUN_PAGE_LENGTH,
      });
      if (!answer.ok) {
        deps.logger.warn({ bizId, code: answer.error.code, kind: answer.error.kind }, "a watch could not list the business's runs");
        poll.intervalMs = Math.min(poll.intervalMs * 2, polling.quietMaxMs);
        return;
      }
      runs.push(...answer.value.runs);
      if (runs.length >= answer.value.total || answer.value.runs.length < MAX_RUN_PAGE_LENGTH) break;
    }
    const fingerprint = runs.map((run) => `${run.jobInstanceId}:${run.status}`).join(",");
    const changed = poll.fingerprint !== null && fingerprint !== poll.fingerprint;
    poll.intervalMs = changed ? polling.busyMs : poll.fingerprint === null ? polling.busyMs : Math.min(poll.intervalMs * 2, polling.quietMaxMs);
    poll.fingerprint = fingerprint;
    await deps.listed(bizId, runs);
  }
}
