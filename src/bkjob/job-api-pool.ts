// One JobApi per BlueKing user, so BK-JOB's own permission checks decide what each person may
// read: adapters are cheap (a base URL and credentials), built on first use and kept. Every one
// masks secrets (withRedaction) and, for people's requests, shares the upstream call cap.
import type { BkJobConfig } from "../config.js";
import type { Redactor } from "../core/redact-secrets.js";
import type { UpstreamLimiter } from "../access/upstream-limiter.js";
import type { JobApi, JobRead } from "../ports.js";
import { createJobApi, type JobApiDependencies } from "./create-job-api.js";
import { withRedaction } from "./redacting-job-api.js";

/** Every call of every read waits for a slot in the limiter, under the user's share. */
export function withUpstreamLimit(jobApi: JobApi, limiter: UpstreamLimiter, user: string): JobApi {
  return {
    read(ref, options): JobRead {
      // No eager whole-report fetch (ESB v2 starts it inside read()): it would run outside the
      // limiter. Every call then waits for a slot, at the price of one round trip on ESB v2.
      const { wholeReport: _eager, ...limited } = options ?? {};
      const read = jobApi.read(ref, limited);
      return {
        getJobStatus: (statusOptions) => limiter.run(user, () => read.getJobStatus(statusOptions)),
        getStepHostGroups: (step, query) => limiter.run(user, () => read.getStepHostGroups(step, query)),
        getHostLogs: (step, hosts) => limiter.run(user, () => read.getHostLogs(step, hosts)),
        getHostLog: (stepInstanceId, host) => limiter.run(user, () => read.getHostLog(stepInstanceId, host)),
      };
    },
  };
}

export interface JobApiPool {
  /** BK-JOB as this BlueKing user, for a person's request (limited, redacted). */
  forUser(username: string): JobApi;
  /** BK-JOB as BK_USERNAME, for joblog's own work (follow polls): redacted, not limited. */
  service: JobApi;
}

export function createJobApiPool(config: BkJobConfig, deps: JobApiDependencies & { redactor: Redactor; limiter: UpstreamLimiter }): JobApiPool {
  const build = (username: string) => withRedaction(createJobApi({ ...config, username }, deps), deps.redactor);
  const service = build(config.username);
  const perUser = new Map<string, JobApi>();
  return {
    service,
    forUser(username) {
      let api = perUser.get(username);
      if (!api) {
        api = withUpstreamLimit(username === config.username ? service : build(username), deps.limiter, username);
        perUser.set(username, api);
      }
      return api;
    },
  };
}
