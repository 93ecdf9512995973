// "deploy-web-release": a realistic failed deployment. Step 2 fails on several hosts for
// different reasons (non-zero exits, a disk-full tag, an agent error, a timeout) while other
// hosts succeed; steps 3 and 4 never start.
import { beijingTime } from "../beijing-time.js";
import { HOST_STATUS, RUN_STATUS, type SimHost, type SimJob } from "../model.js";
import { scriptLog, simHost, simJob, simStep, type LogEntry } from "./builders.js";

const T0 = beijingTime("2024-05-20 10:15:00");
const at = (seconds: number): number => T0 + seconds * 1000;

interface HostRun {
  ip: string;
  pid: number;
  from: number; // seconds after T0
  until: number;
  ipStatus?: number;
  tag?: string;
  exitCode?: number;
  errorCode?: number;
  entries: LogEntry[];
}

function ran(run: HostRun): SimHost {
  return simHost({
    ip: run.ip,
    ipStatus: run.ipStatus ?? HOST_STATUS.success,
    tag: run.tag ?? "",
    exitCode: run.exitCode ?? 0,
    errorCode: run.errorCode ?? 0,
    startTime: at(run.from),
    endTime: at(run.until),
    log: scriptLog(at(run.from), run.pid, run.entries),
  });
}

const RELEASE = "web-release-2.14.3";
const RELEASE_DIR = "/data/web/releases/20240520101519";

function fetchHost(index: number): SimHost {
  const from = 0.12 + index * 0.05;
  return ran({
    ip: `10.0.1.${11 + index}`,
    pid: 30211 + index * 17,
    from,
    until: 14 + index * 0.9,
    entries: [
      [from, "job_start"],
      [from + 1, `fetching ${RELEASE}.tar.gz from artifacts.example.internal`],
      [from + 12, `downloaded 84.2 MB in 11.3s`],
      [from + 13, "sha256 ok: 3f9c0a51d2e8b7c4a9e1f06d52b3c8e7a1d4f9b0c2e5a8d7f3b6c1e0a9d8f7e1"],
      [from + 13, "job_success"],
    ],
  });
}

const deployStart = 19;
const startLines = (from: number): LogEntry[] => [
  [from, "job_start"],
  [from + 1, `unpacking ${RELEASE} to ${RELEASE_DIR}`],
];

function successfulDeploy(ip: string, pid: number, from: number): SimHost {
  return ran({
    ip,
    pid,
    from,
    until: from + 41,
    entries: [
      ...startLines(from),
      [from + 9, "running migrations: 0 to apply"],
      [from + 12, "collecting static files: 1,204 copied"],
      [from + 40, `switching current -> ${RELEASE_DIR}`],
      [from + 41, "job_success"],
    ],
  });
}

const deployHosts: SimHost[] = [
  ran({
    ip: "10.0.2.21",
    pid: 41876,
    from: deployStart,
    until: deployStart + 11,
    ipStatus: HOST_STATUS.nonZeroExitCode,
    exitCode: 1,
    entries: [
      ...startLines(deployStart),
      [deployStart + 9, "running migrations"],
      "Traceback (most recent call last):",
      `  File "${RELEASE_DIR}/manage.py", line 22, in <module>`,
      "    main()",
      `  File "${RELEASE_DIR}/manage.py", line 18, in main`,
      "    execute_from_command_line(sys.argv)",
      '  File "/usr/lib/python3.11/site-packages/django/db/backends/utils.py", line 89, in _execute',
      "    return self.cursor.execute(sql, params)",
      "django.db.utils.OperationalError: (1045, \"Access denied for user 'web'@'10.0.2.21' (using password: YES)\")",
      [deployStart + 11, "job_fail"],
    ],
  }),
  ran({
    ip: "10.0.2.22",
    pid: 41902,
    from: deployStart,
    until: deployStart + 4,
    ipStatus: HOST_STATUS.nonZeroExitCode,
    exitCode: 2,
    entries: [
      ...startLines(deployStart),
      `tar: ${RELEASE}/static/js/app.3f9c0a51.js: Cannot open: Permission denied`,
      `tar: ${RELEASE}/static/css/app.8d7f3b6c.css: Cannot open: Permission denied`,
      "tar: Exiting with failure status due to previous errors",
      [deployStart + 4, "job_fail"],
    ],
  }),
  ran({
    ip: "10.0.2.23",
    pid: 41933,
    from: deployStart,
    until: deployStart + 38,
    ipStatus: HOST_STATUS.nonZeroExitCode,
    exitCode: 127,
    entries: [
      ...startLines(deployStart),
      [deployStart + 9, "running migrations: 0 to apply"],
      [deployStart + 37, "reloading process manager"],
      "/tmp/bkjob/admin/20240520101519/deploy.sh: line 42: pm2: command not found",
    ],
  }),
  ...[
    { ip: "10.0.2.24", pid: 41958 },
    { ip: "10.0.2.25", pid: 41990 },
  ].map(({ ip, pid }) =>
    ran({
      ip,
      pid,
      from: deployStart,
      until: deployStart + 7,
      ipStatus: HOST_STATUS.nonZeroExitCode,
      // Set by the script's `job_fail disk_full`: BK-JOB groups hosts by this tag.
      tag: "disk_full",
      exitCode: 1,
      entries: [
        ...startLines(deployStart),
        `cp: error writing '${RELEASE_DIR}/static/media/hero.webm': No space left on device`,
        "Filesystem      Size  Used Avail Use% Mounted on",
        "/dev/vdb1        50G   50G     0 100% /data",
        [deployStart + 7, "disk usage on /data is 100%, giving up"],
      ],
    }),
  ),
  // The agent never ran the script: no log, a GSE error code, exit code 0.
  simHost({
    ip: "10.0.2.26",
    ipStatus: HOST_STATUS.agentError,
    errorCode: 1,
    startTime: at(deployStart),
    endTime: at(deployStart),
    log: "",
  }),
  ran({
    ip: "10.0.2.27",
    pid: 42051,
    from: deployStart,
    until: deployStart + 360,
    ipStatus: HOST_STATUS.taskTimeout,
    entries: [
      ...startLines(deployStart),
      [deployStart + 9, "running migrations: 0 to apply"],
      [deployStart + 40, `switching current -> ${RELEASE_DIR}`],
      [deployStart + 41, "waiting for http://127.0.0.1:8080/healthz ..."],
      [deployStart + 101, "still waiting for http://127.0.0.1:8080/healthz (60s)"],
      [deployStart + 161, "still waiting for http://127.0.0.1:8080/healthz (120s)"],
    ],
  }),
  ...[28, 29, 30, 31, 32].map((last, index) => successfulDeploy(`10.0.2.${last}`, 42101 + index * 29, deployStart)),
];

const STEP_IDS = { fetch: 20001, deploy: 20002, restartNginx: 20003, smokeTest: 20004 } as const;

export function multiStepFailureJob(ids: { bizId: number; jobInstanceId: number }): SimJob {
  const deployEnd = at(deployStart + 360);
  return simJob({
    ...ids,
    bkJobId: 1024,
    name: "deploy-web-release",
    operator: "zhangsan",
    status: RUN_STATUS.failed,
    createTime: T0,
    startTime: T0,
    endTime: deployEnd,
    currentStepInstanceId: STEP_IDS.deploy,
    steps: [
      simStep({
        stepInstanceId: STEP_IDS.fetch,
        name: "fetch-artifacts",
        operator: "zhangsan",
        status: RUN_STATUS.success,
        createTime: T0,
        startTime: T0,
        endTime: at(18.6),
        hosts: [0, 1, 2, 3, 4, 5].map(fetchHost),
      }),
      simStep({
        stepInstanceId: STEP_IDS.deploy,
        name: "deploy-web",
        operator: "zhangsan",
        status: RUN_STATUS.failed,
        createTime: T0,
        startTime: at(deployStart),
        endTime: deployEnd,
        hosts: deployHosts,
      }),
      simStep({ stepInstanceId: STEP_IDS.restartNginx, name: "restart-nginx", operator: "zhangsan", createTime: T0 }),
      simStep({ stepInstanceId: STEP_IDS.smokeTest, name: "smoke-test", operator: "zhangsan", createTime: T0 }),
    ],
  });
}
