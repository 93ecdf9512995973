// Counts Slack Web API calls by method and outcome for /metrics, around the fetch every WebClient
// and the modal opener share: the method is the URL's last segment (…/api/chat.postMessage), the
// outcome Slack's own answer: HTTP 429 is "rate_limited" (https://docs.slack.dev/apis/web-api/rate-limits),
// a 200 with `ok: false` is "error". Responses are small JSON bodies: reading a clone costs little.
import type { Metrics, SlackCallOutcome } from "../ports/metrics.js";

type Fetch = typeof globalThis.fetch;

/** Slack's method names: letters and dots. Anything else (a response_url, an upload URL) is not a Web API call. */
const METHOD = /\/api\/([a-zA-Z]+(?:\.[a-zA-Z]+)+)$/;

function methodOf(input: Parameters<Fetch>[0]): string | null {
  const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
  try {
    return METHOD.exec(new URL(url).pathname)?.[1] ?? null;
  } catch {
    return null;
  }
}

async function outcomeOf(response: Response): Promise<SlackCallOutcome> {
  if (response.status === 429) return "rate_limited";
  if (!response.ok) return "http_error";
  try {
    const body = (await response.clone().json()) as { ok?: unknown };
    return body.ok === true ? "ok" : "error";
  } catch {
    return "http_error";
  }
}

export function meteredSlackFetch(fetch: Fetch, metrics: Metrics): Fetch {
  return async (input, init) => {
    const method = methodOf(input);
    if (method === null) return fetch(input, init);
    let response: Response;
    try {
      response = await fetch(input, init);
    } catch (error) {
      metrics.slackCall(method, "network_error");
      throw error;
    }
    metrics.slackCall(method, await outcomeOf(response));
    return response;
  };
}
