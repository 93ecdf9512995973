// The scenario registry: which business/job id answers how. Tests, benchmarks and the CLI
// refer to scenarios by name through SCENARIOS; the server looks them up by job id.
import type { SimJob } from "./model.js";
import { GATEWAY_ERRORS, GATEWAY_MESSAGE } from "./gateway-errors.js";
import { fileTransferJob } from "./scenarios/file-transfer.js";
import { hugeLogJob } from "./scenarios/huge-log.js";
import { ipv6HostsJob } from "./scenarios/ipv6-hosts.js";
import { largeJob } from "./scenarios/large-job.js";
import { anchored, lazy } from "./scenarios/builders.js";
import { multiStepFailureJob } from "./scenarios/multi-step-failure.js";
import { awaitingConfirmationJob, longRunningTimeline, OPERABLE, retryableJob, stuckStoppingJob } from "./scenarios/operable.js";
import { manualConfirmJob, unknownStatusJob } from "./scenarios/paused-and-odd.js";
import { FLEET, fleetTimeline, isFleetJob } from "./scenarios/fleet.js";
import { canaryTimeline, rollingRestartTimeline } from "./scenarios/running-jobs.js";
import { seedJob } from "./scenarios/seed.js";
import { tenThousandHostsJob } from "./scenarios/ten-thousand-hosts.js";
import { secretLogsJob } from "./scenarios/secret-logs.js";
import { trickyLogsJob } from "./scenarios/tricky-logs.js";
import { causeCorpusJob, causeFleetJob } from "./scenarios/cause-corpus.js";
import type { TimedJob } from "./timed-job.js";
import type { GatewayError } from "./gateway-errors.js";

/** The credentials the simulator accepts unless told otherwise. Not a real secret. */
export { SIM_DEFAULTS } from "./sim-defaults.js";

/** Businesses that exist in the simulated CMDB; any other id answers 1243049. */
export const SIM_BUSINESSES: ReadonlyMap<number, string> = new Map([
  [1, "蓝鲸"],
  [2, "测试业务"],
]);

export const UNKNOWN_BIZ_ID = 9999;
export const UNKNOWN_JOB_INSTANCE_ID = 123456789;

export const SCENARIOS = {
  seed: { bizId: 1, jobInstanceId: 100 },
  seedOldFormat: { bizId: 1, jobInstanceId: 101 },
  otherBusiness: { bizId: 2, jobInstanceId: 120 },
  multiStepFailure: { bizId: 1, jobInstanceId: 200 },
  largeJob: { bizId: 1, jobInstanceId: 2000 },
  trickyLogs: { bizId: 1, jobInstanceId: 300 },
  secretLogs: { bizId: 1, jobInstanceId: 310 },
  hugeLog: { bizId: 1, jobInstanceId: 500 },
  running: { bizId: 1, jobInstanceId: 700 },
  /** The first of 200 identical running jobs (10000–10199), see scenarios/fleet.ts. */
  fleet: { bizId: 1, jobInstanceId: 10_000 },
  runningSuccess: { bizId: 1, jobInstanceId: 701 },
  manualConfirm: { bizId: 1, jobInstanceId: 800 },
  unknownStatus: { bizId: 1, jobInstanceId: 900 },
  permissionDenied: { bizId: 1, jobInstanceId: 403 },
  /** Readable only by its operator (zhangsan): anyone else gets 1238001, as BK-JOB's own check does. */
  operatorOnly: { bizId: 1, jobInstanceId: 410 },
  stepNotFound: { bizId: 1, jobInstanceId: 404 },
  gatewayError: { bizId: 1, jobInstanceId: 502 },
  serverErrorOnce: { bizId: 1, jobInstanceId: 503 },
  hang: { bizId: 1, jobInstanceId: 504 },
  truncated: { bizId: 1, jobInstanceId: 599 },
  ipv6Hosts: { bizId: 1, jobInstanceId: 610 },
  fileTransfer: { bizId: 1, jobInstanceId: 620 },
  tenThousandHosts: { bizId: 1, jobInstanceId: 9000 },
  rateLimited: { bizId: 1, jobInstanceId: 429 },
  backendTimeout: { bizId: 1, jobInstanceId: 1504 },
  /** Failing hosts labelled with their causes (scenarios/cause-corpus.ts), for the digest. */
  causeCorpus: { bizId: 1, jobInstanceId: 1600 },
  causeFleet: { bizId: 1, jobInstanceId: 9100 },
  // Made to be operated on (scenarios/operable.ts).
  ...OPERABLE,
} as const;

export type ScenarioName = keyof typeof SCENARIOS;

export interface RawHttpAnswer {
  status: number;
  contentType: string;
  body: string;
}

export type ScenarioBehaviour =
  /**
   * A finished (or frozen) job; `job()` is memoised, so big data is built once. A job whose times
   * should look recent (one still waiting) is built from the moment the simulator started.
   */
  | { kind: "job"; job: (simulatorStartedAt: number) => SimJob }
  /** A job that advances with the simulator's clock. */
  | { kind: "timed"; timeline: TimedJob }
  /** BK-JOB answers `result:false` with this code (1238001 adds the IAM payload). */
  | { kind: "bkjob-error"; code: number }
  /** Something in front of BK-JOB answers instead (nginx, the gateway). */
  | { kind: "http-error"; answer: RawHttpAnswer }
  /** The API gateway refuses the call with its own error (HTTP 4xx/5xx, 16xxxxx, code_name). */
  | { kind: "gateway-error"; error: GatewayError; message: string; headers?: Record<string, string> }
  /** HTTP 200 with the first part of a real answer about `job()`. */
  | { kind: "truncated"; job: () => SimJob }
  /** Never answers. */
  | { kind: "hang" }
  /** `answer` on the first request for this job, then answers about `job()`. */
  | { kind: "fail-once"; answer: RawHttpAnswer; job: () => SimJob }
  /** `job()` for its operator; 1238001 with the IAM payload for any other bk_username. */
  | { kind: "operator-only"; job: () => SimJob };

export interface Scenario {
  name: ScenarioName;
  bizId: number;
  jobInstanceId: number;
  description: string;
  behaviour: ScenarioBehaviour;
}

const NGINX_502 = "<html><body><h1>502 Bad Gateway</h1></body></html>";
const NGINX_503 =
  "<html>\r\n<head><title>503 Service Temporarily Unavailable</title></head>\r\n<body>\r\n" +
  "<center><h1>503 Service Temporarily Unavailable</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";

const { seed, seedOldFormat, otherBusiness } = SCENARIOS;

export const SCENARIO_LIST: readonly Scenario[] = [
  {
    name: "seed",
    ...seed,
    description: "the seed document's example, as bk-job 3.x serialises it (1 step, 1 host, success)",
    behaviour: { kind: "job", job: lazy(() => seedJob(seed)) },
  },
  {
    name: "seedOldFormat",
    ...seedOldFormat,
    description: "the same job spelled like the old 2.x docs: retry_count, \" +0800\" times, code \"0\", extra fields",
    behaviour: { kind: "job", job: lazy(() => seedJob({ ...seedOldFormat, format: "old-docs" })) },
  },
  {
    name: "otherBusiness",
    ...otherBusiness,
    description: "a seed-like job that lives in business 2 (ask business 1 for it: 1244006)",
    behaviour: {
      kind: "job",
      job: lazy(() => seedJob({ ...otherBusiness, stepInstanceId: 12001, name: "other-business-check" })),
    },
  },
  {
    name: "multiStepFailure",
    ...SCENARIOS.multiStepFailure,
    description: "deploy-web-release: 4 steps, step 2 failed (exit 1/2/127, disk_full tag, agent error, timeout), 3-4 pending",
    behaviour: { kind: "job", job: lazy(() => multiStepFailureJob(SCENARIOS.multiStepFailure)) },
  },
  {
    name: "largeJob",
    ...SCENARIOS.largeJob,
    description: "patch-kernel: 1 step on 2,000 hosts, 10 failed in 3 groups, 2 hosts in BK-Net 2",
    behaviour: { kind: "job", job: lazy(() => largeJob(SCENARIOS.largeJob)) },
  },
  {
    name: "trickyLogs",
    ...SCENARIOS.trickyLogs,
    description: "tricky-output: Chinese, emoji, <!channel>/<@U…>/links, &amp;, fences, ANSI, CRLF, 5,000-char line, 300-char tag",
    behaviour: { kind: "job", job: lazy(() => trickyLogsJob(SCENARIOS.trickyLogs)) },
  },
  {
    name: "secretLogs",
    ...SCENARIOS.secretLogs,
    description: "leaky-deploy: logs print passwords, tokens, an AWS key, Authorization headers, mysql -p, a URL password, a private key",
    behaviour: { kind: "job", job: lazy(() => secretLogsJob(SCENARIOS.secretLogs)) },
  },
  {
    name: "hugeLog",
    ...SCENARIOS.hugeLog,
    description: "dump-5mb: one failed host with a ~5 MB log, plus two small hosts",
    behaviour: { kind: "job", job: lazy(() => hugeLogJob(SCENARIOS.hugeLog)) },
  },
  {
    name: "running",
    ...SCENARIOS.running,
    description: "rolling-restart: runs from simulator start; step 1 0-20 s, step 2 20-40 s fails at 40 s, step 3 never runs",
    behaviour: { kind: "timed", timeline: rollingRestartTimeline(SCENARIOS.running) },
  },
  {
    name: "runningSuccess",
    ...SCENARIOS.runningSuccess,
    description: "canary-deploy: runs from simulator start; 3 steps of 10 s, succeeds at 30 s",
    behaviour: { kind: "timed", timeline: canaryTimeline(SCENARIOS.runningSuccess) },
  },
  {
    name: "manualConfirm",
    ...SCENARIOS.manualConfirm,
    description: "approve-then-deploy: waiting at a manual-confirm step (job and step status 7), launched 2.5 min before simulator start",
    behaviour: { kind: "job", job: anchored((startedAt) => manualConfirmJob(SCENARIOS.manualConfirm, startedAt)) },
  },
  {
    name: "unknownStatus",
    ...SCENARIOS.unknownStatus,
    description: "future-status: a step with status 42 and hosts with ip_status 777",
    behaviour: { kind: "job", job: lazy(() => unknownStatusJob(SCENARIOS.unknownStatus)) },
  },
  {
    name: "permissionDenied",
    ...SCENARIOS.permissionDenied,
    description: "1238001 permission denied, with the IAM `permission` payload (view_history on the business)",
    behaviour: { kind: "bkjob-error", code: 1238001 },
  },
  {
    name: "operatorOnly",
    ...SCENARIOS.operatorOnly,
    description: "the failing deploy, readable only by its operator zhangsan (others: 1238001 with the IAM payload)",
    behaviour: { kind: "operator-only", job: lazy(() => multiStepFailureJob(SCENARIOS.operatorOnly)) },
  },
  {
    name: "stepNotFound",
    ...SCENARIOS.stepNotFound,
    description: "1244007 step instance does not exist",
    behaviour: { kind: "bkjob-error", code: 1244007 },
  },
  {
    name: "gatewayError",
    ...SCENARIOS.gatewayError,
    description: "HTTP 502 with an HTML body",
    behaviour: { kind: "http-error", answer: { status: 502, contentType: "text/html", body: NGINX_502 } },
  },
  {
    name: "serverErrorOnce",
    ...SCENARIOS.serverErrorOnce,
    description: "HTTP 503 (nginx HTML) on the first request for this job, then a normal seed-like answer",
    behaviour: {
      kind: "fail-once",
      answer: { status: 503, contentType: "text/html", body: NGINX_503 },
      job: lazy(() => seedJob({ ...SCENARIOS.serverErrorOnce, stepInstanceId: 50301, name: "flaky-upstream" })),
    },
  },
  {
    name: "hang",
    ...SCENARIOS.hang,
    description: "never answers (until the client gives up or the simulator closes)",
    behaviour: { kind: "hang" },
  },
  {
    name: "truncated",
    ...SCENARIOS.truncated,
    description: "HTTP 200 application/json whose body stops mid-way (a prefix of a real answer)",
    behaviour: {
      kind: "truncated",
      job: lazy(() => multiStepFailureJob(SCENARIOS.truncated)),
    },
  },
  {
    name: "ipv6Hosts",
    ...SCENARIOS.ipv6Hosts,
    description: "ipv6-canary: 4 hosts, one IPv6-only (fd00:6::21, bk_host_id 6021) and one dual-stack; 2 fail",
    behaviour: { kind: "job", job: lazy(() => ipv6HostsJob(SCENARIOS.ipv6Hosts)) },
  },
  {
    name: "fileTransfer",
    ...SCENARIOS.fileTransfer,
    description: "distribute-config: a file-distribution step to 3 hosts (disk full, timeout), file logs per host",
    behaviour: { kind: "job", job: lazy(() => fileTransferJob(SCENARIOS.fileTransfer)) },
  },
  {
    name: "tenThousandHosts",
    ...SCENARIOS.tenThousandHosts,
    description: "patch-kernel-fleet: 1 step on 10,000 hosts, 5 failed (the gateway benchmark's job)",
    behaviour: { kind: "job", job: lazy(() => tenThousandHostsJob(SCENARIOS.tenThousandHosts)) },
  },
  {
    name: "rateLimited",
    ...SCENARIOS.rateLimited,
    description: "the API gateway's 429 RATE_LIMIT_RESTRICTION (1642901) with X-Bkapi-RateLimit-* headers, reset in 42 s",
    behaviour: {
      kind: "gateway-error",
      error: GATEWAY_ERRORS.rateLimited,
      message: GATEWAY_MESSAGE.rateLimited,
      headers: {
        "X-Bkapi-RateLimit-Limit": "20",
        "X-Bkapi-RateLimit-Remaining": "0",
        "X-Bkapi-RateLimit-Reset": "42",
        "X-Bkapi-RateLimit-Plugin": "bk-rate-limit",
      },
    },
  },
  {
    name: "backendTimeout",
    ...SCENARIOS.backendTimeout,
    description: "the API gateway's 504 REQUEST_BACKEND_TIMEOUT (1650401): BK-JOB did not answer it in time",
    behaviour: { kind: "gateway-error", error: GATEWAY_ERRORS.backendTimeout, message: GATEWAY_MESSAGE.backendTimeout },
  },
  fleetScenario(SCENARIOS.fleet.jobInstanceId),
  {
    name: "causeCorpus",
    ...SCENARIOS.causeCorpus,
    description: "deploy-app-corpus: 200 hosts, 150 fail for 21 labelled causes (noise: numbers, paths, traces, CJK, ANSI, warnings)",
    behaviour: { kind: "job", job: lazy(() => causeCorpusJob(SCENARIOS.causeCorpus)) },
  },
  {
    name: "causeFleet",
    ...SCENARIOS.causeFleet,
    description: "deploy-app-fleet: 10,000 hosts, 2,000 fail for the same labelled causes (the digest benchmark's job)",
    behaviour: { kind: "job", job: lazy(() => causeFleetJob(SCENARIOS.causeFleet)) },
  },
  {
    name: "retryable",
    ...SCENARIOS.retryable,
    description: "deploy-web: step 2 failed on 4 of 6 hosts; a retry fixes 2, a second retry the rest (operate_step_instance)",
    behaviour: { kind: "job", job: anchored(retryableJob) },
  },
  {
    name: "awaitingConfirmation",
    ...SCENARIOS.awaitingConfirmation,
    description: "release-with-approval: waiting for wangwu, zhangsan or a maintainer to confirm (lisi may not: 1244016)",
    behaviour: { kind: "job", job: anchored(awaitingConfirmationJob) },
  },
  {
    name: "longRunning",
    ...SCENARIOS.longRunning,
    description: "long-migration: runs from simulator start, step 2 for 30 minutes (operate_job_instance 1 terminates it)",
    behaviour: { kind: "timed", timeline: longRunningTimeline() },
  },
  {
    name: "stuckStopping",
    ...SCENARIOS.stuckStopping,
    description: "drain-and-notify: terminated but never confirmed by GSE, step 2 stopping (status 10): forced skip (12) applies",
    behaviour: { kind: "job", job: anchored(stuckStoppingJob) },
  },
];

const BY_JOB_ID: ReadonlyMap<number, Scenario> = new Map(
  SCENARIO_LIST.map((scenario) => [scenario.jobInstanceId, scenario]),
);

function fleetScenario(jobInstanceId: number): Scenario {
  return {
    name: "fleet",
    bizId: FLEET.bizId,
    jobInstanceId,
    description: "one of 200 identical running jobs (10000–10199) for the follow benchmark",
    behaviour: { kind: "timed", timeline: fleetTimeline(jobInstanceId) },
  };
}

const FLEET_SCENARIOS = new Map<number, Scenario>();

export function findScenario(jobInstanceId: number): Scenario | undefined {
  const scenario = BY_JOB_ID.get(jobInstanceId);
  if (scenario || !isFleetJob(jobInstanceId)) return scenario;
  // The rest of the fleet: built on first use, then kept like the others.
  let fleet = FLEET_SCENARIOS.get(jobInstanceId);
  if (!fleet) {
    fleet = fleetScenario(jobInstanceId);
    FLEET_SCENARIOS.set(jobInstanceId, fleet);
  }
  return fleet;
}
