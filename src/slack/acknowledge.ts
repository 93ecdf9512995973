// Acknowledging first, for real. Bolt's ack() answers Slack's HTTP request at once, but the
// listener then carries straight on (users.info, BK-JOB calls) before the event loop reads the
// next request, so under a burst every later acknowledgement waited for the earlier requests'
// work: 200 /joblog at once took 150 ms to acknowledge at p99 (bench/results.md). Here the work
// after ack() waits until no request has been acknowledged for QUIET_MS: a burst is acknowledged
// in full first, even when it trickles in over a busy machine's event loop (one quiet turn was
// not enough: work slipped in between requests and the p99 doubled on two cores). Under a
// steady stream the work still starts within MAX_DEFER_MS, so nothing starves; Slack waits 3 s
// for the acknowledgement and the report follows on its response_url.

/** How long without a new acknowledgement counts as the burst being over. */
export const QUIET_MS = 10;
/** The longest follow-up work waits behind other requests' acknowledgements. */
export const MAX_DEFER_MS = 1_000;

export class AcknowledgeFirst {
  private lastAck = 0;
  private firstWaiting = 0;
  private waiting: (() => void)[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly quietMs = QUIET_MS,
    private readonly maxDeferMs = MAX_DEFER_MS,
  ) {}

  /** ack(), then wait until the requests already arriving have been acknowledged too. */
  async run(ack: () => Promise<void>): Promise<void> {
    await ack();
    this.lastAck = performance.now();
    await new Promise<void>((resolve) => {
      if (this.waiting.length === 0) this.firstWaiting = this.lastAck;
      this.waiting.push(resolve);
      this.timer ??= setTimeout(() => this.check(), this.quietMs);
    });
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

const shared = new AcknowledgeFirst();

/** ack(), then wait for the burst it belongs to to be acknowledged (one queue for the process). */
export const acknowledgeFirst = (ack: () => Promise<void>): Promise<void> => shared.run(ack);
