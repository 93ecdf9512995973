// One host's whole log in one step, read from BK-JOB (on ESB v2 that means the whole job's log,
// which is what the cache is for; v3 asks for the one host), with its page index.
import { ok, type Result } from "../core/upstream-error.js";
import { hostKey } from "../core/host-ref.js";
import { indexLogPages } from "../core/log-pages.js";
import type { HostRef } from "../core/report-model.js";
import { isRunFinished } from "../core/status.js";
import type { JobApi } from "../ports/job-api.js";
import type { CachedHostLog, HostLogCache } from "./host-log-cache.js";

export interface HostLogDeps {
  jobApi: JobApi;
  cache: HostLogCache;
  /** Whose read this is (the BlueKing user): one person's cached log is never another's answer. */
  cacheScope?: string;
}

const cacheKey = (scope: string, ref: HostRef) => `${scope}:${ref.bizId}/${ref.jobInstanceId}/${ref.stepInstanceId}/${hostKey(ref)}`;

/** The host's log, or null when the step or host is not in the job's log (any more). */
export async function fetchHostLog(deps: HostLogDeps, ref: HostRef): Promise<Result<CachedHostLog | null>> {
  const key = cacheKey(deps.cacheScope ?? "", ref);
  const cached = deps.cache.get(key);
  if (cached) return ok(cached);
  const read = deps.jobApi.read({ bizId: ref.bizId, jobInstanceId: ref.jobInstanceId });
  const host = { bkHostId: ref.bkHostId ?? null, bkCloudId: ref.bkCloudId, ip: ref.ip, ipv6: ref.ipv6 ?? null };
  const log = await read.getHostLog(ref.stepInstanceId, host);
  if (!log.ok) return log;
  if (log.value === null) return ok(null);
  // v3's per-host log does not name its step: the (small) status call does.
  let step = log.value.step ?? null;
  if (step === null) {
    const status = await read.getJobStatus();
    if (!status.ok) return status;
    const found = status.value.steps.find((candidate) => candidate.stepInstanceId === ref.stepInstanceId);
    if (!found) return ok(null);
    step = { name: found.name, status: found.status };
  }
  const value: CachedHostLog = {
    text: log.value.text,
    index: indexLogPages(log.value.text),
    stepName: step.name,
    finished: isRunFinished(step.status),
  };
  deps.cache.set(key, value);
  return ok(value);
}
