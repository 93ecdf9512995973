// The RunListApi port (src/ports/run-list.ts) over get_job_instance_list. ESB v2 has no list API
// (legacy-bk-paas' job.yaml lists none), so in esb-v2 mode joblog asks ESB's jobv3 on the same
// PaaS host with the same app credentials; apigw-v3 uses the gateway and esb-v3 ESB jobv3, as
// for reports. One adapter per BlueKing user, built on first use; people's lists wait at the
// upstream cap under their share, like their reports.
import type { CallGates } from "../ports/job-api.js";
import type { RunListApi, RunListPool } from "../ports/run-list.js";
import { clientOptions, v3Transport, type BkJobSettings, type JobApiDependencies } from "./create-job-api.js";
import { createV3Client } from "./v3-client.js";

export function createRunListApi(config: BkJobSettings, deps: JobApiDependencies): RunListApi {
  const client = createV3Client({ ...clientOptions(config, deps), transport: v3Transport(config) });
  return { listRuns: (query, options) => client.listJobInstances(query, options) };
}

export function createRunListPool(config: BkJobSettings, deps: JobApiDependencies & { limiter: CallGates }): RunListPool {
  const build = (username: string) => createRunListApi({ ...config, username }, deps);
  const service = build(config.username);
  const perUser = new Map<string, RunListApi>();
  return {
    service,
    forUser(username) {
      let api = perUser.get(username);
      if (!api) {
        const own = build(username);
        const gate = deps.limiter.gateFor(username);
        api = { listRuns: (query, options = {}) => own.listRuns(query, { ...options, gate }) };
        perUser.set(username, api);
      }
      return api;
    },
  };
}
