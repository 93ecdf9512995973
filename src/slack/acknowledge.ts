// Acknowledging first, for real. Bolt's ack() answers Slack's HTTP request at once, but the
// listener then carries straight on (users.info, BK-JOB calls) before the event loop reads the
// next request, so under a burst every later acknowledgement waited for the earlier requests'
// work: 200 /joblog at once took 150 ms to acknowledge at p99 (bench/results.md). Here the work
// after ack() waits for a turn of the event loop in which no request was acknowledged: a burst
// is acknowledged in full first. Under a steady stream the work still starts within
// MAX_DEFER_MS, so nothing starves.

/** The longest follow-up work waits behind other requests' acknowledgements. */
export const MAX_DEFER_MS = 200;

let acknowledged = 0;
let waiting: (() => void)[] = [];
let watching = false;

/** Releases the waiting work at the first turn without a new acknowledgement, or after MAX_DEFER_MS. */
function watch(seen: number, since: number): void {
  setImmediate(() => {
    if (acknowledged !== seen && performance.now() - since < MAX_DEFER_MS) {
      watch(acknowledged, since);
      return;
    }
    const ready = waiting;
    waiting = [];
    watching = false;
    for (const resume of ready) resume();
  });
}

/** ack(), then wait until the requests already arriving have been acknowledged too. */
export async function acknowledgeFirst(ack: () => Promise<void>): Promise<void> {
  await ack();
  acknowledged += 1;
  await new Promise<void>((resolve) => {
    waiting.push(resolve);
    if (watching) return;
    watching = true;
    watch(acknowledged, performance.now());
  });
}
