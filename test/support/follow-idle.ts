// Waits until a follow service has nothing in flight towards BK-JOB or Slack: whatever is left
// waits on a timer (the next poll, a rate-limited channel's pause). Tests and the bench move a
// fake clock between calls.

export async function whenIdle(follows: { inFlight(): number }): Promise<void> {
  let quietTurns = 0;
  while (quietTurns < 3) {
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (follows.inFlight() === 0) quietTurns += 1;
    else {
      quietTurns = 0;
      await new Promise<void>((resolve) => setTimeout(resolve, 2));
    }
  }
}
