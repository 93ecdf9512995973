// Time, behind a port: the pure core takes the time as an argument, and tests move a fake clock
// and fake timers by hand (test/support/fake-time.ts). The system ones are the defaults.

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

export interface Timers {
  setTimeout(callback: () => void, ms: number): { cancel(): void };
}

export const systemTimers: Timers = {
  setTimeout(callback, ms) {
    const handle = setTimeout(callback, ms);
    return { cancel: () => clearTimeout(handle) };
  },
};
