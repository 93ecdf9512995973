// One operation at a time per job step: while one person's action is being sent to BK-JOB, a
// second press there (a double click, or two people at once) sends nothing and is told it is under
// way; once sent, the action is remembered for a while so a late second press hears who did it.
// In this process's memory: with several replicas, two presses that reach two replicas are
// told apart only by BK-JOB's own state check (the second then answers 1241003, explained).
import type { StepAction } from "../core/step-actions.js";
import type { Clock } from "../ports/clock.js";

export interface HeldAction {
  user: string;
  action: StepAction;
  at: number;
  state: "sending" | "sent";
}

/** How long a sent action is remembered for "already under way". */
export const SENT_REMEMBERED_MS = 10 * 60_000;

export class ActionLocks {
  private readonly held = new Map<string, HeldAction>();

  constructor(
    private readonly clock: Clock,
    private readonly rememberMs = SENT_REMEMBERED_MS,
  ) {}

  /** What is being sent, or was sent lately, at `key`. */
  holder(key: string): HeldAction | null {
    const current = this.held.get(key);
    if (current && current.state === "sent" && current.at + this.rememberMs <= this.clock.now()) {
      this.held.delete(key);
      return null;
    }
    return current ?? null;
  }

  /** Takes `key` to send an action; null when taken, else what holds it (someone is sending now). */
  begin(key: string, user: string, action: StepAction): HeldAction | null {
    const current = this.holder(key);
    if (current?.state === "sending") return current;
    this.held.set(key, { user, action, at: this.clock.now(), state: "sending" });
    return null;
  }

  /** BK-JOB took it. */
  sent(key: string): void {
    const current = this.held.get(key);
    if (current) current.state = "sent";
  }

  /** BK-JOB refused, or it never reached BK-JOB: the next press may try again. */
  release(key: string): void {
    this.held.delete(key);
  }
}
