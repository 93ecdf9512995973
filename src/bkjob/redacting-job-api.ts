// Wraps any JobApi so every text BK-JOB hands out has its secrets masked: the one door upstream
// text comes in through, so messages, modals, thread files, grep lines and the terminal all get
// the masked text. Logs get every rule; job and step names and BK-JOB's error messages get
// joblog's own secrets masked by value.
//
// A log search (`grep`) must not tell anyone that a guessed secret is in a log, so a host is a
// hit only when its MASKED log contains the text (case-sensitive, as the port promises). The
// search upstream (ESB v2 and ESB jobv3 here, BK-JOB's own `keyword` search on the gateway)
// narrows the hosts; up to CHECKED_HITS_PER_GROUP of each group are then read, masked and
// checked. A group's hosts beyond those are counted only when masking hid the text on none of
// the ones checked: then the text is plainly in those logs, not a secret.
import type { Redactor } from "../core/redact-secrets.js";
import type { HostGroupQuery, JobApi, JobRead, StepRef } from "../ports/job-api.js";
import { hostIdentityKey } from "../core/host-identity.js";
import type { HostIdentity, HostLogText, JobInstanceStatus, StepHostGroups } from "../core/job-model.js";
import { ok, type Result, type UpstreamError } from "../core/upstream-error.js";

/** Hits read and checked per (status, tag) group: one log batch on the gateway (500 a call). */
export const CHECKED_HITS_PER_GROUP = 500;

function redactLog(log: HostLogText, redactor: Redactor): HostLogText {
  return {
    ...log,
    text: redactor.redact(log.text),
    files: log.files === null ? null : log.files.map((file) => ({ ...file, logContent: redactor.redact(file.logContent) })),
    ...(log.step ? { step: { ...log.step, name: redactor.redactKnownSecrets(log.step.name) } } : {}),
  };
}

function redactError<T>(result: Result<T>, redactor: Redactor): Result<T> {
  if (result.ok || result.error.message === null) return result;
  const error: UpstreamError = { ...result.error, message: redactor.redactKnownSecrets(result.error.message) };
  return { ok: false, error };
}

function redactStatus(status: JobInstanceStatus, redactor: Redactor): JobInstanceStatus {
  return {
    ...status,
    job: { ...status.job, name: redactor.redactKnownSecrets(status.job.name) },
    steps: status.steps.map((step) => ({ ...step, name: redactor.redactKnownSecrets(step.name) })),
  };
}

/** Both keys a host may be known by (its id, or BK-Net + IP), so an answer that left one out still matches. */
function keysOf(host: HostIdentity): string[] {
  return [hostIdentityKey(host), host.ip ? `${host.bkCloudId}:${host.ip}` : null].filter((key): key is string => key !== null);
}

export function withRedaction(jobApi: JobApi, redactor: Redactor): JobApi {
  return {
    read(ref, options): JobRead {
      const read = jobApi.read(ref, options);
      // Masked logs a grep's check read, so the report of its hits after it masks each log once.
      // Only those: a digest's thousands of logs pass through here in batches and must not stay.
      const masked = new Map<string, { raw: HostLogText; masked: HostLogText }>();
      const maskOnce = (stepInstanceId: number, log: HostLogText, keep = false): HostLogText => {
        const identity = hostIdentityKey(log);
        if (identity === null) return redactLog(log, redactor);
        const key = `${stepInstanceId}/${identity}`;
        const known = masked.get(key);
        if (known && (known.raw === log || (known.raw.text === log.text && known.raw.files === log.files))) return known.masked;
        const result = redactLog(log, redactor);
        if (keep) masked.set(key, { raw: log, masked: result });
        return result;
      };

      /** The logs a grep's check already holds are not asked for again (the gateway keeps none itself). */
      async function getHostLogs(step: StepRef, hosts: readonly HostIdentity[], keep = false): Promise<Result<HostLogText[]>> {
        const held: HostLogText[] = [];
        const asked: HostIdentity[] = [];
        for (const host of hosts) {
          const identity = hostIdentityKey(host);
          const log = identity === null ? undefined : masked.get(`${step.stepInstanceId}/${identity}`)?.masked;
          if (log) held.push(log);
          else asked.push(host);
        }
        const result = asked.length === 0 ? ok([]) : redactError(await read.getHostLogs(step, asked), redactor);
        if (!result.ok) return result;
        return ok([...held, ...result.value.map((log) => maskOnce(step.stepInstanceId, log, keep))]);
      }

      async function searchMasked(step: StepRef, query: HostGroupQuery & { keyword: string }): Promise<Result<StepHostGroups>> {
        const found = redactError(await read.getStepHostGroups(step, { ...query, maxHostsPerGroup: Math.max(query.maxHostsPerGroup, CHECKED_HITS_PER_GROUP) }), redactor);
        if (!found.ok) return found;
        const candidates = found.value.groups.flatMap((group) => group.hosts);
        if (candidates.length === 0) return found;
        const logs = await getHostLogs(step, candidates, true);
        if (!logs.ok) return logs;
        const visible = new Set(logs.value.filter((log) => log.text.includes(query.keyword)).flatMap(keysOf));
        const groups = found.value.groups.flatMap((group) => {
          const kept = group.hosts.filter((host) => keysOf(host).some((key) => visible.has(key)));
          const unchecked = group.hostCount - group.hosts.length;
          const hostCount = kept.length + (kept.length === group.hosts.length ? unchecked : 0);
          return hostCount === 0 ? [] : [{ ...group, hostCount, hosts: kept.slice(0, query.maxHostsPerGroup) }];
        });
        return ok({ ...found.value, groups });
      }

      return {
        async getJobStatus(statusOptions) {
          const result = redactError(await read.getJobStatus(statusOptions), redactor);
          return result.ok ? ok(redactStatus(result.value, redactor)) : result;
        },
        async getStepHostGroups(step, query) {
          const keyword = query.keyword ?? null;
          if (keyword !== null) return searchMasked(step, { ...query, keyword });
          return redactError(await read.getStepHostGroups(step, query), redactor);
        },
        getHostLogs: (step, hosts) => getHostLogs(step, hosts),
        async getHostLog(stepInstanceId, host) {
          const result = redactError(await read.getHostLog(stepInstanceId, host), redactor);
          return result.ok && result.value !== null ? ok(maskOnce(stepInstanceId, result.value)) : result;
        },
      };
    },
  };
}
