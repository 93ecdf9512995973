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

/**
 * People whose BK-JOB adapters are kept; the least recently active go first (a person's next
 * request builds theirs again). A company's thousands of users over months must not each keep
 * an adapter (and its memory of who launched which job) for the life of the process.
 */
export const USERS_KEPT = 1_000;

/** The value for `key`, built on first use and kept as most recently used; at most `limit` kept. */
function recentlyUsed<T>(kept: Map<string, T>, key: string, limit: number, build: () => T): T {
  let value = kept.get(key);
  if (value === undefined) value = build();
  kept.delete(key);
  kept.set(key, value);
  // Map order is insertion order: the first key is the least recently used.
  if (kept.size > limit) kept.delete(kept.keys().next().value!);
  return value;
}

export function createJobApiPool(
  config: BkJobSettings,
  deps: JobApiDependencies & { redactor: Redactor; limiter: CallGates; clock?: Clock; usersKept?: number },
): JobApiPool {
  const usersKept = deps.usersKept ?? USERS_KEPT;
  const build = (username: string) => withRedaction(createJobApi({ ...config, username }, deps), deps.redactor);
  const service = build(config.username);
  const adapters = new Map<string, JobApi>();
  const adapterFor = (username: string): JobApi => (username === config.username ? service : recentlyUsed(adapters, username, usersKept, () => build(username)));
  const shared = new SharedReads({ adapterFor, gates: deps.limiter, clock: deps.clock ?? systemClock, recentMs: RECENT_SHARE_MS });
  const perUser = new Map<string, JobApi>();
  return {
    service,
    forUser: (username) => recentlyUsed(perUser, username, usersKept, () => shared.forUser(username)),
  };
}
