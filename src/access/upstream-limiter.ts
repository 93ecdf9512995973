// A cap on BK-JOB calls in flight for people's requests, with a per-user share: one person
// flooding joblog waits on their own share while everyone else's calls go ahead.
//
// Who goes first when calls wait: the oldest request. Each request (a report, a Show log) takes
// a ticket when it starts, and every call it makes waits behind the calls of older requests
// only. First come first served per call made every report's second call queue behind every
// later report's first, so under a burst all answers arrived together at the very end.
//
// Two kinds of call, each with its own cap: the expensive ones (whole-job logs, host groups, host
// logs: `total`) and permission proofs (one status call as the asker: `proofTotal`). In an
// incident rush 200 people each need their own proof while one shared fetch does the expensive
// part; behind one cap of 16 the proofs alone took 200 / 16 × BK-JOB's answer time. Both kinds
// count against the same per-user share.
import type { CallGate, CallKind } from "../ports/job-api.js";

interface Waiting {
  user: string;
  kind: CallKind;
  ticket: number;
  start: () => void;
}

export class UpstreamLimiter {
  private readonly inFlight: Record<CallKind, number> = { fetch: 0, proof: 0 };
  private nextTicket = 0;
  private readonly perUser = new Map<string, number>();
  /** Ordered by ticket, then arrival. */
  private readonly queue: Waiting[] = [];
  private readonly totals: Record<CallKind, number>;

  constructor(
    total: number,
    private readonly perUserMax: number,
    /** Permission proofs in flight at once; default: the same cap as the expensive calls. */
    proofTotal = total,
  ) {
    this.totals = { fetch: total, proof: proofTotal };
  }

  /** A gate for one request's calls, as `user`: they go before those of requests started later. */
  gateFor(user: string, kind: CallKind = "fetch"): CallGate {
    const ticket = this.nextTicket++;
    return { run: (work) => this.run(user, work, ticket, kind) };
  }

  /** Runs `work` when a slot is free within the user's share; `ticket` orders it among those waiting. */
  async run<T>(user: string, work: () => Promise<T>, ticket = this.nextTicket++, kind: CallKind = "fetch"): Promise<T> {
    await this.acquire(user, kind, ticket);
    try {
      return await work();
    } finally {
      this.release(user, kind);
    }
  }

  /** Calls in flight now, of both kinds (for tests). */
  get active(): number {
    return this.inFlight.fetch + this.inFlight.proof;
  }

  private canStart(user: string, kind: CallKind): boolean {
    return this.inFlight[kind] < this.totals[kind] && (this.perUser.get(user) ?? 0) < this.perUserMax;
  }

  private hasRoom(): boolean {
    return this.inFlight.fetch < this.totals.fetch || this.inFlight.proof < this.totals.proof;
  }

  private start(user: string, kind: CallKind): void {
    this.inFlight[kind] += 1;
    this.perUser.set(user, (this.perUser.get(user) ?? 0) + 1);
  }

  private acquire(user: string, kind: CallKind, ticket: number): Promise<void> {
    // Whoever is queued is blocked (release() starts all it can): they never hold back a user with room.
    if (this.canStart(user, kind)) {
      this.start(user, kind);
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      // After every waiting call with a ticket as old or older: binary search, the queue stays ordered.
      let low = 0;
      let high = this.queue.length;
      while (low < high) {
        const middle = (low + high) >>> 1;
        if (this.queue[middle]!.ticket <= ticket) low = middle + 1;
        else high = middle;
      }
      this.queue.splice(low, 0, { user, kind, ticket, start: resolve });
    });
  }

  private release(user: string, kind: CallKind): void {
    this.inFlight[kind] -= 1;
    const left = (this.perUser.get(user) ?? 1) - 1;
    if (left <= 0) this.perUser.delete(user);
    else this.perUser.set(user, left);
    // Oldest request first, skipping anyone already at their share.
    // A freed share may let either kind go: every waiting call is looked at, not just this kind's.
    for (let index = 0; index < this.queue.length && this.hasRoom(); ) {
      const waiting = this.queue[index]!;
      if (this.canStart(waiting.user, waiting.kind)) {
        this.queue.splice(index, 1);
        this.start(waiting.user, waiting.kind);
        waiting.start();
      } else {
        index += 1;
      }
    }
  }
}
