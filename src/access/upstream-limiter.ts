// A cap on BK-JOB calls in flight for people's requests, with a per-user share: one person
// flooding joblog waits on their own share while everyone else's calls go ahead.
//
// Who goes first when calls wait: the oldest request. Each request (a report, a Show log) takes
// a ticket when it starts, and every call it makes waits behind the calls of older requests
// only. First come first served per call made every report's second call queue behind every
// later report's first, so under a burst all answers arrived together at the very end.
import type { CallGate } from "../ports/job-api.js";

interface Waiting {
  user: string;
  ticket: number;
  start: () => void;
}

export class UpstreamLimiter {
  private inFlight = 0;
  private nextTicket = 0;
  private readonly perUser = new Map<string, number>();
  /** Ordered by ticket, then arrival. */
  private readonly queue: Waiting[] = [];

  constructor(
    private readonly total: number,
    private readonly perUserMax: number,
  ) {}

  /** A gate for one request's calls, as `user`: they go before those of requests started later. */
  gateFor(user: string): CallGate {
    const ticket = this.nextTicket++;
    return { run: (work) => this.run(user, work, ticket) };
  }

  /** Runs `work` when a slot is free within the user's share; `ticket` orders it among those waiting. */
  async run<T>(user: string, work: () => Promise<T>, ticket = this.nextTicket++): Promise<T> {
    await this.acquire(user, ticket);
    try {
      return await work();
    } finally {
      this.release(user);
    }
  }

  /** Calls in flight now (for tests). */
  get active(): number {
    return this.inFlight;
  }

  private canStart(user: string): boolean {
    return this.inFlight < this.total && (this.perUser.get(user) ?? 0) < this.perUserMax;
  }

  private start(user: string): void {
    this.inFlight += 1;
    this.perUser.set(user, (this.perUser.get(user) ?? 0) + 1);
  }

  private acquire(user: string, ticket: number): Promise<void> {
    // Whoever is queued is blocked (release() starts all it can): they never hold back a user with room.
    if (this.canStart(user)) {
      this.start(user);
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
      this.queue.splice(low, 0, { user, ticket, start: resolve });
    });
  }

  private release(user: string): void {
    this.inFlight -= 1;
    const left = (this.perUser.get(user) ?? 1) - 1;
    if (left <= 0) this.perUser.delete(user);
    else this.perUser.set(user, left);
    // Oldest request first, skipping anyone already at their share.
    for (let index = 0; index < this.queue.length && this.inFlight < this.total; ) {
      const waiting = this.queue[index]!;
      if (this.canStart(waiting.user)) {
        this.queue.splice(index, 1);
        this.start(waiting.user);
        waiting.start();
      } else {
        index += 1;
      }
    }
  }
}
