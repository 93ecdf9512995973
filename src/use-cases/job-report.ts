// Fetches what a report needs from BK-JOB, whichever protocol, and builds it: the job's status,
// each started step's host groups (capped), then the logs of just the hosts the message shows.
// With `grep`, also each script step's hosts whose log contains the text, and their logs.
import type { HostLogText, StepHostGroups } from "../core/job-model.js";
import { ok, type Result } from "../core/upstream-error.js";
import { buildJobReport, logKey, type GrepSources } from "../core/report.js";
import type { CauseReport, JobReport } from "../core/report-model.js";
import {
  GREP_LISTED_HOSTS,
  hostsToLog,
  isFailureGroup,
  REPORT_HOSTS_PER_GROUP,
  REPORT_LISTED_HOSTS,
  searchableSteps,
  stepRef,
  stepsWithHosts,
  type LogRequest,
} from "../core/report-plan.js";
import type { JobRef } from "../core/job-ref.js";
import type { Clock } from "../ports/clock.js";
import type { HostGroupQuery, JobApi, JobRead } from "../ports/job-api.js";
import type { Logger } from "../ports/logger.js";
import type { StepStatus } from "../core/job-model.js";
import { readCauseReport, type CauseDigestLimits } from "./read-cause-digest.js";

export interface JobReportDeps {
  jobApi: JobApi;
  clock: Clock;
  logger: Logger;
  webUrl: string | null;
}

export interface JobReportOptions {
  /** Only hosts whose log contains this text (literal, case-sensitive), with the matching lines. */
  grep?: string | null;
  /** Why it failed: digest the failing hosts' logs within these caps (read-cause-digest.ts). Absent: no digest. */
  causes?: CauseDigestLimits | null;
}

/** Steps read side by side at most; a 300-step job does not open 300 connections at once. */
const STEPS_IN_PARALLEL = 4;

export async function fetchJobReport(deps: JobReportDeps, ref: JobRef, options: JobReportOptions = {}): Promise<Result<JobReport>> {
  const grep = options.grep ?? null;
  const readOf = deps.jobApi.read(ref, { wholeReport: true });
  const causesLimits = options.causes ?? null;
  const build = () => buildFromRead(deps, ref, readOf, grep, causesLimits);
  // Reads that share one fetch share the report built from it (the same answers make the same report).
  return readOf.derived ? readOf.derived(`report ${JSON.stringify([grep, deps.webUrl, causesLimits])}`, build) : build();
}

async function buildFromRead(deps: JobReportDeps, ref: JobRef, readOf: JobRead, grep: string | null, causesLimits: CauseDigestLimits | null): Promise<Result<JobReport>> {
  const status = await readOf.getJobStatus();
  if (!status.ok) return status;

  const readable = stepsWithHosts(status.value);
  const searchable = grep === null ? [] : searchableSteps(status.value);
  const [groups, grepGroups] = await Promise.all([
    readGroups(readOf, readable, { maxHostsPerGroup: REPORT_HOSTS_PER_GROUP }),
    readGroups(readOf, searchable, { maxHostsPerGroup: GREP_LISTED_HOSTS, keyword: grep }),
  ]);
  if (!groups.ok) return groups;
  if (!grepGroups.ok) return grepGroups;

  const requests = [
    ...hostsToLog(status.value, groups.value, REPORT_LISTED_HOSTS, isFailureGroup),
    ...(grep === null ? [] : hostsToLog(status.value, grepGroups.value, GREP_LISTED_HOSTS, (group) => group.hostCount > 0)),
  ];
  // Why it failed: the failing hosts' logs are read once, in batches, and the tails the report
  // shows come from those batches (no call of their own), as do groups the report already read.
  let causes: CauseReport | null = null;
  const kept = new Map<string, HostLogText>();
  const failing = [...groups.value.values()].some((step) => step.groups.some((group) => isFailureGroup(group) && group.hostCount > 0));
  if (causesLimits && failing) {
    const keep = new Set(requests.flatMap((request) => request.hosts.map((host) => logKey(request.step.stepInstanceId, host))));
    const read = await readCauseReport(readOf, ref, status.value, causesLimits, { groups: groups.value, keep, kept });
    if (!read.ok) return read;
    causes = read.value;
  }
  const missing = requests
    .map((request) => ({ ...request, hosts: request.hosts.filter((host) => !kept.has(logKey(request.step.stepInstanceId, host))) }))
    .filter((request) => request.hosts.length > 0);
  const logs = await readLogs(readOf, missing);
  if (!logs.ok) return logs;
  for (const [key, log] of kept) logs.value.set(key, log);

  const grepSources: GrepSources | null =
    grep === null
      ? null
      : {
          text: grep,
          groups: grepGroups.value,
          skippedStepIds: readable.filter((step) => !searchable.includes(step)).map((step) => step.stepInstanceId),
        };
  const report = buildJobReport({
    ref,
    status: status.value,
    groups: groups.value,
    logs: logs.value,
    grep: grepSources,
    webUrl: deps.webUrl,
    now: new Date(deps.clock.now()),
  });
  return ok(causes ? { ...report, causes } : report);
}

export async function readGroups(read: JobRead, steps: readonly StepStatus[], query: HostGroupQuery): Promise<Result<Map<number, StepHostGroups>>> {
  const results = await mapLimited(steps, STEPS_IN_PARALLEL, (step) => read.getStepHostGroups(stepRef(step), query));
  const groups = new Map<number, StepHostGroups>();
  for (const [index, result] of results.entries()) {
    if (!result.ok) return result;
    groups.set(steps[index]!.stepInstanceId, result.value);
  }
  return ok(groups);
}

/** One log call per step (the adapter batches), for the hosts of both plans, each asked once. */
async function readLogs(read: JobRead, requests: readonly LogRequest[]): Promise<Result<Map<string, HostLogText>>> {
  const perStep = new Map<number, LogRequest>();
  for (const request of requests) {
    const merged = perStep.get(request.step.stepInstanceId);
    perStep.set(request.step.stepInstanceId, merged ? { step: request.step, hosts: [...merged.hosts, ...request.hosts] } : request);
  }
  const batches = [...perStep.values()];
  const results = await mapLimited(batches, STEPS_IN_PARALLEL, (request) => read.getHostLogs(request.step, request.hosts));
  const logs = new Map<string, HostLogText>();
  for (const [index, result] of results.entries()) {
    if (!result.ok) return result;
    const stepInstanceId = batches[index]!.step.stepInstanceId;
    for (const log of result.value) logs.set(logKey(stepInstanceId, log), log);
  }
  return ok(logs);
}

/** `work` over items, at most `limit` at a time, results in item order. */
export async function mapLimited<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
