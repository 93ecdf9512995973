// Jobs that advance with the injected clock. Each run starts when the simulator starts (the
// clock's now() at startSimulator) or when a test calls simulator.restartJob(id).
//
// rolling-restart (fails):
//   0–20 s   step 1 "pre-check" on 3 hosts in parallel; hosts finish at 8, 14 and 20 s.
//   20–40 s  step 2 "restart-app", rolling one host at a time: A 20–28 ok, B 28–35 fails
//            (ip_status 104, exit 1), C 35–40 ok. Step 2 and the job fail at 40 s.
//   step 3 "post-check" never starts (status 1, no hosts).
// canary-deploy (succeeds): three 10 s steps on 2 hosts; the job succeeds at 30 s.
import { HOST_STATUS, RUN_STATUS, START_WAY, STEP_TYPE } from "../model.js";
import type { TimedHost, TimedJob, TimedLogLine } from "../timed-job.js";

const SECOND = 1000;

/** The moments tests need, in ms after the run started. */
export const ROLLING_RESTART_TIMING = {
  preCheckEndsAtMs: 20 * SECOND,
  preCheckHostsEndAtMs: [8 * SECOND, 14 * SECOND, 20 * SECOND],
  restartHostRunsMs: [
    [20 * SECOND, 28 * SECOND],
    [28 * SECOND, 35 * SECOND],
    [35 * SECOND, 40 * SECOND],
  ],
  hostFailsAtMs: 35 * SECOND,
  restartEndsAtMs: 40 * SECOND,
  jobEndsAtMs: 40 * SECOND,
} as const;

export const CANARY_TIMING = { stepMs: 10 * SECOND, jobEndsAtMs: 30 * SECOND } as const;

const ok: TimedHost["outcome"] = { ipStatus: HOST_STATUS.success, exitCode: 0, errorCode: 0, tag: "" };
const lines = (entries: [seconds: number, text: string][]): TimedLogLine[] =>
  entries.map(([seconds, text]) => ({ atMs: seconds * SECOND, text }));

function host(
  ip: string,
  pid: number,
  fromSeconds: number,
  untilSeconds: number,
  entries: [number, string][],
  outcome = ok,
): TimedHost {
  return {
    ip,
    bkCloudId: 0,
    pid,
    runsFromMs: fromSeconds * SECOND,
    runsUntilMs: untilSeconds * SECOND,
    outcome,
    lines: lines(entries),
  };
}

const ROLLING_HOSTS = ["10.0.7.1", "10.0.7.2", "10.0.7.3"] as const;

function preCheckHost(index: number): TimedHost {
  const until = (ROLLING_RESTART_TIMING.preCheckHostsEndAtMs[index] ?? 0) / SECOND;
  return host(ROLLING_HOSTS[index] ?? "", 4101 + index, 0, until, [
    [0, "job_start"],
    [until * 0.25, "checking disk space: /data 41% used"],
    [until * 0.5, "checking app health: 200 OK"],
    [until, "job_success"],
  ]);
}

/** Host `index` of the rolling restart, over its slot in ROLLING_RESTART_TIMING. */
function restartHost(index: number, outcome = ok): TimedHost {
  const [fromMs = 0, untilMs = 0] = ROLLING_RESTART_TIMING.restartHostRunsMs[index] ?? [];
  const from = fromMs / SECOND;
  const until = untilMs / SECOND;
  const healthy = outcome.ipStatus === HOST_STATUS.success;
  return host(ROLLING_HOSTS[index] ?? "", 4201 + index, from, until, [
    [from, "job_start"],
    [from + 1, "systemctl stop app.service"],
    [from + 2.5, "systemctl start app.service"],
    healthy
      ? [until - 1.5, "health check ok (200)"]
      : [until - 2, "health check failed: dial tcp 127.0.0.1:8080: connect: connection refused"],
    healthy ? [until, "job_success"] : [until, "job_fail: app did not become healthy within 5s"],
  ], outcome);
}

export function rollingRestartTimeline(ids: { bizId: number; jobInstanceId: number }): TimedJob {
  return {
    ...ids,
    bkJobId: 7007,
    name: "rolling-restart",
    operator: "admin",
    startWay: START_WAY.web,
    endsAtMs: ROLLING_RESTART_TIMING.jobEndsAtMs,
    finalStatus: RUN_STATUS.failed,
    steps: [
      {
        stepInstanceId: 70001,
        stepId: 1,
        name: "pre-check",
        type: STEP_TYPE.script,
        startsAtMs: 0,
        endsAtMs: ROLLING_RESTART_TIMING.preCheckEndsAtMs,
        finalStatus: RUN_STATUS.success,
        hosts: [preCheckHost(0), preCheckHost(1), preCheckHost(2)],
      },
      {
        stepInstanceId: 70002,
        stepId: 2,
        name: "restart-app",
        type: STEP_TYPE.script,
        startsAtMs: ROLLING_RESTART_TIMING.preCheckEndsAtMs,
        endsAtMs: ROLLING_RESTART_TIMING.restartEndsAtMs,
        finalStatus: RUN_STATUS.failed,
        hosts: [
          restartHost(0),
          restartHost(1, { ipStatus: HOST_STATUS.nonZeroExitCode, exitCode: 1, errorCode: 0, tag: "" }),
          restartHost(2),
        ],
      },
      {
        stepInstanceId: 70003,
        stepId: 3,
        name: "post-check",
        type: STEP_TYPE.script,
        startsAtMs: null,
        endsAtMs: null,
        finalStatus: RUN_STATUS.pending,
        hosts: [],
      },
    ],
  };
}

export function canaryTimeline(ids: { bizId: number; jobInstanceId: number }): TimedJob {
  const names = ["download", "switch-symlink", "verify"] as const;
  return {
    ...ids,
    bkJobId: 7017,
    name: "canary-deploy",
    operator: "admin",
    startWay: START_WAY.api,
    endsAtMs: CANARY_TIMING.jobEndsAtMs,
    finalStatus: RUN_STATUS.success,
    steps: names.map((name, index) => {
      const from = index * 10;
      return {
        stepInstanceId: 70101 + index,
        stepId: index + 1,
        name,
        type: STEP_TYPE.script,
        startsAtMs: from * SECOND,
        endsAtMs: (from + 10) * SECOND,
        finalStatus: RUN_STATUS.success,
        hosts: [
          host("10.0.7.11", 4301 + index, from, from + 6, [
            [from, "job_start"],
            [from + 3, `${name}: in progress`],
            [from + 6, "job_success"],
          ]),
          host("10.0.7.12", 4311 + index, from, from + 10, [
            [from, "job_start"],
            [from + 5, `${name}: in progress`],
            [from + 10, "job_success"],
          ]),
        ],
      };
    }),
  };
}
