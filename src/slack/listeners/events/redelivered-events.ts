// Slack re-delivers an event it thinks was not acknowledged (X-Slack-Retry-Num). Answering it
// twice would post two reports, so an event id seen in the last ten minutes is dropped. Only
// Events API bodies carry an event id; commands and buttons are never re-delivered this way.
import type { Clock } from "../../../ports/clock.js";

const REMEMBER_MS = 10 * 60_000;

/** Event ids seen lately: `isRepeat` is true for an id seen in the last ten minutes. */
export function redeliveredEvents(clock: Clock): { isRepeat(body: unknown): boolean } {
  const seen = new Map<string, number>();
  return {
    isRepeat(body) {
      const eventId = (body as { event_id?: unknown }).event_id;
      if (typeof eventId !== "string") return false;
      const now = clock.now();
      for (const [id, at] of seen) {
        if (now - at <= REMEMBER_MS) break; // insertion order: the rest are newer
        seen.delete(id);
      }
      if (seen.has(eventId)) return true;
      seen.set(eventId, now);
      return false;
    },
  };
}
