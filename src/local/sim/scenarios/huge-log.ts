// "dump-5mb": one failed host whose log is about 5 MB (BK-JOB's per-host output cap, §6),
// next to two hosts with small logs. Built lazily by the registry.
import { beijingTime } from "../beijing-time.js";
import { HOST_STATUS, RUN_STATUS, type SimJob } from "../model.js";
import { scriptLog, simHost, simJob, simStep } from "./builders.js";

export const HUGE_LOG_LINE_COUNT = 61_000;
export const HUGE_LOG_LAST_LINE = "FATAL: dump aborted: connection reset by peer";
const LINE_BODY_WIDTH = 72;

const T0 = beijingTime("2024-08-08 23:00:00");

/** 61,000 fixed-width numbered lines (86 bytes each), then the fatal line: just over 5 MiB. */
export function hugeLogText(): string {
  const lines: string[] = [];
  for (let index = 0; index < HUGE_LOG_LINE_COUNT; index += 1) {
    // A cheap deterministic checksum, so lines differ (compression can't flatter benchmarks).
    const checksum = ((index * 2654435761) >>> 0).toString(16).padStart(8, "0");
    const body = `dumping t_event row ${index} checksum=${checksum} `.padEnd(LINE_BODY_WIDTH, ".");
    lines.push(`line ${String(index).padStart(6, "0")}: ${body}\n`);
  }
  lines.push(`${HUGE_LOG_LAST_LINE}\n`);
  return lines.join("");
}

export function hugeLogJob(ids: { bizId: number; jobInstanceId: number }): SimJob {
  const end = T0 + 754_000;
  const small = (ip: string, pid: number) =>
    simHost({
      ip,
      startTime: T0,
      endTime: T0 + 3_000,
      log: scriptLog(T0, pid, [[0, "job_start"], [1, "nothing to dump on this replica"], [3, "job_success"]]),
    });
  return simJob({
    ...ids,
    bkJobId: 5005,
    name: "dump-5mb",
    status: RUN_STATUS.failed,
    createTime: T0,
    startTime: T0,
    endTime: end,
    steps: [
      simStep({
        stepInstanceId: 50001,
        name: "dump-table",
        status: RUN_STATUS.failed,
        createTime: T0,
        startTime: T0,
        endTime: end,
        hosts: [
          simHost({
            ip: "10.0.5.1",
            ipStatus: HOST_STATUS.nonZeroExitCode,
            exitCode: 1,
            startTime: T0,
            endTime: end,
            log: hugeLogText(),
          }),
          small("10.0.5.2", 9102),
          small("10.0.5.3", 9103),
        ],
      }),
    ],
  });
}
