// The digest as a report carries it (report-model.ts's CauseReport): per failed step, its causes
// with what a message shows and a short id to find the cause again (the Hosts modal), without
// the full host lists. Pure.
import type { CauseCluster } from "./cause-digest.js";
import type { StepHost } from "./job-model.js";
import type { JobRef } from "./job-ref.js";
import type { CauseReport, ReportCause, StepCauses } from "./report-model.js";
import { hostRefOf } from "./report.js";

/** FNV-1a, 32 bits, as 8 hex digits: short enough for a button value, stable across processes. */
export function causeId(signature: string): string {
  let hash = 0x811c9dc5;
  for (let index = 0; index < signature.length; index += 1) {
    hash ^= signature.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, "0");
}

export const causeHostRef = (ref: JobRef, stepInstanceId: number, host: StepHost) => hostRefOf(ref, stepInstanceId, host, host.ipv6 ?? null);

export function reportCause(ref: JobRef, stepInstanceId: number, cause: CauseCluster<StepHost>): ReportCause {
  const refOf = (host: StepHost) => causeHostRef(ref, stepInstanceId, host);
  return {
    id: causeId(cause.signature),
    hostCount: cause.hostCount,
    line: cause.line,
    context: cause.context,
    noOutput: cause.noOutput,
    tags: cause.tags,
    exitCodes: cause.exitCodes,
    statuses: cause.statuses,
    representative: refOf(cause.representative),
    sampleHosts: cause.sampleHosts.map(refOf),
  };
}

export function causeReportOf(steps: StepCauses[]): CauseReport {
  return {
    steps,
    failingHosts: steps.reduce((sum, step) => sum + step.failingHosts, 0),
    causeCount: steps.reduce((sum, step) => sum + step.causes.length, 0),
  };
}
