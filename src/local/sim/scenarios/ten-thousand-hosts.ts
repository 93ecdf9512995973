// "patch-kernel-fleet": the 2,000-host job's step on 10,000 hosts with only 5 failures, for the
// gateway benchmark: what a report costs when nearly every host succeeded. Built lazily (and
// once) by the registry; its logs total about 5 MB.
import type { SimJob } from "../model.js";
import { kernelPatchJob, type FleetFailures } from "./large-job.js";

export const TEN_THOUSAND_HOST_COUNT = 10_000;

export const TEN_THOUSAND_FAILURES: FleetFailures = {
  dpkgLocked: [42, 5_000],
  bootFull: [777],
  timedOut: [3_333, 9_999],
};

export function tenThousandHostIp(index: number): string {
  return `10.2.${Math.floor(index / 250)}.${(index % 250) + 1}`;
}

export function tenThousandHostsJob(ids: { bizId: number; jobInstanceId: number }): SimJob {
  return kernelPatchJob(ids, {
    hostCount: TEN_THOUSAND_HOST_COUNT,
    failures: TEN_THOUSAND_FAILURES,
    otherCloud: [],
    ipOf: tenThousandHostIp,
    jobName: "patch-kernel-fleet",
    stepInstanceId: 900001,
  });
}
