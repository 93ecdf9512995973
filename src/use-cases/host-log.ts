// One host's whole log in one step, read from BK-JOB (ESB v2 returns every host's log at once,
// so this is the expensive call the cache exists for), with its page index.
import { ok, type Result } from "../bkjob/upstream-error.js";
import { hostKey } from "../core/host-ref.js";
import { indexLogPages } from "../core/log-pages.js";
import type { HostRef } from "../core/report-model.js";
import { isRunFinished } from "../core/status.js";
import type { JobApi } from "../ports.js";
import type { CachedHostLog, HostLogCache } from "./host-log-cache.js";

export interface HostLogDeps {
  jobApi: JobApi;
  cache: HostLogCache;
}

const cacheKey = (ref: HostRef) => `${ref.bizId}/${ref.jobInstanceId}/${ref.stepInstanceId}/${hostKey(ref)}`;

/** The host's log, or null when the step or host is not in the job's log (any more). */
export async function fetchHostLog(deps: HostLogDeps, ref: HostRef): Promise<Result<CachedHostLog | null>> {
  const key = cacheKey(ref);
  const cached = deps.cache.get(key);
  if (cached) return ok(cached);
  const result = await deps.jobApi.getJobInstanceLog({ bizId: ref.bizId, jobInstanceId: ref.jobInstanceId });
  if (!result.ok) return result;
  const step = result.value.steps.find((candidate) => candidate.stepInstanceId === ref.stepInstanceId);
  if (!step) return ok(null);
  for (const group of step.groups) {
    const host = group.hosts.find((candidate) => candidate.ip === ref.ip && candidate.bkCloudId === ref.bkCloudId);
    if (!host) continue;
    const value: CachedHostLog = {
      text: host.logContent,
      index: indexLogPages(host.logContent),
      stepName: step.name,
      finished: isRunFinished(step.status),
    };
    deps.cache.set(key, value);
    return ok(value);
  }
  return ok(null);
}
