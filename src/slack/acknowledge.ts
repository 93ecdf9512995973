// Acknowledging first, for real. Bolt's ack() answers Slack's HTTP request at once, but the
// listener then carries straight on (users.info, BK-JOB calls) before the event loop reads the
// next request, so under a burst every later acknowledgement waited for the earlier requests'
// work: 200 /joblog at once took 150 ms to acknowledge at p99 (bench/results.md). Here work that
// can wait waits until no request has been acknowledged for QUIET_MS: a burst is acknowledged in
// full first, even when it trickles in over a busy machine's event loop (one quiet turn of the
// loop was not enough: work slipped in between requests and the p99 doubled on two cores).
// Under a steady stream the work still starts within MAX_DEFER_MS, so nothing starves; Slack
// waits 3 s for an acknowledgement, and the answer follows on response_url or in the modal.
// One instance per app, built by the composition root on the real clock and timers.
import { systemClock, systemTimers, type Clock, type Timers } from "../ports/clock.js";

/** How long without a new acknowledgement counts as the burst being over. */
export const QUIET_MS = 10;
/** The longest follow-up work waits behind other requests' acknowledgements. */
export const MAX_DEFER_MS = 1_000;

export class Acknowledgements {
  private lastAck = 0;
  private firstWaiting = 0;
  private waiting: (() => void)[] = [];
  private timer: { cancel(): void } | null = null;

  constructor(
    private readonly quietMs = QUIET_MS,
    private readonly maxDeferMs = MAX_DEFER_MS,
    private readonly clock: Clock = systemClock,
    private readonly timers: Timers = systemTimers,
  ) {}

  /** An acknowledgement was just sent. */
  noted(): void {
    this.lastAck = this.clock.now();
  }

  /** Resolves once no acknowledgement has been sent for the quiet time (or the longest deferral has passed). */
  settled(): Promise<void> {
    return new Promise<void>((resolve) => {
      if (this.waiting.length === 0) this.firstWaiting = this.clock.now();
      this.waiting.push(resolve);
      this.timer ??= this.timers.setTimeout(() => this.check(), this.quietMs);
    });
  }

  /** ack(), then wait until the requests already arriving have been acknowledged too. */
  async first(ack: () => Promise<void>): Promise<void> {
    await ack();
    this.noted();
    await this.settled();
  }

  private check(): void {
    const now = this.clock.now();
    const quietFor = now - this.lastAck;
    if (quietFor < this.quietMs && now - this.firstWaiting < this.maxDeferMs) {
      this.timer = this.timers.setTimeout(() => this.check(), this.quietMs - quietFor);
      return;
    }
    this.timer = null;
    const ready = this.waiting;
    this.waiting = [];
    for (const resume of ready) resume();
  }
}
