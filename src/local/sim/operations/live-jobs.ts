// One simulator's operated jobs: the first accepted operation on a job copies it into a live
// job (live-job.ts), and from then on every API answers about that copy. Forgetting a job (or
// all of them, between tests) puts its scenario back.
import type { SimJob } from "../model.js";
import { createLiveJob, type LiveJob, type LiveScript } from "./live-job.js";

export interface LiveJobs {
  /** The operated job as it is at `now`, or undefined when nobody operated it. */
  snapshot(jobInstanceId: number, now: number): SimJob | undefined;
  /** The live job, made from `current` (the job as it is now) on first use. */
  obtain(current: SimJob, script: LiveScript | undefined): LiveJob;
  forget(jobInstanceId: number): void;
  forgetAll(): void;
}

export function createLiveJobs(): LiveJobs {
  const jobs = new Map<number, LiveJob>();
  return {
    snapshot: (jobInstanceId, now) => jobs.get(jobInstanceId)?.snapshot(now),
    obtain(current, script) {
      let live = jobs.get(current.jobInstanceId);
      if (!live) {
        live = createLiveJob(current, script);
        jobs.set(current.jobInstanceId, live);
      }
      return live;
    },
    forget: (jobInstanceId) => void jobs.delete(jobInstanceId),
    forgetAll: () => jobs.clear(),
  };
}
