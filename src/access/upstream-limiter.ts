// A cap on BK-JOB calls in flight for people's requests, with a per-user share: one person
// flooding joblog waits on their own share while everyone else's calls go ahead.
interface Waiting {
  user: string;
  start: () => void;
}

export class UpstreamLimiter {
  private inFlight = 0;
  private readonly perUser = new Map<string, number>();
  private readonly queue: Waiting[] = [];

  constructor(
    private readonly total: number,
    private readonly perUserMax: number,
  ) {}

  async run<T>(user: string, work: () => Promise<T>): Promise<T> {
    await this.acquire(user);
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

  private acquire(user: string): Promise<void> {
    // Whoever is queued is blocked (release() starts all it can): they never hold back a user with room.
    if (this.canStart(user)) {
      this.start(user);
      return Promise.resolve();
    }
    return new Promise((resolve) => this.queue.push({ user, start: resolve }));
  }

  private release(user: string): void {
    this.inFlight -= 1;
    const left = (this.perUser.get(user) ?? 1) - 1;
    if (left <= 0) this.perUser.delete(user);
    else this.perUser.set(user, left);
    // First come, first served, skipping anyone already at their share.
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
