// Following running jobs: one poller per job however many channels follow it, polling fast while
// the job changes and backing off while it is quiet; one parent message per follow, edited in
// place; a thread reply per change a person cares about. Every post goes through the store's
// outbox first, so after a crash each change is posted exactly once (see reconcile()).
import { randomUUID } from "node:crypto";
import type { Result, UpstreamError } from "../core/upstream-error.js";
import type { JobReport } from "../core/report-model.js";
import { withholdLogs } from "../core/withhold-logs.js";
import type { Messages } from "../i18n/index.js";
import type { JobRef } from "../core/job-ref.js";
import type { Clock, Timers } from "../ports/clock.js";
import type { Logger } from "../ports/logger.js";
import { formatBkTime } from "../render/format.js";
import { renderFollowParent } from "../render/follow-parent.js";
import { renderFollowReply } from "../render/follow-replies.js";
import type { FollowStore } from "../store/follow-store.js";
import { computeChanges, stateOf } from "./changes.js";
import type { EndReason, FollowRecord, OutboxEntry, PostedState, SlackPayload } from "./follow-model.js";
import { FATAL_CHANNEL_ERRORS, type FollowSlackApi } from "./follow-slack-api.js";
import type { FollowSource } from "./follow-source.js";
import type { JobProgress } from "./progress.js";
import type { SlackLanes } from "./slack-lanes.js";

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

export interface FollowServiceDeps {
  store: FollowStore;
  source: FollowSource;
  lanes: SlackLanes;
  slack: FollowSlackApi;
  clock: Clock;
  timers: Timers;
  logger: Logger;
  messages: Messages;
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

interface ActiveFollow {
  record: FollowRecord;
  /** The newest poll this follow has not processed yet. */
  next: { progress: JobProgress; getReport: () => Promise<Result<JobReport>> } | null;
  /** Processing in progress; a follow handles one poll at a time, in order. */
  running: Promise<void> | null;
  /** The progress fingerprint the parent message last showed. */
  parentFingerprint: string | null;
  /** Pending outbox entries may have reached Slack (after a restart or a failed call). */
  needsReconcile: boolean;
  /** The latest poll's progress, to redraw the parent when the follow itself changes; null until one. */
  lastProgress: JobProgress | null;
}

interface Watcher {
  ref: JobRef;
  followIds: Set<string>;
  timer: { cancel(): void } | null;
  intervalMs: number;
  lastFingerprint: string | null;
  failingSince: number | null;
}

const jobKey = (ref: JobRef) => `${ref.bizId}/${ref.jobInstanceId}`;

export class FollowService {
  private readonly watchers = new Map<string, Watcher>();
  private readonly active = new Map<string, ActiveFollow>();
  private readonly polling: PollingOptions;
  private busy = 0;
  private idleWaiters: (() => void)[] = [];
  /** Calls to BK-JOB or Slack in flight outside the lanes, for whenIdle(). */
  private io = 0;
  private stopped = false;

  constructor(private readonly deps: FollowServiceDeps) {
    this.polling = { ...DEFAULT_POLLING, ...deps.polling };
  }

  /** Picks up every follow the store holds (after a restart), and polls each job at once. */
  async resume(): Promise<number> {
    const records = await this.deps.store.listActive();
    for (const record of records) {
      this.active.set(record.id, { record, parentFingerprint: null, needsReconcile: true, next: null, running: null, lastProgress: null });
      this.watch(record, 0);
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
      const posted = await this.postParent(active, parent);
      if (!posted.ok) {
        await store.end(record.id, "slack_error", clock.now());
        return { kind: "slack_error", error: posted.error };
      }
      this.active.set(record.id, active);
      this.watch(record, this.polling.fastMs, progress.value.fingerprint);
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
      if (active.lastProgress) this.updateParent(active, this.parentPayload(active, active.lastProgress, null));
      // Without a poll yet (just resumed), the next one redraws it.
      else active.parentFingerprint = null;
      return true;
    });
  }

  /**
   * Resolves once nothing is in flight towards BK-JOB or Slack: whatever is left waits on a
   * timer (the next poll, a rate-limited channel's pause). Tests move a fake clock between calls.
   */
  async whenIdle(): Promise<void> {
    let quietTurns = 0;
    while (quietTurns < 3) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (this.io === 0 && this.deps.lanes.inFlightCount() === 0) quietTurns += 1;
      else {
        quietTurns = 0;
        await new Promise<void>((resolve) => setTimeout(resolve, 2));
      }
    }
  }

  /** Stops polling, lets in-flight calls finish, drops queued posts (the outbox keeps them). */
  async shutdown(): Promise<void> {
    this.stopped = true;
    for (const watcher of this.watchers.values()) watcher.timer?.cancel();
    while (this.busy > 0) await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
    await this.deps.lanes.stop();
    await Promise.all([...this.active.values()].map((active) => active.running));
  }

  activeCount(): number {
    return this.active.size;
  }

  // --- polling --------------------------------------------------------------------------

  private watch(record: FollowRecord, firstPollInMs: number, fingerprint: string | null = null): void {
    const key = jobKey(record.ref);
    let watcher = this.watchers.get(key);
    if (!watcher) {
      watcher = { ref: record.ref, followIds: new Set(), timer: null, intervalMs: this.polling.fastMs, lastFingerprint: fingerprint, failingSince: null };
      this.watchers.set(key, watcher);
      this.schedule(watcher, firstPollInMs);
    } else if (firstPollInMs === 0) {
      this.schedule(watcher, 0);
    }
    watcher.followIds.add(record.id);
  }

  /** A job nobody follows any more is not polled again. */
  private unwatch(record: FollowRecord): void {
    const key = jobKey(record.ref);
    const watcher = this.watchers.get(key);
    if (!watcher) return;
    watcher.followIds.delete(record.id);
    if (watcher.followIds.size === 0) {
      watcher.timer?.cancel();
      watcher.timer = null;
      this.watchers.delete(key);
    }
  }

  private schedule(watcher: Watcher, ms: number): void {
    if (this.stopped) return;
    watcher.timer?.cancel();
    watcher.timer = this.deps.timers.setTimeout(() => {
      watcher.timer = null;
      void this.track(() => this.poll(watcher));
    }, ms);
  }

  private async poll(watcher: Watcher): Promise<void> {
    const { source, clock, logger } = this.deps;
    const result = await this.call(() => source.progress(watcher.ref));
    const now = clock.now();
    if (!result.ok) {
      watcher.failingSince ??= now;
      logger.warn({ ref: watcher.ref, kind: result.error.kind, failingForMs: now - watcher.failingSince }, "follow poll failed");
      if (now - watcher.failingSince >= this.polling.outageMs) {
        const since = formatBkTime(new Date(watcher.failingSince));
        for (const id of [...watcher.followIds]) {
          const active = this.active.get(id);
          if (active) await this.end(active, "upstream_outage", { notice: this.deps.messages.follow.outage(since) });
        }
      } else {
        watcher.intervalMs = Math.min(Math.max(watcher.intervalMs * 2, this.polling.fastMs), this.polling.errorMaxMs);
      }
    } else {
      watcher.failingSince = null;
      const progress = result.value;
      const changed = progress.fingerprint !== watcher.lastFingerprint;
      watcher.lastFingerprint = progress.fingerprint;
      watcher.intervalMs = changed ? this.polling.fastMs : Math.min(Math.round(watcher.intervalMs * 1.5), this.polling.slowMs);
      // Fetched at most once a poll, and only when a reply needs hosts' details.
      let report: Promise<Result<JobReport>> | null = null;
      const getReport = () => (report ??= this.call(() => source.report(watcher.ref)));
      for (const id of [...watcher.followIds]) {
        const active = this.active.get(id);
        if (active) this.enqueue(active, progress, getReport);
      }
    }
    for (const id of [...watcher.followIds]) if (!this.active.has(id)) watcher.followIds.delete(id);
    if (watcher.followIds.size === 0) {
      if (this.watchers.get(jobKey(watcher.ref)) === watcher) this.watchers.delete(jobKey(watcher.ref));
    } else if (!watcher.timer) this.schedule(watcher, watcher.intervalMs);
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
    if (active.needsReconcile && !(await this.reconcile(active))) return;
    if (!progress.finished && this.deps.clock.now() >= record.deadlineAt) {
      const hours = String(this.deps.maxHours);
      const command = `/joblog follow ${record.ref.bizId} ${record.ref.jobInstanceId}`;
      await this.end(active, "max_duration", { notice: this.deps.messages.follow.maxDuration(hours, command), progress });
      return;
    }
    const changes = computeChanges(record.posted, progress, { failuresOnly: record.failuresOnly });
    for (const change of changes) {
      const needsReport = change.kind !== "step_finished" && change.kind !== "waiting";
      const report = needsReport ? await getReport() : null;
      if (report && !report.ok) break; // try again at the next poll, in the same order
      const withheldBy = report?.ok && this.deps.logsWithheldIn ? await this.deps.logsWithheldIn(record.ref, record.channelId) : null;
      const shown = report?.ok ? (withheldBy === null ? report.value : withholdLogs(report.value, withheldBy)) : null;
      const reply = renderFollowReply(change, shown, this.deps.messages, this.deps.webUrl ? this.jobUrl(record.ref) : null);
      const payload: SlackPayload = { ...reply, broadcast: change.kind === "job_ended" };
      if (!(await this.deliver(active, change.key, payload, change.stateAfter))) return;
    }
    if (!this.active.has(record.id)) return;
    if (progress.finished && record.posted.ended) {
      await this.end(active, "job_ended", { progress });
      return;
    }
    if (progress.fingerprint !== active.parentFingerprint) {
      active.parentFingerprint = progress.fingerprint;
      this.updateParent(active, this.parentPayload(active, progress, null));
    }
  }

  // --- posting --------------------------------------------------------------------------

  private jobUrl(ref: JobRef): string | null {
    return this.deps.webUrl ? `${this.deps.webUrl.replace(/\/+$/, "")}/api_execute/${ref.jobInstanceId}` : null;
  }

  private parentPayload(active: ActiveFollow, progress: JobProgress, ended: { reason: EndReason; by?: string } | null): SlackPayload {
    return renderFollowParent(
      { follow: active.record, progress, ended, webUrl: this.jobUrl(active.record.ref), maxHours: this.deps.maxHours },
      this.deps.messages,
    );
  }

  private async postParent(active: ActiveFollow, payload: SlackPayload): Promise<{ ok: true } | { ok: false; error: string }> {
    const { store, lanes, clock } = this.deps;
    const { record } = active;
    await store.addOutbox({ followId: record.id, key: "parent", kind: "parent", payload, stateAfter: record.posted, createdAt: clock.now(), postedTs: null });
    const result = await lanes.post({ channel: record.channelId, payload, marker: { followId: record.id, key: "parent" } });
    if (!result.ok) {
      if (FATAL_CHANNEL_ERRORS.has(result.error)) await store.dropOutbox(record.id, "parent");
      return result;
    }
    record.parentTs = result.value.ts;
    await store.setParent(record.id, result.value.ts);
    await store.markPosted(record.id, "parent", result.value.ts, record.posted);
    return { ok: true };
  }

  /**
   * Posts one thread reply exactly once: written to the outbox first, marked posted with the
   * follow's new state in one store step after Slack confirms it. False stops this round.
   */
  private async deliver(active: ActiveFollow, key: string, payload: SlackPayload, stateAfter: PostedState): Promise<boolean> {
    const { store, lanes, clock } = this.deps;
    const { record } = active;
    const added = await store.addOutbox({ followId: record.id, key, kind: "reply", payload, stateAfter, createdAt: clock.now(), postedTs: null });
    if (!added) {
      // Known key: posted before (state already moved on in the store), or pending from a failed try.
      const pending = (await store.pendingOutbox(record.id)).some((entry) => entry.key === key);
      if (pending) {
        active.needsReconcile = true;
        return this.reconcile(active);
      }
      record.posted = stateAfter;
      return true;
    }
    const result = await lanes.post({ channel: record.channelId, threadTs: record.parentTs ?? undefined, payload, marker: { followId: record.id, key } });
    if (result.ok) {
      await store.markPosted(record.id, key, result.value.ts, stateAfter);
      record.posted = stateAfter;
      return true;
    }
    if (FATAL_CHANNEL_ERRORS.has(result.error)) {
      await this.slackFailed(active, result.error);
      return false;
    }
    // Sent or not? Only Slack knows: check by the marker before trying again.
    active.needsReconcile = true;
    this.deps.logger.warn({ followId: record.id, key, error: result.error }, "thread reply not confirmed; will check and retry");
    return false;
  }

  /**
   * After a restart or an unconfirmed call: for each post that may or may not have reached
   * Slack, look for its marker; mark it posted if found, post it if not. False: try later.
   */
  private async reconcile(active: ActiveFollow): Promise<boolean> {
    const { store, slack, lanes } = this.deps;
    const { record } = active;
    for (const entry of await store.pendingOutbox(record.id)) {
      const threadTs = entry.kind === "parent" ? null : record.parentTs;
      if (entry.kind === "reply" && threadTs === null) continue; // its parent is reconciled first (it is older)
      const found = await this.call(() => slack.findMarked({ channel: record.channelId, threadTs, followId: record.id, key: entry.key }));
      if (!found.ok) {
        if (FATAL_CHANNEL_ERRORS.has(found.error)) await this.slackFailed(active, found.error);
        return false;
      }
      let ts = found.value;
      if (ts === null) {
        const result = await lanes.post({ channel: record.channelId, ...(threadTs ? { threadTs } : {}), payload: entry.payload, marker: { followId: record.id, key: entry.key } });
        if (!result.ok) {
          if (FATAL_CHANNEL_ERRORS.has(result.error)) await this.slackFailed(active, result.error);
          return false;
        }
        ts = result.value.ts;
      }
      await this.confirm(active, entry, ts);
    }
    if (record.parentTs === null) {
      // The process stopped before the parent was even written down: post it now.
      const progress = await this.call(() => this.deps.source.progress(record.ref));
      if (!progress.ok) return false;
      const posted = await this.postParent(active, this.parentPayload(active, progress.value, null));
      if (!posted.ok) {
        if (FATAL_CHANNEL_ERRORS.has(posted.error)) await this.slackFailed(active, posted.error);
        return false;
      }
    }
    active.needsReconcile = false;
    return true;
  }

  private async confirm(active: ActiveFollow, entry: OutboxEntry, ts: string): Promise<void> {
    const { store } = this.deps;
    if (entry.kind === "parent") {
      active.record.parentTs = ts;
      await store.setParent(active.record.id, ts);
    }
    await store.markPosted(active.record.id, entry.key, ts, entry.stateAfter);
    active.record.posted = entry.stateAfter;
  }

  private updateParent(active: ActiveFollow, payload: SlackPayload): void {
    const { record } = active;
    if (!record.parentTs) return;
    this.deps.lanes.update(record.channelId, record.parentTs, payload, (error) => {
      if (FATAL_CHANNEL_ERRORS.has(error)) void this.track(() => this.slackFailed(active, error));
      else this.deps.logger.warn({ followId: record.id, error }, "could not update the live message");
    });
  }

  // --- ending ---------------------------------------------------------------------------

  private async end(active: ActiveFollow, reason: EndReason, options: { by?: string; notice?: string; progress?: JobProgress } = {}): Promise<void> {
    const { store, clock, source } = this.deps;
    const { record } = active;
    if (!this.active.has(record.id)) return;
    this.active.delete(record.id);
    this.unwatch(record);
    if (options.notice && record.parentTs) {
      await this.deliver(active, `end:${reason}`, { text: options.notice, blocks: [{ type: "section", text: { type: "mrkdwn", text: options.notice } }] }, record.posted);
    }
    await store.end(record.id, reason, clock.now());
    let progress = options.progress;
    if (!progress && reason !== "slack_error") {
      const latest = await this.call(() => source.progress(record.ref));
      if (latest.ok) progress = latest.value;
    }
    if (progress && reason !== "slack_error") this.updateParent(active, this.parentPayload(active, progress, { reason, ...(options.by ? { by: options.by } : {}) }));
    this.deps.logger.info({ followId: record.id, ref: record.ref, reason }, "stopped following");
  }

  /** Slack will not take this follow's posts any more: end it and tell the person who started it. */
  private async slackFailed(active: ActiveFollow, error: string): Promise<void> {
    const { slack, messages, logger } = this.deps;
    const { record } = active;
    if (!this.active.has(record.id)) return;
    if (record.parentTs) this.deps.lanes.cancelUpdates(record.channelId, record.parentTs);
    await this.end(active, "slack_error");
    const text = messages.follow.endedSlackError(String(record.ref.jobInstanceId), `<#${record.channelId}>`, error);
    const payload = { text, blocks: [{ type: "section", text: { type: "mrkdwn", text } }] };
    const ephemeral = await this.call(() => slack.postEphemeral({ channel: record.channelId, user: record.startedBy, payload }));
    if (!ephemeral.ok) {
      // Not in the channel any more: a direct message reaches them wherever they are.
      const direct = await this.call(() => slack.postMessage({ channel: record.startedBy, payload }));
      if (!direct.ok) logger.warn({ followId: record.id, error: direct.error }, "could not tell the follower why following stopped");
    }
  }

  /** One call to BK-JOB or Slack, counted for whenIdle(). */
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
