// With several replicas (README "Running several replicas"): which followed jobs this process
// polls. Each job is polled, and posted about, only under a lease (ports/shared-state.ts): taken
// when a follow starts here or when a sweep finds a job nobody holds (its replica died, or let it
// go at SIGTERM), renewed every third of the lease period, and given up when it is lost. Writes
// go through a store fenced by the lease's token, and every queued Slack call asks `isValid`
// just before it is sent: the lease must have been renewed recently enough, by this process's
// own clock, that it cannot have run out yet. So a replica paused past its lease (GC, SIGSTOP)
// neither polls nor posts when it wakes up, and another has taken its jobs over meanwhile.
import type { FollowRecord } from "../core/follow-model.js";
import type { JobRef } from "../core/job-ref.js";
import type { Clock, Timers } from "../ports/clock.js";
import type { FollowStore } from "../ports/follow-store.js";
import type { Logger } from "../ports/logger.js";
import type { JobLeases, Lease } from "../ports/shared-state.js";
import type { ActiveFollow, HeldJob } from "./active-follow.js";

export type { HeldJob };

export interface LeasingOptions {
  leases: JobLeases;
  /** This process's name in the leases: unique per replica and per start. */
  owner: string;
  /** How long a lease lasts without renewal: a dead replica's jobs are taken over after about this long. */
  leaseMs: number;
  /** The follow store whose writes are refused once `lease` is no longer its job's current one. */
  fencedStore(lease: Lease): FollowStore;
}

/** What the leasing needs of the follow service. */
export interface LeasedFollows {
  /** The follows this process runs now, by id. */
  local(): ReadonlyMap<string, ActiveFollow>;
  /** Follows being started here right now, by id, with their job key: never adopted meanwhile. */
  starting(): ReadonlyMap<string, string>;
  /** Runs a follow found in the store under a lease now held; `pollNow` when the job was just taken. */
  adopt(record: FollowRecord, held: HeldJob, pollNow: boolean): void;
  /** Drops a follow here without a word: it ended elsewhere, or its lease went to another replica. */
  forget(followId: string): void;
  /** A person switched a follow's mode on another replica. */
  modeChanged(followId: string, failuresOnly: boolean): void;
}

export interface JobLeasingDeps extends LeasingOptions {
  /** The plain (unfenced) store: listing follows, reading one. */
  store: FollowStore;
  clock: Clock;
  timers: Timers;
  logger: Logger;
  follows: LeasedFollows;
}

/** A followed job's name in leases: "bizId:jobInstanceId" (src/store/redis-keys.ts names keys after it). */
export const leaseKeyOf = (ref: JobRef): string => `${ref.bizId}:${ref.jobInstanceId}`;

export class JobLeasing {
  private readonly held = new Map<string, HeldJob>();
  private timer: { cancel(): void } | null = null;
  private ticking: Promise<void> | null = null;
  private stopped = false;
  /** Renewals and sweeps: every third of the lease, so two can fail before it runs out. */
  readonly tickMs: number;
  /** Taken off the lease period for the time a call takes to reach Slack after its check. */
  private readonly marginMs: number;

  constructor(private readonly deps: JobLeasingDeps) {
    this.tickMs = Math.max(10, Math.floor(deps.leaseMs / 3));
    this.marginMs = Math.min(2_000, Math.ceil(deps.leaseMs / 5));
  }

  /** Whether this process may poll and post about the job now. */
  mayAct(jobKey: string): boolean {
    const held = this.held.get(jobKey);
    return held !== undefined && this.isValid(held);
  }

  isValid(held: HeldJob): boolean {
    return !held.lost && this.deps.clock.now() < held.validUntil;
  }

  /** Takes the job's lease (or confirms this process holds it); null when another replica does. */
  async hold(ref: JobRef): Promise<HeldJob | null> {
    const jobKey = leaseKeyOf(ref);
    const known = this.held.get(jobKey);
    if (known && this.isValid(known)) return known;
    const sentAt = this.deps.clock.now();
    const lease = await this.deps.leases.acquire(jobKey, this.deps.owner, this.deps.leaseMs);
    if (lease === null) return null;
    const validUntil = sentAt + this.deps.leaseMs - this.marginMs;
    // Read again after the wait: two follows of one job may have asked at once, and both must
    // share one hold, the one that is renewed.
    const current = this.held.get(jobKey);
    if (current && current.lease.token === lease.token) {
      current.validUntil = Math.max(current.validUntil, validUntil);
      return current;
    }
    // An older lease of ours ran out meanwhile: its follows are dropped and run again under this one.
    if (current) this.leaseLost(current);
    const held: HeldJob = { jobKey, lease, store: this.deps.fencedStore(lease), validUntil, lost: false };
    this.held.set(jobKey, held);
    return held;
  }

  /** A fenced write was refused: another replica has the job now. */
  leaseLost(held: HeldJob): void {
    if (held.lost) return;
    held.lost = true;
    if (this.held.get(held.jobKey) === held) this.held.delete(held.jobKey);
    for (const [id, active] of this.deps.follows.local()) if (active.held === held) this.deps.follows.forget(id);
    this.deps.logger.warn({ job: held.jobKey, token: held.lease.token }, "lost the lease on a followed job: another replica polls it now");
  }

  /** The first sweep (take the jobs nobody holds), then renewals and sweeps every tick. */
  async start(): Promise<number> {
    const adopted = await this.sweep();
    this.schedule();
    return adopted;
  }

  /** Stops renewing and gives every lease up, so other replicas take the jobs over at once. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.timer?.cancel();
    await this.ticking;
    const held = [...this.held.values()];
    this.held.clear();
    for (const job of held) job.lost = true;
    const released = await Promise.allSettled(held.map((job) => this.deps.leases.release(job.lease)));
    const count = released.filter((outcome) => outcome.status === "fulfilled" && outcome.value).length;
    if (held.length > 0) this.deps.logger.info({ released: count, held: held.length }, "released this replica's job leases");
  }

  heldCount(): number {
    return this.held.size;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = this.deps.timers.setTimeout(() => {
      this.timer = null;
      this.ticking = this.tick().finally(() => {
        this.ticking = null;
        this.schedule();
      });
    }, this.tickMs);
  }

  private async tick(): Promise<void> {
    try {
      await this.renewAll();
      if (!this.stopped) await this.sweep();
    } catch (error) {
      this.deps.logger.error({ err: error }, "error while sweeping followed jobs");
    }
  }

  private async renewAll(): Promise<void> {
    const { leases, leaseMs, clock } = this.deps;
    await Promise.all(
      [...this.held.values()].map(async (held) => {
        const sentAt = clock.now();
        let renewed: boolean;
        try {
          renewed = await leases.renew(held.lease, leaseMs);
        } catch {
          return; // Redis is away (logged once by the connection): the lease runs out unless renewed in time
        }
        if (renewed) held.validUntil = sentAt + leaseMs - this.marginMs;
        else this.leaseLost(held);
      }),
    );
  }

  /**
   * Reads the active follows: drops here those that ended elsewhere, applies mode switches made
   * elsewhere, takes over the jobs nobody holds, runs new follows of jobs held here, and gives
   * up leases on jobs this process no longer follows. Answers how many follows it took on.
   */
  private async sweep(): Promise<number> {
    const { store, clock, follows, leaseMs } = this.deps;
    const listedAt = clock.now();
    let records: FollowRecord[];
    try {
      records = await store.listActive();
    } catch {
      return 0; // Redis is away: follows pause until it answers
    }
    const local = follows.local();
    const listed = new Map(records.map((record) => [record.id, record]));
    for (const [id, active] of local) {
      // Started after the list was read: it is not in it yet.
      if (!listed.has(id) && active.record.createdAt < listedAt && !follows.starting().has(id)) follows.forget(id);
    }
    for (const record of records) {
      const active = local.get(record.id);
      if (active && active.record.failuresOnly !== record.failuresOnly) await this.syncMode(record.id);
    }
    const orphans = new Map<string, FollowRecord[]>();
    for (const record of records) {
      if (local.has(record.id) || follows.starting().has(record.id)) continue;
      // A follow another replica is starting has no live message yet: that replica posts it.
      if (record.parentTs === null && listedAt - record.createdAt < leaseMs) continue;
      const key = leaseKeyOf(record.ref);
      orphans.set(key, [...(orphans.get(key) ?? []), record]);
    }
    let adopted = 0;
    for (const group of orphans.values()) {
      const first = group[0]!;
      const wasHeld = this.mayAct(leaseKeyOf(first.ref));
      const held = await this.hold(first.ref).catch(() => null);
      if (!held) continue;
      // The list was read before the lease was held: meanwhile the job's holder may have ended
      // these follows and let the lease go (the job finished). Read them again under the lease,
      // so a job nobody follows any more is not polled a second time (its lease is let go below).
      const running = await this.stillRunning(group);
      for (const record of running) if (!follows.local().has(record.id)) follows.adopt(record, held, !wasHeld);
      adopted += running.length;
    }
    await this.releaseUnused();
    if (adopted > 0) this.deps.logger.info({ follows: adopted }, "took over following");
    return adopted;
  }

  /** The follows of `group` still running, as the store has them now; none while it does not answer. */
  private async stillRunning(group: readonly FollowRecord[]): Promise<FollowRecord[]> {
    const { store, follows } = this.deps;
    const fresh = await Promise.all(group.map((record) => store.get(record.id))).catch((): (FollowRecord | null)[] => []);
    return fresh.filter((record): record is FollowRecord => record !== null && record.endedAt === null && !follows.local().has(record.id));
  }

  /** Re-reads the follow: the list may be older than a switch just made here. */
  private async syncMode(followId: string): Promise<void> {
    const fresh = await this.deps.store.get(followId).catch(() => null);
    const active = this.deps.follows.local().get(followId);
    if (fresh && active && fresh.endedAt === null && fresh.failuresOnly !== active.record.failuresOnly) {
      this.deps.follows.modeChanged(followId, fresh.failuresOnly);
    }
  }

  private async releaseUnused(): Promise<void> {
    const used = new Set<string>(this.deps.follows.starting().values());
    for (const active of this.deps.follows.local().values()) if (active.held) used.add(active.held.jobKey);
    for (const [jobKey, held] of this.held) {
      if (used.has(jobKey)) continue;
      this.held.delete(jobKey);
      held.lost = true;
      await this.deps.leases.release(held.lease).catch(() => false);
    }
  }
}
