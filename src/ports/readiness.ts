// What /readyz asks before saying the replica may take traffic (issues 13 and 14): each part of
// the process that can be unready (Slack auth, the Socket Mode connection, the store, BK-JOB,
// Redis) registers a named check; the HTTP server only runs them and reports each by name.

export interface ReadinessResult {
  ok: boolean;
  /** Short words for an operator reading /readyz ("connection closed", "no answer for 6 min"). */
  detail?: string;
}

export interface ReadinessCheck {
  /** Low-cardinality name shown in /readyz and in metrics: "slack_auth", "socket_mode", "store", "bkjob", "redis". */
  readonly name: string;
  check(): Promise<ReadinessResult> | ReadinessResult;
}

/** The checks of one process; adapters add theirs in the composition root. */
export interface ReadinessRegistry {
  add(check: ReadinessCheck): void;
  list(): readonly ReadinessCheck[];
}

export function createReadinessRegistry(): ReadinessRegistry {
  const checks: ReadinessCheck[] = [];
  return {
    add(check) {
      if (checks.some((c) => c.name === check.name)) throw new Error(`readiness check ${check.name} added twice`);
      checks.push(check);
    },
    list: () => checks,
  };
}
