// trigger_ids as Slack hands them out with interactions: valid for 3 seconds, usable once
// (https://api.slack.com/docs/triggers). Tests mint them with `fake.triggerId()`.
import type { Clock } from "./fake-slack-types.js";

export const TRIGGER_LIFETIME_MS = 3_000;

interface Trigger {
  issuedAt: number;
  user: string | undefined;
  used: boolean;
}

/** Outcome of checking a trigger_id; errors use the views.* codes from docs.slack.dev. */
export type TriggerCheck =
  | { ok: true; user: string | undefined }
  | { ok: false; error: "invalid_trigger_id" | "expired_trigger_id" | "exchanged_trigger_id" };

export class TriggerRegistry {
  private readonly triggers = new Map<string, Trigger>();
  private sequence = 0;

  constructor(private readonly clock: Clock) {}

  mint(user?: string): string {
    this.sequence += 1;
    const now = this.clock.now();
    const id = `${this.sequence}.${Math.floor(now)}.${this.sequence.toString(16).padStart(8, "0")}fake`;
    this.triggers.set(id, { issuedAt: now, user, used: false });
    return id;
  }

  /** Checks without using it up, so a call that fails validation can be retried within the window. */
  check(id: string | undefined): TriggerCheck {
    const trigger = id === undefined ? undefined : this.triggers.get(id);
    if (!trigger) return { ok: false, error: "invalid_trigger_id" };
    if (trigger.used) return { ok: false, error: "exchanged_trigger_id" };
    const age = this.clock.now() - trigger.issuedAt;
    if (age > TRIGGER_LIFETIME_MS) return { ok: false, error: "expired_trigger_id" };
    return { ok: true, user: trigger.user };
  }

  use(id: string): void {
    const trigger = this.triggers.get(id);
    if (trigger) trigger.used = true;
  }
}
