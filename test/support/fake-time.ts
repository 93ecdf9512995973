// A clock and timers that only move when a test says so. `advance` fires due timers in time
// order; callers then await whatever asynchronous work those timers started.
import type { Clock, Timers } from "../../src/ports/clock.js";

interface PendingTimer {
  at: number;
  order: number;
  callback: () => void;
  cancelled: boolean;
}

export class FakeTime implements Clock, Timers {
  private current: number;
  private order = 0;
  private timers: PendingTimer[] = [];

  constructor(start = Date.UTC(2026, 10, 24, 2, 0, 0)) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  setTimeout(callback: () => void, ms: number): { cancel(): void } {
    const timer: PendingTimer = { at: this.current + Math.max(0, ms), order: this.order++, callback, cancelled: false };
    this.timers.push(timer);
    return { cancel: () => void (timer.cancelled = true) };
  }

  /** The time of the next pending timer, or null. */
  nextTimerAt(): number | null {
    const live = this.timers.filter((timer) => !timer.cancelled);
    return live.length === 0 ? null : Math.min(...live.map((timer) => timer.at));
  }

  pendingTimers(): number {
    return this.timers.filter((timer) => !timer.cancelled).length;
  }

  /** Moves time forward by ms, firing every timer that falls due, in order. */
  advance(ms: number): void {
    const target = this.current + ms;
    for (;;) {
      const due = this.timers
        .filter((timer) => !timer.cancelled && timer.at <= target)
        .sort((a, b) => a.at - b.at || a.order - b.order)[0];
      if (!due) break;
      due.cancelled = true;
      this.current = Math.max(this.current, due.at);
      due.callback();
    }
    this.timers = this.timers.filter((timer) => !timer.cancelled);
    this.current = target;
  }
}
