// One JobApi per BlueKing user, so BK-JOB's own permission checks decide what each person may
// read: adapters are cheap (a base URL and credentials), built on first use and kept. Every one
// masks secrets (withRedaction) and, for people's requests, shares the upstream call cap; reports
// of the same job share their expensive calls, each person proving their right (shared-reads.ts).
import type { Redactor } from "../core/redact-secrets.js";
import { systemClock, type Clock } from "../ports/clock.js";
import type { CallGates, JobApi, JobApiPool } from "../ports/job-api.js";
import { createJobApi, type BkJobSettings, type JobApiDependencies } from "./create-job-api.js";
import { withRedaction } from "./redacting-job-api.js";
import { SharedReads } from "./shared-reads.js";

/** How long a finished job's fetch, and a person's permission proof for a job, are reused. */
export const RECENT_SHARE_MS = 10_000;

export function createJobApiPool(
  config: BkJobSettings,
  deps: JobApiDependencies & { redactor: Redactor; limiter: CallGates; clock?: Clock },
): JobApiPool {
  const build = (username: string) => withRedaction(createJobApi({ ...config, username }, deps), deps.redactor);
  const service = build(config.username);
  const adapters = new Map<string, JobApi>([[config.username, service]]);
  const adapterFor = (username: string): JobApi => {
    let api = adapters.get(username);
    if (!api) adapters.set(username, (api = build(username)));
    return api;
  };
  const shared = new SharedReads({ adapterFor, gates: deps.limiter, clock: deps.clock ?? systemClock, recentMs: RECENT_SHARE_MS });
  const perUser = new Map<string, JobApi>();
  return {
    service,
    forUser(username) {
      let api = perUser.get(username);
      if (!api) perUser.set(username, (api = shared.forUser(username)));
      return api;
    },
  };
}
