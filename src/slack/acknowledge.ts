// Acknowledging first, for real. Bolt's ack() answers Slack's HTTP request at once, but the
// listener then carries straight on (users.info, BK-JOB calls) before the event loop reads the
// next request, so under a burst every later acknowledgement waited for the earlier requests'
// work: 200 /joblog at once took 150 ms to acknowledge at p99 (bench/results.md). Here work that
// can wait waits until no request has been acknowledged for QUIET_MS: a burst is acknowledged in
// full first, even when it trickles in over a busy machine's event loop (one quiet turn of the
// loop was not enough: work slipped in between requests and the p99 doubled on two cores).
// Under a steady stream the work still starts within MAX_DEFER_MS, so nothing starves; Slack
// waits 3 s for an acknowledgement, and the answer follows on response_url or in the modal.

/** How long without a new acknowledgement counts as the burst being over. */
export const QUIET_MS = 10;
/** The longest follow-up work waits behind other requests' acknowledgements. */
export const MAX_DEFER_MS = 1_000;

export class Acknowledgements {
  private lastAck = 0;
  private firstWaiting = 0;
  private waiting: (() => void)[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly quietMs = QUIET_MS,
    private readonly maxDeferMs = MAX_DEFER_MS,
  ) {}

  /** An acknowledgement was just sent. */
  noted(): void {
    this.lastAck = performance.now();
  }

  /** Resolves once no acknowledgement has been sent for the quiet time (or the longest deferral has passed). */
  settled(): Promise<void> {
    return new Promise<void>((resolve) => {
      if (this.waiting.length === 0) this.firstWaiting = performance.now();
      this.waiting.push(resolve);
      this.timer ??= setTimeout(() => this.check(), this.quietMs);
    });
  }

  /** ack(), then wait until the requests already arriving have been acknowledged too. */
  async first(ack: () => Promise<void>): Promise<void> {
    await ack();
    this.noted();
    await this.settled();
  }

  private check(): void {
    const now = performance.now();
    const quietFor = now - this.lastAck;
    if (quietFor < this.quietMs && now - this.firstWaiting < this.maxDeferMs) {
      this.timer = setTimeout(() => this.check(), this.quietMs - quietFor);
      return;
    }
    this.timer = null;
    const ready = this.waiting;
    this.waiting = [];
    for (const resume of ready) resume();
  }
}

/** The process's acknowledgements: every listener notes its own, work that can wait waits here. */
export const acknowledgements = new Acknowledgements();

/** ack(), then wait for the burst it belongs to to be acknowledged. */
export const acknowledgeFirst = (ack: () => Promise<void>): Promise<void> => acknowledgements.first(ack);
