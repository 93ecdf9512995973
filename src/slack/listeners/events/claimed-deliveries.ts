// Which Slack deliveries were answered already, in this process or across replicas (over the
// EventClaims port: memory for one process, Redis for several), remembered ten minutes. A delivery is named by the most stable id it carries: the Events API's
// event_id (kept across X-Slack-Retry-Num retries), else the trigger_id of a command or a button
// press (one per user action), else the Socket Mode envelope_id.
import type { EventClaims } from "../../../ports/shared-state.js";

export const REMEMBER_DELIVERIES_MS = 10 * 60_000;

/** The key a delivery is claimed under, or null when it carries no id (then it is never a repeat). */
export function deliveryKey(body: unknown, envelopeId?: string | null): string | null {
  const ids = (body ?? {}) as { event_id?: unknown; trigger_id?: unknown };
  if (typeof ids.event_id === "string" && ids.event_id) return `event:${ids.event_id}`;
  if (typeof ids.trigger_id === "string" && ids.trigger_id) return `trigger:${ids.trigger_id}`;
  if (typeof envelopeId === "string" && envelopeId) return `envelope:${envelopeId}`;
  return null;
}

/** `isRepeat` is true when this delivery was claimed (here or on another replica) in the last ten minutes. */
export function claimedDeliveries(claims: EventClaims): { isRepeat(body: unknown, envelopeId?: string | null): Promise<boolean> } {
  return {
    async isRepeat(body, envelopeId) {
      const key = deliveryKey(body, envelopeId);
      if (key === null) return false;
      return !(await claims.claimOnce(key, REMEMBER_DELIVERIES_MS));
    },
  };
}
