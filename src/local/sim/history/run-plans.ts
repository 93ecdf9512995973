// What the simulated businesses run, day after day: job plans launched by people and by API
// callers, cron jobs, and quick script and file executions, each with its steps, hosts, usual
// duration and ways to fail. job-history.ts draws the runs from this catalogue.
import { RUN_STATUS, START_WAY, STEP_TYPE } from "../model.js";

/** TaskTypeEnum: 0 job plan, 1 quick script, 2 quick file. */
export const TASK_TYPE = { plan: 0, script: 1, file: 2 } as const;

export interface PlanStep {
  name: string;
  type: number;
  /** What a host prints while it runs. */
  line: string;
}

export interface RunPlan {
  name: string;
  type: number;
  /** job_plan_id / job_template_id; -1 for quick executions, as bk-job stores them. */
  planId: number;
  templateId: number;
  steps: PlanStep[];
  hostCount: number;
  /** Seconds, whole run. */
  duration: readonly [min: number, max: number];
  /** Chance of each ending other than success, and the log line of a failing host. */
  failRate: number;
  stopRate: number;
  failLine: string;
  /** People who launch it from the web page; API launches name the caller's user. */
  operators: readonly string[];
  apiShare: number;
}

export interface CronPlan extends RunPlan {
  cronId: number;
  /** Who owns the cron: the operator of every run it launches. */
  owner: string;
  /** Beijing wall-clock launches: minutes after midnight. */
  launchesAt: readonly number[];
}

/** The BlueKing user that API launches (CI, other platforms) arrive as. */
export const API_CALLER = "ci-bot";

const script = (name: string, line: string): PlanStep => ({ name, type: STEP_TYPE.script, line });

export const DEPLOY_WEB: RunPlan = {
  name: "deploy-web", type: TASK_TYPE.plan, planId: 1001, templateId: 101,
  steps: [script("fetch-artifacts", "downloaded web-release.tar.gz"), script("deploy", "switching symlink to new release"), script("restart-nginx", "nginx: configuration file test is successful")],
  hostCount: 6, duration: [120, 420], failRate: 0.15, stopRate: 0.03,
  failLine: "job_fail: health check failed: dial tcp 127.0.0.1:8080: connect: connection refused",
  operators: ["zhangsan", "lisi"], apiShare: 0.3,
};

/** Plans people launch by hand (and CI through the API), a few times a day at most. */
export const MANUAL_PLANS: readonly (RunPlan & { perDay: readonly [min: number, max: number] })[] = [
  { ...DEPLOY_WEB, perDay: [0, 3] },
  {
    name: "deploy-api", type: TASK_TYPE.plan, planId: 1002, templateId: 102,
    steps: [script("fetch-artifacts", "downloaded api-release.tar.gz"), script("deploy", "running database migrations")],
    hostCount: 4, duration: [90, 300], failRate: 0.12, stopRate: 0.02, failLine: "job_fail: npm ERR! network timeout",
    operators: ["wangwu", "zhangsan"], apiShare: 0.5, perDay: [0, 2],
  },
  {
    name: "approve-then-release", type: TASK_TYPE.plan, planId: 1003, templateId: 103,
    steps: [script("build", "npm ci: added 812 packages"), { name: "release manager approval", type: STEP_TYPE.manualConfirm, line: "" }, script("release", "release done")],
    hostCount: 2, duration: [300, 1800], failRate: 0.1, stopRate: 0, failLine: "job_fail: build failed",
    operators: ["lisi"], apiShare: 0, perDay: [0, 1],
  },
  {
    name: "patch-kernel", type: TASK_TYPE.plan, planId: 1004, templateId: 104,
    steps: [script("pre-check", "kernel 5.4.0-150 running"), script("patch", "yum update kernel"), script("reboot", "rebooting")],
    hostCount: 8, duration: [600, 1500], failRate: 0.2, stopRate: 0.05,
    failLine: "job_fail: yum: Cannot find a valid baseurl for repo: updates", operators: ["wangwu"], apiShare: 0, perDay: [0, 0.3],
  },
  {
    name: "check-disk-usage", type: TASK_TYPE.script, planId: -1, templateId: -1,
    steps: [script("check-disk-usage", "df -h /data")], hostCount: 3, duration: [3, 20], failRate: 0.1, stopRate: 0,
    failLine: "job_fail: /data 97% used", operators: ["zhangsan", "lisi", "wangwu"], apiShare: 0.2, perDay: [1, 3],
  },
  {
    name: "push-nginx-conf", type: TASK_TYPE.file, planId: -1, templateId: -1,
    steps: [{ name: "push-nginx-conf", type: STEP_TYPE.file, line: "nginx.conf -> /etc/nginx/nginx.conf" }],
    hostCount: 4, duration: [10, 40], failRate: 0.1, stopRate: 0, failLine: "job_fail: No space left on device",
    operators: ["lisi"], apiShare: 0, perDay: [0, 2],
  },
];

/** Cron jobs: the 3 a.m. backup people ask about, log rotation every six hours, a daily renewal. */
export const CRON_PLANS: readonly CronPlan[] = [
  {
    name: "db-backup", type: TASK_TYPE.plan, planId: 1005, templateId: 105, cronId: 501, owner: "admin", launchesAt: [3 * 60],
    steps: [script("dump", "mysqldump --single-transaction orders"), script("upload", "uploading to cos://backup")],
    hostCount: 1, duration: [300, 900], failRate: 0.1, stopRate: 0,
    failLine: "job_fail: mysqldump: Got error: 2013: Lost connection to MySQL server during query",
    operators: [], apiShare: 0,
  },
  {
    name: "log-rotate", type: TASK_TYPE.plan, planId: 1006, templateId: 106, cronId: 502, owner: "admin",
    launchesAt: [30, 6 * 60 + 30, 12 * 60 + 30, 18 * 60 + 30],
    steps: [script("rotate", "logrotate /etc/logrotate.d/app")], hostCount: 3, duration: [5, 30], failRate: 0.03, stopRate: 0,
    failLine: "job_fail: gzip: /var/log/app/app.log.1: No space left on device", operators: [], apiShare: 0,
  },
  {
    name: "cert-renew", type: TASK_TYPE.plan, planId: 1007, templateId: 107, cronId: 503, owner: "lisi", launchesAt: [4 * 60 + 30],
    steps: [script("renew", "certbot renew")], hostCount: 2, duration: [20, 90], failRate: 0.05, stopRate: 0,
    failLine: "job_fail: acme: error: 429 :: too many certificates already issued", operators: [], apiShare: 0,
  },
];

export const LAUNCH = START_WAY;
export const ENDINGS = { success: RUN_STATUS.success, failed: RUN_STATUS.failed, stopped: RUN_STATUS.stopSuccess, rejected: RUN_STATUS.confirmTerminated } as const;
