// Jobs made to be operated on (operate_step_instance / operate_job_instance), each placed just
// before the simulator started (or restartJob) so it looks current, and each with the outcome
// its operations get (operations/live-job.ts runs them on the simulator's clock):
//   1500 deploy-web           step 2 failed on 4 of 6 hosts. Retrying the failed hosts: two
//                             succeed, two fail again (execute_count 1); a second retry fixes all,
//                             then steps 3 and 4 run (15 s each) and the job succeeds.
//   1510 release-with-approval waiting at a manual confirmation addressed to wangwu, the job's
//                             trigger (zhangsan) and bk_biz_maintainer (admin, wangwu); lisi may
//                             read it but not answer it (1244016).
//   1520 long-migration       running: step 2 takes 30 minutes, so it is running whenever a test
//                             looks; terminating it stops it (10 for 5 s, then 11).
//   1530 drain-and-notify     terminated, but GSE never confirmed: job and step 2 stay at 10
//                             "stopping", the one state forced skip (12) is accepted in.
import { HOST_STATUS, RUN_STATUS, START_WAY, STEP_TYPE, type SimHost, type SimJob } from "../model.js";
import type { HostOutcome, LiveScript } from "../operations/live-job.js";
import { TRIGGER_ROLE } from "../permissions.js";
import type { TimedHost, TimedJob } from "../timed-job.js";
import { scriptLog, simHost, simJob, simStep } from "./builders.js";

const SECOND = 1000;
const MINUTE = 60 * SECOND;

export const OPERABLE = {
  retryable: { bizId: 1, jobInstanceId: 1500 },
  awaitingConfirmation: { bizId: 1, jobInstanceId: 1510 },
  longRunning: { bizId: 1, jobInstanceId: 1520 },
  stuckStopping: { bizId: 1, jobInstanceId: 1530 },
} as const;

/** Step instance ids the tests operate on. */
export const OPERABLE_STEPS = {
  retryable: { fetch: 150001, deploy: 150002, restart: 150003, smoke: 150004 },
  awaitingConfirmation: { build: 151001, approve: 151002, deploy: 151003 },
  longRunning: { precheck: 152001, migrate: 152002 },
  stuckStopping: { prepare: 153001, drain: 153002, notify: 153003 },
} as const;

/** deploy-web's step 2: who failed, and who fails again on the first retry. */
export const RETRYABLE_HOSTS = {
  succeeded: ["10.0.15.1", "10.0.15.2"],
  failed: ["10.0.15.3", "10.0.15.4", "10.0.15.5", "10.0.15.6"],
  failAgainOnFirstRetry: ["10.0.15.5", "10.0.15.6"],
} as const;

export const CONFIRMATION = {
  users: ["wangwu"],
  roles: [TRIGGER_ROLE, "bk_biz_maintainer"],
  message: "Release web 2.15.0 to production? Check the canary dashboard first.",
  notifyChannels: ["wechat", "mail"],
} as const;

/** Whole seconds `secondsBefore` the simulator's start, as BK-JOB's times are. */
const before = (startedAt: number, secondsBefore: number): number => Math.floor(startedAt / SECOND) * SECOND - secondsBefore * SECOND;

function host(ip: string, startMs: number, seconds: number, pid: number, lastLine: string, failure?: Partial<SimHost>): SimHost {
  return simHost({
    ip,
    startTime: startMs,
    endTime: startMs + seconds * SECOND,
    log: scriptLog(startMs, pid, [[0, "job_start"], [seconds, lastLine]]),
    ...failure,
  });
}

export function retryableJob(startedAt: number): SimJob {
  const t0 = before(startedAt, 600);
  const deployAt = t0 + 20 * SECOND;
  const failure = (exitCode: number): Partial<SimHost> => ({ ipStatus: HOST_STATUS.nonZeroExitCode, exitCode });
  const s = OPERABLE_STEPS.retryable;
  return simJob({
    ...OPERABLE.retryable,
    bkJobId: 1501,
    name: "deploy-web",
    operator: "zhangsan",
    status: RUN_STATUS.failed,
    createTime: t0,
    endTime: deployAt + 40 * SECOND,
    currentStepInstanceId: s.deploy,
    steps: [
      simStep({
        stepInstanceId: s.fetch, name: "fetch-artifacts", status: RUN_STATUS.success, operator: "zhangsan", createTime: t0,
        startTime: t0, endTime: t0 + 18 * SECOND,
        hosts: [...RETRYABLE_HOSTS.succeeded, ...RETRYABLE_HOSTS.failed].map((ip, index) => host(ip, t0, 18, 15100 + index, "job_success")),
      }),
      simStep({
        stepInstanceId: s.deploy, name: "deploy", status: RUN_STATUS.failed, operator: "zhangsan", createTime: t0,
        startTime: deployAt, endTime: deployAt + 40 * SECOND,
        hosts: [
          ...RETRYABLE_HOSTS.succeeded.map((ip, index) => host(ip, deployAt, 30, 15200 + index, "job_success")),
          host("10.0.15.3", deployAt, 12, 15203, "job_fail: npm ERR! network timeout", failure(1)),
          host("10.0.15.4", deployAt, 9, 15204, "job_fail: port 8080 already in use", failure(2)),
          host("10.0.15.5", deployAt, 40, 15205, "job_fail: migration lock held by another deploy", failure(1)),
          host("10.0.15.6", deployAt, 40, 15206, "job_fail: migration lock held by another deploy", failure(1)),
        ],
      }),
      simStep({ stepInstanceId: s.restart, name: "restart-nginx", operator: "zhangsan", createTime: t0 }),
      simStep({ stepInstanceId: s.smoke, name: "smoke-test", operator: "zhangsan", createTime: t0 }),
    ],
  });
}

export function awaitingConfirmationJob(startedAt: number): SimJob {
  const t0 = before(startedAt, 120);
  const s = OPERABLE_STEPS.awaitingConfirmation;
  return simJob({
    ...OPERABLE.awaitingConfirmation,
    bkJobId: 1511,
    name: "release-with-approval",
    operator: "zhangsan",
    status: RUN_STATUS.waitingUser,
    createTime: t0,
    currentStepInstanceId: s.approve,
    steps: [
      simStep({
        stepInstanceId: s.build, name: "build", status: RUN_STATUS.success, operator: "zhangsan", createTime: t0,
        startTime: t0, endTime: t0 + 30 * SECOND,
        hosts: ["10.0.15.11", "10.0.15.12"].map((ip, index) => host(ip, t0, 30, 15300 + index, "job_success")),
      }),
      simStep({
        stepInstanceId: s.approve, name: "approve release", type: STEP_TYPE.manualConfirm, status: RUN_STATUS.waitingUser,
        operator: "zhangsan", createTime: t0, startTime: t0 + 31 * SECOND,
        confirmation: { ...CONFIRMATION, users: [...CONFIRMATION.users], roles: [...CONFIRMATION.roles], notifyChannels: [...CONFIRMATION.notifyChannels] },
      }),
      simStep({ stepInstanceId: s.deploy, name: "deploy", operator: "zhangsan", createTime: t0 }),
    ],
  });
}

const success: TimedHost["outcome"] = { ipStatus: HOST_STATUS.success, exitCode: 0, errorCode: 0, tag: "" };

function timedHost(ip: string, pid: number, fromMs: number, untilMs: number, text: string): TimedHost {
  return {
    ip, bkCloudId: 0, pid, runsFromMs: fromMs, runsUntilMs: untilMs, outcome: success,
    lines: [{ atMs: fromMs, text: "job_start" }, { atMs: fromMs + SECOND, text }, { atMs: untilMs, text: "job_success" }],
  };
}

export const LONG_RUNNING_TIMING = { precheckEndsAtMs: 10 * SECOND, jobEndsAtMs: 10 * SECOND + 30 * MINUTE } as const;

export function longRunningTimeline(): TimedJob {
  const { precheckEndsAtMs, jobEndsAtMs } = LONG_RUNNING_TIMING;
  const ips = ["10.0.15.21", "10.0.15.22", "10.0.15.23"];
  const s = OPERABLE_STEPS.longRunning;
  return {
    ...OPERABLE.longRunning,
    bkJobId: 1521,
    name: "long-migration",
    operator: "wangwu",
    startWay: START_WAY.web,
    endsAtMs: jobEndsAtMs,
    finalStatus: RUN_STATUS.success,
    steps: [
      {
        stepInstanceId: s.precheck, stepId: 1, name: "pre-check", type: STEP_TYPE.script, startsAtMs: 0, endsAtMs: precheckEndsAtMs,
        finalStatus: RUN_STATUS.success,
        hosts: ips.map((ip, index) => timedHost(ip, 15400 + index, 0, precheckEndsAtMs, "schema version 41")),
      },
      {
        stepInstanceId: s.migrate, stepId: 2, name: "migrate", type: STEP_TYPE.script, startsAtMs: precheckEndsAtMs, endsAtMs: jobEndsAtMs,
        finalStatus: RUN_STATUS.success,
        hosts: ips.map((ip, index) => timedHost(ip, 15410 + index, precheckEndsAtMs, jobEndsAtMs, "migrating orders: 0 of 48,000,000 rows")),
      },
    ],
  };
}

export function stuckStoppingJob(startedAt: number): SimJob {
  const t0 = before(startedAt, 300);
  const drainAt = t0 + 15 * SECOND;
  const s = OPERABLE_STEPS.stuckStopping;
  const running = (ip: string, pid: number): SimHost =>
    simHost({ ip, ipStatus: HOST_STATUS.running, startTime: drainAt, log: scriptLog(drainAt, pid, [[0, "job_start"], [2, "draining queue orders.v2"]]) });
  return simJob({
    ...OPERABLE.stuckStopping,
    bkJobId: 1531,
    name: "drain-and-notify",
    operator: "admin",
    status: RUN_STATUS.stopping,
    createTime: t0,
    currentStepInstanceId: s.drain,
    steps: [
      simStep({
        stepInstanceId: s.prepare, name: "prepare", status: RUN_STATUS.success, createTime: t0, startTime: t0, endTime: drainAt,
        hosts: ["10.0.15.31", "10.0.15.32"].map((ip, index) => host(ip, t0, 15, 15500 + index, "job_success")),
      }),
      simStep({
        stepInstanceId: s.drain, name: "drain-queue", status: RUN_STATUS.stopping, createTime: t0, startTime: drainAt,
        hosts: [running("10.0.15.31", 15510), running("10.0.15.32", 15511)],
      }),
      simStep({ stepInstanceId: s.notify, name: "notify", createTime: t0 }),
    ],
  });
}

const lockHeld: HostOutcome = { ipStatus: HOST_STATUS.nonZeroExitCode, exitCode: 1, errorCode: 0, tag: "", lastLine: "job_fail: migration lock held by another deploy" };

const SCRIPTS: ReadonlyMap<number, LiveScript> = new Map<number, LiveScript>([
  [
    OPERABLE.retryable.jobInstanceId,
    {
      retryOutcome: (before, executeCount) =>
        executeCount === 1 && (RETRYABLE_HOSTS.failAgainOnFirstRetry as readonly string[]).includes(before.ip) ? lockHeld : null,
    },
  ],
  [OPERABLE.stuckStopping.jobInstanceId, { stopNeverConfirms: true }],
]);

/** The outcomes a job's operations get; undefined: live-job.ts's defaults. */
export function liveScriptFor(jobInstanceId: number): LiveScript | undefined {
  return SCRIPTS.get(jobInstanceId);
}
