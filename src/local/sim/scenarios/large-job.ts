// "patch-kernel": one script step on 2,000 hosts, generated deterministically. 1,990 succeed;
// 10 fail in three groups. Two hosts sit in BK-Net (bk_cloud_id) 2. Built lazily by the registry.
// The same fleet generator makes the 10,000-host job (ten-thousand-hosts.ts).
import { beijingTime } from "../beijing-time.js";
import { HOST_STATUS, RUN_STATUS, START_WAY, type SimHost, type SimJob } from "../model.js";
import { scriptLog, simHost, simJob, simStep, type LogEntry } from "./builders.js";

export const LARGE_JOB_HOST_COUNT = 2000;

/** Which hosts fail, and how: index into the host list → group. */
export const LARGE_JOB_FAILURES = {
  dpkgLocked: [17, 498, 1024, 1555, 1999], // ip_status 104, tag "", exit 100
  bootFull: [233, 777, 1337], // ip_status 104, tag "no_space_boot", exit 1
  timedOut: [1200, 1800], // ip_status 13
} as const;

export const LARGE_JOB_OTHER_CLOUD = [1500, 1501] as const;

const T0 = beijingTime("2024-06-01 02:00:00");
const KERNEL = "5.4.0-182-generic";

export function largeJobHostIp(index: number): string {
  return `10.1.${Math.floor(index / 250)}.${(index % 250) + 1}`;
}

/** Which hosts of a generated fleet fail, and how (indexes into the host list). */
export interface FleetFailures {
  dpkgLocked: readonly number[]; // ip_status 104, tag "", exit 100
  bootFull: readonly number[]; // ip_status 104, tag "no_space_boot", exit 1
  timedOut: readonly number[]; // ip_status 13
}

export interface Fleet {
  hostCount: number;
  failures: FleetFailures;
  otherCloud: readonly number[];
  ipOf: (index: number) => string;
  /** Defaults: the 2,000-host job's. */
  jobName?: string;
  stepInstanceId?: number;
}

const isIn = (list: readonly number[], index: number): boolean => list.includes(index);

function commonStart(): LogEntry[] {
  return [
    [0, "job_start"],
    [1, "kernel: current 5.4.0-150-generic"],
    [2, `downloading linux-image-${KERNEL} (58.3 MB)`],
    [9, "verifying package signature: OK"],
  ];
}

function hostAt(fleet: Fleet, index: number): SimHost {
  const start = T0 + (index % 50) * 200; // the agent fans out in waves
  const pid = 10000 + ((index * 7919) % 50000);
  const log = (entries: LogEntry[]): string => scriptLog(start, pid, entries);
  const base = { ip: fleet.ipOf(index), bkCloudId: isIn(fleet.otherCloud, index) ? 2 : 0, startTime: start };

  if (isIn(fleet.failures.dpkgLocked, index)) {
    return simHost({
      ...base,
      ipStatus: HOST_STATUS.nonZeroExitCode,
      exitCode: 100,
      endTime: start + 12_400,
      log: log([
        ...commonStart(),
        [10, "installing package"],
        "E: Could not get lock /var/lib/dpkg/lock-frontend. It is held by process 2231 (unattended-upgr)",
        "N: Be aware that removing the lock file is not a solution and may break your system.",
        "E: Unable to acquire the dpkg frontend lock (/var/lib/dpkg/lock-frontend), is another process using it?",
        [12, "job_fail"],
      ]),
    });
  }
  if (isIn(fleet.failures.bootFull, index)) {
    return simHost({
      ...base,
      ipStatus: HOST_STATUS.nonZeroExitCode,
      tag: "no_space_boot",
      exitCode: 1,
      endTime: start + 31_000,
      log: log([
        ...commonStart(),
        [10, "installing package"],
        `update-initramfs: Generating /boot/initrd.img-${KERNEL}`,
        "gzip: stdout: No space left on device",
        `E: mkinitramfs failure gzip 1`,
        "dpkg: error processing package linux-image-5.4.0-182-generic (--configure):",
        [31, "/boot is 100% full"],
      ]),
    });
  }
  if (isIn(fleet.failures.timedOut, index)) {
    return simHost({
      ...base,
      ipStatus: HOST_STATUS.taskTimeout,
      endTime: start + 600_000,
      log: log([
        ...commonStart(),
        [10, "installing package"],
        [25, "updating grub configuration"],
        [26, "waiting for /var/lib/dpkg/lock (held by apt-daily)"],
        [326, "still waiting for /var/lib/dpkg/lock (300s)"],
      ]),
    });
  }
  const duration = 30 + (index % 61); // 30–90 s
  return simHost({
    ...base,
    endTime: start + duration * 1000,
    log: log([
      ...commonStart(),
      [10, "installing package"],
      [duration - 6, "updating grub configuration"],
      "Generating grub configuration file ...",
      `Found linux image: /boot/vmlinuz-${KERNEL}`,
      [duration - 1, "reboot scheduled for 03:00"],
      [duration, "job_success"],
    ]),
  });
}

export function largeJob(ids: { bizId: number; jobInstanceId: number }): SimJob {
  return kernelPatchJob(ids, {
    hostCount: LARGE_JOB_HOST_COUNT,
    failures: LARGE_JOB_FAILURES,
    otherCloud: LARGE_JOB_OTHER_CLOUD,
    ipOf: largeJobHostIp,
  });
}

/** One script step patching the kernel on a generated fleet: mostly successes, some failures. */
export function kernelPatchJob(ids: { bizId: number; jobInstanceId: number }, fleet: Fleet): SimJob {
  const hosts = Array.from({ length: fleet.hostCount }, (_, index) => hostAt(fleet, index));
  const end = Math.max(...hosts.map((host) => host.endTime ?? T0)) + 400;
  return simJob({
    ...ids,
    bkJobId: 2048,
    name: fleet.jobName ?? "patch-kernel",
    status: RUN_STATUS.failed,
    startWay: START_WAY.cron,
    createTime: T0,
    startTime: T0,
    endTime: end,
    steps: [
      simStep({
        stepInstanceId: fleet.stepInstanceId ?? 200001,
        name: "install-kernel-update",
        status: RUN_STATUS.failed,
        createTime: T0,
        startTime: T0,
        endTime: end,
        hosts,
      }),
    ],
  });
}
