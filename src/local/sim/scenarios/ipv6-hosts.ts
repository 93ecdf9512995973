// "ipv6-canary": one script step on four hosts, one of them IPv6-only (no IPv4 at all: ESB v2
// sends it with an empty ip, v3 names it by bk_host_id and ipv6) and one dual-stack. The
// IPv6-only host and one IPv4 host fail. IPv6 hosts are supported since BK-JOB V3.7.0.
import { beijingTime } from "../beijing-time.js";
import { HOST_STATUS, RUN_STATUS, type SimJob } from "../model.js";
import { scriptLog, simHost, simJob, simStep } from "./builders.js";

export const IPV6_ONLY_HOST = { bkHostId: 6021, ipv6: "fd00:6::21" } as const;

const T0 = beijingTime("2024-11-11 11:11:00");
const at = (seconds: number): number => T0 + seconds * 1000;

export function ipv6HostsJob(ids: { bizId: number; jobInstanceId: number }): SimJob {
  const ok = (ip: string, pid: number, ipv6?: string) =>
    simHost({
      ip,
      ...(ipv6 ? { ipv6 } : {}),
      startTime: at(1),
      endTime: at(9),
      log: scriptLog(at(1), pid, [[0, "job_start"], [4, "curl -6 http://[fd00:6::1]/healthz: 200 OK"], [8, "job_success"]]),
    });
  return simJob({
    ...ids,
    bkJobId: 6006,
    name: "ipv6-canary",
    status: RUN_STATUS.failed,
    createTime: T0,
    startTime: T0,
    endTime: at(30),
    steps: [
      simStep({
        stepInstanceId: 61001,
        name: "probe-dual-stack",
        status: RUN_STATUS.failed,
        createTime: T0,
        startTime: at(1),
        endTime: at(30),
        hosts: [
          ok("10.0.6.1", 6101),
          ok("10.0.6.2", 6102, "fd00:6::2"),
          simHost({
            ip: "",
            ...IPV6_ONLY_HOST,
            ipStatus: HOST_STATUS.nonZeroExitCode,
            exitCode: 7,
            startTime: at(1),
            endTime: at(29),
            log: scriptLog(at(1), 6121, [
              [0, "job_start"],
              [3, "curl -4 http://10.0.6.100/healthz"],
              "curl: (7) Couldn't connect to server: no IPv4 address on this host",
              [28, "job_fail"],
            ]),
          }),
          simHost({
            ip: "10.0.6.4",
            ipStatus: HOST_STATUS.nonZeroExitCode,
            exitCode: 1,
            startTime: at(1),
            endTime: at(12),
            log: scriptLog(at(1), 6104, [[0, "job_start"], [3, "curl -6 http://[fd00:6::1]/healthz"], "curl: (6) Could not resolve host", [11, "job_fail"]]),
          }),
        ],
      }),
    ],
  });
}
