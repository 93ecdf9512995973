// A watch: "post every new failed (or, with --all, finished) run of business B, whose name
// contains N, in channel C". What counts as new, and which runs a watch posts, are pure rules
// here; polling and posting are src/watch/.
import type { RunSummary } from "./run-list.js";
import { isRunFinished, runPhase } from "./status.js";

export interface WatchRecord {
  id: string;
  team: string | null;
  bizId: number;
  /** BK-JOB's fuzzy name match (contains, case-insensitive); null: every run of the business. */
  name: string | null;
  /** Every finished run, not only failed ones. */
  all: boolean;
  channelId: string;
  createdBy: string;
  /** Runs that ended before this are the backlog: never posted. */
  createdAt: number;
  endedAt: number | null;
}

/** Where the post of one run to one watch stands: never tried, tried (maybe posted), posted. */
export type DeliveryState = "new" | "pending" | "posted";

/**
 * get_job_instance_list's name filter, as bk-job runs it (TaskInstanceDAOImpl: LIKE '%name%'
 * under MySQL's case-insensitive collation), so a watch matches what `recent <biz> <name>` lists.
 * The name's own % and _ are wildcards there too.
 */
export function nameMatches(runName: string, name: string | null): boolean {
  if (name === null) return true;
  const pattern = [...name].map((char) => (char === "%" ? ".*" : char === "_" ? "." : char.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))).join("");
  return new RegExp(pattern, "is").test(runName);
}

/** Whether this watch posts this run: it matches, it has finished (failed, unless --all) since the watch began. */
export function watchPosts(watch: WatchRecord, run: RunSummary): boolean {
  if (run.bizId !== watch.bizId || !isRunFinished(run.status)) return false;
  if (!watch.all && runPhase(run.status) !== "failed") return false;
  const endedAt = run.endTime ?? run.createTime;
  if (endedAt === null || endedAt < watch.createdAt) return false;
  return nameMatches(run.name, watch.name);
}

/** The outbox key of one run's post, also stamped in the post's metadata. */
export const watchPostKey = (jobInstanceId: number): string => `run:${jobInstanceId}`;
