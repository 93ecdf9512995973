// Every metric joblog exports on /metrics, in one place, with prom-client
// (https://github.com/siimon/prom-client). Names follow Prometheus' conventions
// (https://prometheus.io/docs/practices/naming/): the joblog_ prefix, _total counters, base units
// (_seconds, _bytes), and labels from small fixed sets only: never a user, channel or job id.
// One Registry per running joblog (tests start several in one process), with the default Node
// metrics (process CPU and memory, heap, event-loop lag as nodejs_eventloop_lag_seconds …).
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import type { BkJobCallRecord, Metrics, SlackCallOutcome } from "../ports/metrics.js";

/** What the follow gauges read at scrape time (FollowService's getters). */
export interface FollowGauges {
  active(): number;
  pollLagSeconds(): number;
  outboxDepth(): Promise<number>;
}

export interface JoblogMetrics extends Metrics {
  /** The follow gauges' source, known once the follow service exists. */
  observeFollows(gauges: FollowGauges): void;
  /** The Content-Type of `text()`: Prometheus' text format 0.0.4. */
  readonly contentType: string;
  text(): Promise<string>;
}

/** BK-JOB answers in tens of milliseconds to tens of seconds (BK_JOB_TIMEOUT_MS is 15 s by default). */
const BKJOB_SECONDS_BUCKETS = [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 15, 30];

export function createMetrics(): JoblogMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];

  const requests = new Counter({
    name: "joblog_requests_total",
    help: "People's requests (commands, mentions, buttons, link previews) by action and outcome, as the audit line records them.",
    labelNames: ["action", "outcome"] as const,
    registers,
  });
  const bkJobCalls = new Counter({
    name: "joblog_bkjob_calls_total",
    help: "Calls to BK-JOB by endpoint, protocol (BK_JOB_API) and outcome (ok or the error kind); a retried call counts once.",
    labelNames: ["api", "protocol", "outcome"] as const,
    registers,
  });
  const bkJobSeconds = new Histogram({
    name: "joblog_bkjob_call_duration_seconds",
    help: "How long a call to BK-JOB took, retries included, by endpoint and protocol.",
    labelNames: ["api", "protocol"] as const,
    buckets: BKJOB_SECONDS_BUCKETS,
    registers,
  });
  const bkJobBytes = new Counter({
    name: "joblog_bkjob_received_bytes_total",
    help: "Response body bytes received from BK-JOB, by endpoint and protocol.",
    labelNames: ["api", "protocol"] as const,
    registers,
  });
  const slackCalls = new Counter({
    name: "joblog_slack_api_calls_total",
    help: "Slack Web API calls by method and outcome: ok, error (ok:false), rate_limited (HTTP 429), http_error, network_error.",
    labelNames: ["method", "outcome"] as const,
    registers,
  });

  let follows: FollowGauges | null = null;
  new Gauge({
    name: "joblog_follows_active",
    help: "Follows running in this process.",
    registers,
    collect() {
      this.set(follows?.active() ?? 0);
    },
  });
  new Gauge({
    name: "joblog_follow_poll_lag_seconds",
    help: "How long past its scheduled poll the most overdue followed job's status has been awaited (0 when none is due).",
    registers,
    collect() {
      this.set(follows?.pollLagSeconds() ?? 0);
    },
  });
  new Gauge({
    name: "joblog_follow_outbox_depth",
    help: "Follow replies written to the outbox and not yet confirmed posted in Slack.",
    registers,
    async collect() {
      this.set(follows ? await follows.outboxDepth() : 0);
    },
  });

  return {
    request: (action, outcome) => requests.inc({ action, outcome }),
    bkJobCall(protocol: string, call: BkJobCallRecord) {
      const labels = { api: call.api, protocol };
      bkJobCalls.inc({ ...labels, outcome: call.outcome });
      bkJobSeconds.observe(labels, call.seconds);
      if (call.bytes > 0) bkJobBytes.inc(labels, call.bytes);
    },
    slackCall: (method: string, outcome: SlackCallOutcome) => slackCalls.inc({ method, outcome }),
    observeFollows(gauges) {
      follows = gauges;
    },
    contentType: registry.contentType,
    text: () => registry.metrics(),
  };
}
