// views.open, the one Slack call with a deadline: a trigger_id dies 3 s after the press. It goes
// straight to the Web API as one JSON POST, not through WebClient: WebClient's queue and retry
// wrappers put each call a few turns of the event loop behind the press, and under a burst of
// 50 presses that alone took the modal's p99 from about 90 ms to 110 ms and more (bench/
// results.md). Nothing is lost by skipping them: a retry, or a wait out of a rate limit, would
// outlive the trigger_id anyway. Every other Slack call keeps going through WebClient.
import type { Logger } from "../ports/logger.js";
import type { ModalOpener } from "../ports/modal-opener.js";

export interface ModalOpenerOptions {
  token: string;
  /** The Web API's base, ending in "/" (https://slack.com/api/ by default). */
  apiUrl: string;
  fetch: typeof fetch;
  logger: Logger;
}

/** The `error` Slack answered with, or what went wrong on the way; never the token. */
function describeFailure(error: unknown): string {
  if (error instanceof Error) return error.cause instanceof Error ? `${error.message}: ${error.cause.message}` : error.message;
  return String(error);
}

export function createModalOpener(options: ModalOpenerOptions): ModalOpener {
  const url = `${options.apiUrl}views.open`;
  return {
    async open(triggerId, view) {
      try {
        const response = await options.fetch(url, {
          method: "POST",
          headers: { "content-type": "application/json; charset=utf-8", authorization: `Bearer ${options.token}` },
          body: JSON.stringify({ trigger_id: triggerId, view }),
          redirect: "error",
        });
        if (response.status === 429) return { ok: false, error: "ratelimited" };
        const answer = (await response.json().catch(() => null)) as { ok?: unknown; error?: unknown; view?: { id?: unknown } } | null;
        if (response.status !== 200 || !answer) return { ok: false, error: `HTTP ${response.status}` };
        if (answer.ok === true && typeof answer.view?.id === "string") return { ok: true, viewId: answer.view.id };
        return { ok: false, error: typeof answer.error === "string" ? answer.error : "unknown_error" };
      } catch (error) {
        const failure = describeFailure(error);
        options.logger.warn({ failure }, "views.open did not reach Slack");
        return { ok: false, error: failure };
      }
    },
  };
}
