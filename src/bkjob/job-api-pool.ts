// One JobApi per BlueKing user, so BK-JOB's own permission checks decide what each person may
// read: adapters are cheap (a base URL and credentials), built on first use and kept. Every one
// masks secrets (withRedaction) and, for people's requests, shares the upstream call cap.
import type { Redactor } from "../core/redact-secrets.js";
import type { CallGates, JobApi, JobApiPool } from "../ports/job-api.js";
import { createJobApi, type BkJobSettings, type JobApiDependencies } from "./create-job-api.js";
import { withRedaction } from "./redacting-job-api.js";

/**
 * Every HTTP call of every read waits for a slot in the limiter, under the user's share, and
 * behind the calls of reads started earlier: a report under way finishes before new ones start.
 * A slot is held by a call to BK-JOB, not by a read waiting on one (ESB v2 answers several
 * questions from one call), so ESB v2's status and log still go side by side.
 */
export function withUpstreamLimit(jobApi: JobApi, limiter: CallGates, user: string): JobApi {
  return {
    read: (ref, options = {}) => jobApi.read(ref, { ...options, gate: limiter.gateFor(user) }),
  };
}

export function createJobApiPool(config: BkJobSettings, deps: JobApiDependencies & { redactor: Redactor; limiter: CallGates }): JobApiPool {
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
