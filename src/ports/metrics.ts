// What joblog counts for /metrics, as the adapters report it: the BK-JOB clients each call they
// make, the Slack transport each Web API call, the request gate each request. The Prometheus
// side (names, labels, buckets) is src/observability/metrics.ts; tests and the terminal command
// use NO_METRICS.

/** One call to BK-JOB, retries included, as src/bkjob/bk-call.ts ends it. */
export interface BkJobCallRecord {
  /** The endpoint, e.g. "get_job_instance_status": a fixed set. */
  api: string;
  /** "ok", or the UpstreamError kind ("not_found", "timeout", "network" …). */
  outcome: string;
  /** BK-JOB (or its gateway) sent an HTTP answer below 500: it is up, whatever it said. */
  answered: boolean;
  seconds: number;
  /** Body bytes received, over every attempt. */
  bytes: number;
}

/** How a Slack Web API call ended: "ok", "error" (ok:false), "rate_limited" (HTTP 429), "http_error", "network_error". */
export type SlackCallOutcome = "ok" | "error" | "rate_limited" | "http_error" | "network_error";

export interface Metrics {
  /** A person's request, as the audit line records it (action and outcome only: never who). */
  request(action: string, outcome: string): void;
  /** protocol: BK_JOB_API ("esb-v2", "esb-v3", "apigw-v3"). */
  bkJobCall(protocol: string, call: BkJobCallRecord): void;
  slackCall(method: string, outcome: SlackCallOutcome): void;
}

export const NO_METRICS: Metrics = { request: () => {}, bkJobCall: () => {}, slackCall: () => {} };
