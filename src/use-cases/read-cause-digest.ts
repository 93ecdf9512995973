// Reads what "why did it fail" needs from BK-JOB, whichever protocol, and builds a digest of
// causes per failed step (core/cause-digest.ts): each started step's failing hosts, then their
// logs in batches of at most 500 hosts, each log read at its end and let go. A job's reading is
// capped (hosts and characters of log); past a cap the digest is of the hosts read so far, and
// says so. Over ESB v2 the logs come from the whole-job answer already received (skimmed: only
// the failing hosts are parsed); over ESB v3 and the gateway, from batch log calls.
import { hostIdentityKey } from "../core/host-identity.js";
import type { HostLogText, JobInstanceStatus, StepHost, StepHostGroups } from "../core/job-model.js";
import { ok, type Result } from "../core/upstream-error.js";
import { CauseDigestBuilder, type CauseDigest, type DigestOptions } from "../core/cause-digest.js";
import { causeReportOf, reportCause } from "../core/cause-report.js";
import type { JobRef } from "../core/job-ref.js";
import type { CauseReport } from "../core/report-model.js";
import { logKey } from "../core/report.js";
import { isFailureGroup, stepRef, stepsWithHosts } from "../core/report-plan.js";
import type { JobRead } from "../ports/job-api.js";

export interface CauseDigestLimits {
  /** Failing hosts whose logs are read for one job, at most. */
  maxHosts: number;
  /** Characters of log read for one job, at most (the host that crosses it is the last read). */
  maxLogChars: number;
}

export const DEFAULT_CAUSE_DIGEST_LIMITS: CauseDigestLimits = { maxHosts: 2_000, maxLogChars: 20_000_000 };

/** Hosts per log request: BK-JOB's batch_get_job_instance_ip_log takes at most 500. */
export const DIGEST_LOG_BATCH = 500;

export interface StepCauseDigest {
  stepInstanceId: number;
  /** Failing hosts in the step, as BK-JOB counts them. */
  failingHosts: number;
  /** Hosts whose logs were read: fewer than failingHosts when a cap was hit. */
  hostsRead: number;
  /** Characters of log read for this step. */
  logChars: number;
  /** A cap was hit: the digest is of a sample of the failing hosts. */
  sampled: boolean;
  digest: CauseDigest<StepHost>;
}

/** What the caller already read on the same read (a report's groups and logs): not asked for again. */
export interface KnownAnswers {
  groups?: ReadonlyMap<number, StepHostGroups>;
  /** By core/report.ts's logKey. */
  logs?: ReadonlyMap<string, HostLogText>;
  /** Only these steps (the Hosts modal reads one). */
  stepIds?: readonly number[];
  /**
   * Logs the caller wants too (by logKey: a report's tails), kept into `kept` as they pass, so
   * the caller does not ask for them again: the report and the digest share the batches.
   */
  keep?: ReadonlySet<string>;
  kept?: Map<string, HostLogText>;
}

/** Groups known to list every failing host, so the digest can use them as they are. */
function completeGroups(known: StepHostGroups | undefined): StepHostGroups | null {
  if (!known) return null;
  return known.groups.filter(isFailureGroup).every((group) => group.hosts.length >= group.hostCount) ? known : null;
}

export async function readCauseDigests(
  read: JobRead,
  status: JobInstanceStatus,
  limits: CauseDigestLimits = DEFAULT_CAUSE_DIGEST_LIMITS,
  options: DigestOptions = {},
  known: KnownAnswers = {},
): Promise<Result<StepCauseDigest[]>> {
  const digests: StepCauseDigest[] = [];
  let hostsLeft = limits.maxHosts;
  let charsLeft = limits.maxLogChars;
  const wanted = known.stepIds ? new Set(known.stepIds) : null;
  for (const step of stepsWithHosts(status)) {
    if (wanted && !wanted.has(step.stepInstanceId)) continue;
    const ref = stepRef(step);
    // Past a cap, later steps are still counted (no host listed, no log read).
    const budget = charsLeft > 0 ? Math.max(0, hostsLeft) : 0;
    const reused = completeGroups(known.groups?.get(step.stepInstanceId));
    const groups = reused ? ok(reused) : await read.getStepHostGroups(ref, { maxHostsPerGroup: budget, failuresOnly: true });
    if (!groups.ok) return groups;
    const failing = groups.value.groups.filter(isFailureGroup);
    const failingHosts = failing.reduce((sum, group) => sum + group.hostCount, 0);
    if (failingHosts === 0) continue;

    // A host BK-JOB cannot be asked about (IPv6-only over ESB v2) is counted, not read.
    const toRead = failing
      .flatMap((group) => group.hosts)
      .filter((host) => hostIdentityKey(host) !== null)
      .slice(0, budget);
    const byKey = new Map(toRead.map((host) => [hostIdentityKey(host)!, host]));
    const builder = new CauseDigestBuilder<StepHost>(options);
    let logChars = 0;
    // Logs the caller already holds are used as they are; only the others are asked for.
    const held = toRead.map((host) => known.logs?.get(logKey(step.stepInstanceId, host)));
    const missing = toRead.filter((_, index) => held[index] === undefined);
    const add = (log: HostLogText): void => {
      const key = logKey(step.stepInstanceId, log);
      if (known.keep?.has(key)) known.kept?.set(key, log);
      const host = byKey.get(hostIdentityKey(log) ?? "");
      if (!host || charsLeft <= 0) return;
      builder.add({ host, log: log.text, tag: host.tag, exitCode: host.exitCode, status: host.status });
      logChars += log.text.length;
      charsLeft -= log.text.length;
    };
    for (const log of held) if (log !== undefined) add(log);
    for (let start = 0; start < missing.length && charsLeft > 0; start += DIGEST_LOG_BATCH) {
      const logs = await read.getHostLogs(ref, missing.slice(start, start + DIGEST_LOG_BATCH));
      if (!logs.ok) return logs;
      for (const log of logs.value) {
        add(log);
      }
    }
    hostsLeft -= builder.hostCount;
    digests.push({
      stepInstanceId: step.stepInstanceId,
      failingHosts,
      hostsRead: builder.hostCount,
      logChars,
      sampled: builder.hostCount < failingHosts,
      digest: builder.result(),
    });
  }
  return ok(digests);
}

/** The digest as the report carries it: steps named and numbered as the job has them. */
export async function readCauseReport(
  read: JobRead,
  ref: JobRef,
  status: JobInstanceStatus,
  limits: CauseDigestLimits = DEFAULT_CAUSE_DIGEST_LIMITS,
  known: KnownAnswers = {},
): Promise<Result<CauseReport>> {
  const digests = await readCauseDigests(read, status, limits, {}, known);
  if (!digests.ok) return digests;
  const position = new Map(status.steps.map((step, index) => [step.stepInstanceId, index]));
  return ok(
    causeReportOf(
      digests.value.map(({ digest, ...step }) => {
        const index = position.get(step.stepInstanceId) ?? 0;
        return {
          ...step,
          stepIndex: index + 1,
          stepName: status.steps[index]?.name ?? "",
          causes: digest.causes.map((cause) => reportCause(ref, step.stepInstanceId, cause)),
        };
      }),
    ),
  );
}
