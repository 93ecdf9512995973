// The audit trail: one structured line per request, saying who asked, where, about what, as
// which BlueKing user, and how it ended. Never log text, never a secret: only ids and outcomes.
import type { Logger } from "../ports/logger.js";

import type { StepAction } from "../core/step-actions.js";

export type AuditAction = "report" | "follow" | "follow_mode" | "stop" | "show_log" | "log_page" | "post_log" | "unfurl" | "grep" | "why" | "cause_hosts" | "post_hosts" | "recent" | "watch" | "unwatch" | StepAction;
/** `under_way`: another press of the same step's action was being sent; `stale`: the step's state no longer allows it. */
export type AuditOutcome = "ok" | "denied" | "upstream_error" | "rate_limited" | "invalid" | "under_way" | "stale";

export interface AuditEntry {
  team: string | null;
  user: string;
  channel: string | null;
  action: AuditAction;
  bizId: number | null;
  jobInstanceId: number | null;
  /** The BlueKing user BK-JOB was (or would have been) called as; null when none was resolved. */
  actingAs: string | null;
  outcome: AuditOutcome;
  /** BK-JOB's error code on upstream_error. */
  code?: number | null;
  /** The access rule or limit behind a denial. */
  rule?: string;
  /** An action on a job (retry, terminate …): BK-JOB's operation code, and the step (null: the whole job). */
  operation?: number;
  step?: number | null;
}

export interface AuditLog {
  record(entry: AuditEntry): void;
}

/** Audit lines go to the structured log at info level, marked `audit: true` for filtering. */
export function auditToLogger(logger: Logger): AuditLog {
  return {
    record(entry) {
      logger.info({ audit: true, ...entry }, "audit");
    },
  };
}
