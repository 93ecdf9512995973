// Slack re-delivers an event it thinks was not acknowledged (X-Slack-Retry-Num). Answering it
// twice would post two reports, so an event id seen in the last ten minutes is dropped.
import type { AnyMiddlewareArgs, Middleware } from "@slack/bolt";
import type { Clock } from "../../ports.js";

const REMEMBER_MS = 10 * 60_000;

export function skipRedeliveredEvents(clock: Clock): Middleware<AnyMiddlewareArgs> {
  const seen = new Map<string, number>();
  return async ({ body, next }) => {
    const eventId = (body as { event_id?: unknown }).event_id;
    if (typeof eventId !== "string") return next();
    const now = clock.now();
    for (const [id, at] of seen) {
      if (now - at <= REMEMBER_MS) break; // insertion order: the rest are newer
      seen.delete(id);
    }
    if (seen.has(eventId)) return;
    seen.set(eventId, now);
    await next();
  };
}
