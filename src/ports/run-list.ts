// BK-JOB's list of a business's executions (get_job_instance_list), as a port apart from JobApi:
// one call answers "what ran lately", whatever the report of one run costs. The adapter is
// src/bkjob/run-list-api.ts; in esb-v2 mode it speaks ESB's jobv3 (v2 has no list API).
import type { RunPage, RunQuery } from "../core/run-list.js";
import type { Result } from "../core/upstream-error.js";
import type { CallOptions } from "./job-api.js";

export interface RunListApi {
  listRuns(query: RunQuery, options?: CallOptions): Promise<Result<RunPage>>;
}

/** One RunListApi per BlueKing user (as the asker), and joblog's own for the watches' polls. */
export interface RunListPool {
  forUser(username: string): RunListApi;
  service: RunListApi;
}
