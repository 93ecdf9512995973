// The JobApi port over BK-JOB's v3 APIs (ESB jobv3 or the API gateway), asking only for what a
// report shows (the calls and their fields: openapi/bk-job.openapi.yaml):
// - status: get_job_instance_status, plus (once per job) its row in get_job_instance_list for
//   the operator and launch mode that v3's status leaves out;
// - a step's groups: get_step_instance_status on the gateway (counts, capped host lists, and
//   BK-JOB's own log search); on ESB jobv3, or a gateway that answers 404 for it, derived from
//   get_job_instance_status with return_ip_result=true (and the logs searched here);
// - logs: batch_get_job_instance_ip_log for just the hosts asked for, 500 a call;
// - Show log: get_job_instance_ip_log for the one host.
import type { JobRef } from "../core/job-ref.js";
import type { JobApi, JobRead, ReadOptions, StepRef } from "../ports/job-api.js";
import type { Logger } from "../ports/logger.js";
import { callOptionsOf } from "./call-options.js";
import { hostIdentityKey } from "../core/host-identity.js";
import type { HostIdentity, HostLogText, JobInstanceStatus, StepHost, StepHostGroup, StepHostStatus } from "../core/job-model.js";
import { ok, type Result, type UpstreamError } from "../core/upstream-error.js";
import { MAX_HOSTS_PER_LOG_BATCH, type V3Client } from "./v3-client.js";

const DAY_MS = 24 * 60 * 60 * 1000;
/** Jobs whose operator is remembered: who started a job never changes, so polls ask once. */
const LAUNCHES_REMEMBERED = 500;

interface Launch {
  operator: string | null;
  startWay: number | null;
}
/** Log batches in flight at once for one read: enough to be quick, few enough to be polite. */
const LOG_BATCHES_IN_PARALLEL = 4;

export interface V3JobApiOptions {
  logger?: Logger;
}

/** The gateway has no such resource: BK-JOB versions and gateway grants differ. */
function isMissingApi(error: UpstreamError): boolean {
  return error.httpStatus === 404 || error.code === 1640401;
}

export function createV3JobApi(client: V3Client, options: V3JobApiOptions = {}): JobApi {
  const { logger } = options;
  // Once a gateway has said it has no get_step_instance_status, later reads do not ask again.
  let stepStatusAvailable = client.transport.kind === "gateway";
  const launches = new Map<string, Launch>();
  const rememberLaunch = (key: string, launch: Launch) => {
    launches.set(key, launch);
    // Map order is insertion order: drop the oldest beyond the bound.
    for (const oldest of launches.keys()) {
      if (launches.size <= LAUNCHES_REMEMBERED) break;
      launches.delete(oldest);
    }
  };

  return {
    read(ref: JobRef, readOptions: ReadOptions = {}): JobRead {
      const callOptions = callOptionsOf(readOptions);
      const statuses = new Map<boolean, Promise<Result<JobInstanceStatus>>>();
      let launch: Promise<Launch> | null = null;
      const launchKey = `${ref.bizId}/${ref.jobInstanceId}`;
      /** Logs a search (grep) of this read fetched, per step, by host key: the report of its hits reads them again. */
      const fetchedLogs = new Map<number, Map<string, HostLogText>>();

      const launchOf = (status: JobInstanceStatus) =>
        (launch ??= (async (): Promise<Launch> => {
          const known = launches.get(launchKey);
          if (known) return known;
          const at = status.job.createTime ?? status.job.startTime;
          if (at === null) return { operator: null, startWay: null };
          const window = { createTimeStart: at.getTime() - DAY_MS, createTimeEnd: at.getTime() + DAY_MS };
          const row = await client.getJobInstanceListItem(ref, window, callOptions);
          if (!row.ok) {
            // Who started the job is a nicety: without it the report is still whole (and the next read asks again).
            logger?.warn({ ref, kind: row.error.kind, code: row.error.code }, "job operator unavailable");
            return { operator: null, startWay: null };
          }
          const found = { operator: row.value?.operator ?? null, startWay: row.value?.launchMode ?? null };
          rememberLaunch(launchKey, found);
          return found;
        })());

      const statusOf = (withHosts: boolean): Promise<Result<JobInstanceStatus>> => {
        let cached = statuses.get(withHosts);
        if (!cached) {
          cached = (async () => {
            const result = await client.getJobInstanceStatus(ref, { returnIpResult: withHosts }, callOptions);
            // A permission proof is only the status call: who launched the job is the report's to ask.
            if (!result.ok || readOptions.proofOnly) return result;
            const { operator, startWay } = await launchOf(result.value);
            return ok({ ...result.value, job: { ...result.value.job, operator, startWay } });
          })();
          statuses.set(withHosts, cached);
        }
        return cached;
      };

      const logsOfStep = (stepInstanceId: number) => {
        let logs = fetchedLogs.get(stepInstanceId);
        if (!logs) fetchedLogs.set(stepInstanceId, (logs = new Map()));
        return logs;
      };

      /**
       * Logs of these hosts: those a search of this read already fetched, and the others asked for.
       * Only a search's logs are kept (`keep`), for the report of its hits that follows; a digest
       * reads thousands of logs in batches, and each batch must be let go once it is read.
       */
      async function getHostLogs(step: StepRef, hosts: readonly HostIdentity[], keep = false): Promise<Result<HostLogText[]>> {
        const kept = logsOfStep(step.stepInstanceId);
        const fetched = keep ? kept : new Map<string, HostLogText>();
        const wanted = hosts.filter((host) => hostIdentityKey(host) !== null);
        const missing = uniqueByKey(wanted.filter((host) => !kept.has(hostIdentityKey(host)!)));
        // v3 asks by host id, or else by BK-Net + IP; an IPv6-only host without an id cannot be asked for.
        const byId = missing.filter((host) => host.bkHostId !== null);
        const byIp = missing.filter((host) => host.bkHostId === null && host.ip !== "");
        const batches = [...chunks(byId, MAX_HOSTS_PER_LOG_BATCH), ...chunks(byIp, MAX_HOSTS_PER_LOG_BATCH)];
        const failure = await forEachLimited(batches, LOG_BATCHES_IN_PARALLEL, async (batch) => {
          const result = await client.batchGetJobInstanceIpLog(ref, step.stepInstanceId, batch, callOptions);
          if (!result.ok) return result.error;
          remember(fetched, batch, result.value);
          return null;
        });
        if (failure) return { ok: false, error: failure };
        return ok(wanted.flatMap((host) => fetched.get(hostIdentityKey(host)!) ?? kept.get(hostIdentityKey(host)!) ?? []));
      }

      async function derivedGroups(step: StepRef, maxHostsPerGroup: number, keyword: string | null) {
        const status = await statusOf(true);
        if (!status.ok) return status;
        const stepStatus = status.value.steps.find((candidate) => candidate.stepInstanceId === step.stepInstanceId);
        let hosts = (stepStatus?.hosts ?? []).map(stepHostOf);
        if (keyword !== null) {
          // No server-side search here: read every host's log (500 a call) and search it.
          const logs = await getHostLogs(step, hosts, true);
          if (!logs.ok) return logs;
          const matching = new Set(logs.value.filter((log) => log.text.includes(keyword)).map((log) => hostIdentityKey(log)));
          hosts = hosts.filter((host) => matching.has(hostIdentityKey(host)));
        }
        return ok({ stepInstanceId: step.stepInstanceId, groups: groupHosts(hosts, maxHostsPerGroup) });
      }

      return {
        getJobStatus(statusOptions) {
          // A report without get_step_instance_status needs every host's result anyway: one call, not two.
          const derivingGroups = readOptions.wholeReport === true && !stepStatusAvailable;
          return statusOf(statusOptions?.withHosts === true || derivingGroups);
        },
        async getStepHostGroups(step, query) {
          const keyword = query.keyword ?? null;
          if (stepStatusAvailable) {
            const result = await client.getStepInstanceStatus(
              ref,
              step.stepInstanceId,
              { maxHostNumPerGroup: query.maxHostsPerGroup, keyword },
              callOptions,
            );
            if (result.ok || !isMissingApi(result.error)) return result;
            stepStatusAvailable = false;
            logger?.warn(
              { ref, code: result.error.code, httpStatus: result.error.httpStatus },
              "the gateway has no get_step_instance_status: deriving host groups from get_job_instance_status from now on",
            );
          }
          return derivedGroups(step, query.maxHostsPerGroup, keyword);
        },
        getHostLogs: (step, hosts) => getHostLogs(step, hosts),
        async getHostLog(stepInstanceId, host) {
          if (host.bkHostId === null && host.ip === "") return ok(null);
          const result = await client.getJobInstanceIpLog(ref, stepInstanceId, host, callOptions);
          // The step is gone (the job was retried, or the button is stale): the host is "no longer there".
          if (!result.ok && result.error.code === 1244007) return ok(null);
          if (!result.ok || result.value === null) return result;
          return ok(withIdentity(host, result.value));
        },
      };
    },
  };
}

function stepHostOf(host: StepHostStatus): StepHost {
  return {
    bkHostId: host.bkHostId ?? null,
    bkCloudId: host.bkCloudId,
    ip: host.ip,
    // get_job_instance_status has no ipv6 (openapi/bk-job.openapi.yaml); the logs fill it in.
    ipv6: null,
    status: host.status,
    tag: host.tag ?? "",
    exitCode: host.exitCode ?? 0,
    errorCode: host.errorCode ?? null,
    startTime: host.startTime ?? null,
    endTime: host.endTime ?? null,
    totalTimeMs: host.totalTimeMs ?? null,
  };
}

/** Hosts grouped by (status, tag) in order of first appearance, as BK-JOB groups them. */
export function groupHosts(hosts: readonly StepHost[], maxHostsPerGroup: number): StepHostGroup[] {
  const groups = new Map<string, StepHostGroup>();
  for (const host of hosts) {
    const key = `${host.status}\u0000${host.tag}`;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { status: host.status, tag: host.tag, hostCount: 0, hosts: [] }));
    group.hostCount += 1;
    if (group.hosts.length < maxHostsPerGroup) group.hosts.push(host);
  }
  return [...groups.values()];
}

/** The answer's logs, filed under the identity that was asked for (an answer may omit the id). */
function remember(known: Map<string, HostLogText>, asked: readonly HostIdentity[], answers: readonly HostLogText[]): void {
  const byKey = new Map(asked.map((host) => [hostIdentityKey(host), host]));
  const byIp = new Map(asked.map((host) => [`${host.bkCloudId}:${host.ip}`, host]));
  for (const answer of answers) {
    const host = byKey.get(hostIdentityKey(answer)) ?? (answer.ip ? byIp.get(`${answer.bkCloudId}:${answer.ip}`) : undefined);
    if (!host) continue;
    known.set(hostIdentityKey(host)!, withIdentity(host, answer));
  }
}

function withIdentity(host: HostIdentity, log: HostLogText): HostLogText {
  return {
    ...log,
    bkHostId: log.bkHostId ?? host.bkHostId,
    ip: log.ip || host.ip,
    ipv6: log.ipv6 ?? host.ipv6,
  };
}

function uniqueByKey(hosts: readonly HostIdentity[]): HostIdentity[] {
  const seen = new Map<string, HostIdentity>();
  for (const host of hosts) seen.set(hostIdentityKey(host)!, host);
  return [...seen.values()];
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += size) result.push(items.slice(start, start + size));
  return result;
}

/** Runs `work` over items, `limit` at a time; stops starting new ones after the first failure. */
async function forEachLimited<T, E>(items: readonly T[], limit: number, work: (item: T) => Promise<E | null>): Promise<E | null> {
  let next = 0;
  let failure: E | null = null;
  const worker = async (): Promise<void> => {
    while (failure === null && next < items.length) {
      const item = items[next++] as T;
      const result = await work(item);
      if (result !== null && failure === null) failure = result;
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return failure;
}
