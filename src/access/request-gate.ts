// Every request passes here before BK-JOB is asked anything: rate limits, the access rules, then
// who to act as. It answers with the JobApi to use (as that person) or with why not, and it
// writes the request's one audit line.
import type { JobRef } from "../core/job-ref.js";
import type { JobApi, JobApiPool } from "../ports/job-api.js";
import type { Denial, Where } from "../core/access-model.js";
import type { AccessDecision, AccessPolicy } from "./access-rules.js";
import type { AuditAction, AuditLog, AuditOutcome } from "./audit-log.js";
import type { IdentityResolver } from "./identity.js";
import type { RateLimitBuckets } from "../ports/shared-state.js";
import { STEP_ACTIONS } from "../core/step-actions.js";
import type { SlackDirectory } from "./slack-directory.js";

export interface GateRequest {
  action: AuditAction;
  team: string | null;
  user: string;
  /** null when Slack did not say (a modal opened outside a conversation): counts as public. */
  channel: { id: string; name?: string | null } | null;
  ref: JobRef | null;
  /** An action on a job: its operation code and step, written into the audit line. */
  operation?: { code: number; step: number | null };
  /** A request about a business rather than one job (recent, watch): checked like a job of it. */
  bizId?: number | null;
}

export interface Admitted {
  ok: true;
  jobApi: JobApi;
  actingAs: string;
  /** Whether log text may appear where the answer goes; else reports withhold it under this rule. */
  logsWithheldBy: string | null;
  /** Writes the request's audit line; call once, when the answer is known. */
  finish(outcome: AuditOutcome, code?: number | null): void;
}

export type Admission = Admitted | { ok: false; denial: Denial };

/** Requests that cost BK-JOB calls of their own and count against the rate limits. */
const RATE_LIMITED: ReadonlySet<AuditAction> = new Set(["report", "grep", "follow", "show_log", "unfurl", "why", "recent", "watch", ...STEP_ACTIONS]);
const OPERATES: ReadonlySet<AuditAction> = new Set(STEP_ACTIONS);
/** Requests that call nothing as the asker: no BlueKing identity is needed. */
const NO_IDENTITY: ReadonlySet<AuditAction> = new Set(["stop", "unwatch"]);
/** Requests that put log text somewhere: refused outright where the rules keep logs out. */
const SHOWS_LOGS: ReadonlySet<AuditAction> = new Set(["grep", "show_log", "log_page", "post_log", "why", "cause_hosts", "post_hosts"]);

export interface RequestGateDeps {
  policy: AccessPolicy;
  identities: IdentityResolver;
  directory: SlackDirectory;
  jobApis: JobApiPool;
  /** Per-user and per-channel buckets: in this process, or shared by every replica (Redis). */
  userLimiter: RateLimitBuckets;
  channelLimiter: RateLimitBuckets;
  audit: AuditLog;
}

export class RequestGate {
  constructor(private readonly deps: RequestGateDeps) {}

  async admit(request: GateRequest): Promise<Admission> {
    const { deps } = this;
    const base = {
      team: request.team,
      user: request.user,
      channel: request.channel?.id ?? null,
      action: request.action,
      bizId: request.ref?.bizId ?? request.bizId ?? null,
      jobInstanceId: request.ref?.jobInstanceId ?? null,
      ...(request.operation ? { operation: request.operation.code, step: request.operation.step } : {}),
    };
    const deny = (denial: Denial, actingAs: string | null, rule: string): Admission => {
      deps.audit.record({ ...base, actingAs, outcome: denial.kind === "rate_limited" ? "rate_limited" : "denied", rule });
      return { ok: false, denial };
    };

    if (RATE_LIMITED.has(request.action)) {
      const userWait = await deps.userLimiter.take(request.user);
      if (userWait > 0) return deny({ kind: "rate_limited", scope: "user", retryAfterSeconds: userWait }, null, "user rate limit");
      if (request.channel) {
        const channelWait = await deps.channelLimiter.take(request.channel.id);
        if (channelWait > 0) {
          await deps.userLimiter.refund(request.user);
          return deny({ kind: "rate_limited", scope: "channel", retryAfterSeconds: channelWait }, null, "channel rate limit");
        }
      }
    }

    let logsWithheldBy: string | null = null;
    const askedBiz = request.ref?.bizId ?? request.bizId ?? null;
    if (askedBiz !== null && !NO_IDENTITY.has(request.action)) {
      const where = await this.where(request.channel);
      const bizId = askedBiz;
      const decision: AccessDecision =
        request.action === "follow" || request.action === "follow_mode"
          ? deps.policy.mayFollow(bizId, request.user, where)
          : OPERATES.has(request.action)
            ? deps.policy.mayOperate(bizId, request.user, where)
            : SHOWS_LOGS.has(request.action)
              ? deps.policy.mayShowLogs(bizId, where)
              : request.action === "watch"
                ? deps.policy.mayWatch(bizId, request.user, where)
                : deps.policy.mayQuery(bizId, where);
      if (!decision.allowed) {
        return deny({ kind: "access", reason: decision.reason, rule: decision.rule, bizId }, null, decision.rule || "no rule");
      }
      const logs = deps.policy.mayShowLogs(bizId, where);
      logsWithheldBy = logs.allowed ? null : logs.rule;
    }

    let actingAs: string | null = null;
    if (!NO_IDENTITY.has(request.action)) {
      const identity = await deps.identities.resolve(request.user);
      if (!identity.ok) return deny({ kind: "no_identity", reason: identity.reason }, null, `identity: ${identity.reason}`);
      actingAs = identity.username;
    }

    let finished = false;
    return {
      ok: true,
      jobApi: actingAs === null ? deps.jobApis.service : deps.jobApis.forUser(actingAs),
      actingAs: actingAs ?? "",
      logsWithheldBy,
      finish(outcome, code) {
        if (finished) return;
        finished = true;
        deps.audit.record({ ...base, actingAs, outcome, ...(code !== undefined && code !== null ? { code } : {}) });
      },
    };
  }

  /** An answer that never reached BK-JOB because the request itself was unreadable. */
  recordInvalid(request: Omit<GateRequest, "ref">): void {
    this.deps.audit.record({
      team: request.team,
      user: request.user,
      channel: request.channel?.id ?? null,
      action: request.action,
      bizId: null,
      jobInstanceId: null,
      actingAs: null,
      outcome: "invalid",
    });
  }

  /** For the App Home: whether this person could start a watch of the business from that channel. */
  async mayWatchFrom(bizId: number, userId: string, channelId: string): Promise<boolean> {
    return this.deps.policy.mayWatch(bizId, userId, await this.where({ id: channelId })).allowed;
  }

  /** For a follow's replies: whether log text of this job may appear in its channel now. */
  async logsWithheldIn(ref: JobRef, channelId: string): Promise<string | null> {
    const decision = this.deps.policy.mayShowLogs(ref.bizId, await this.where({ id: channelId }));
    return decision.allowed ? null : decision.rule || "no rule";
  }

  private async where(channel: GateRequest["channel"]): Promise<Where> {
    if (!channel) return { channelId: "", kind: "public" };
    // Without rules there is nothing to decide: skip the conversations.info lookup.
    if (!this.deps.policy.configured) return { channelId: channel.id, kind: "public" };
    return { channelId: channel.id, kind: await this.deps.directory.channelKind(channel.id, channel.name ?? null) };
  }
}
