// `joblog … --log <ip>`: which step and BK-Net hold the host's log. Without a BK-Net the host is
// looked for where the report saw it (a failing host) or in BK-Net 0; when it is not there but
// the job has that IP in another BK-Net, the answer says which `<bk_cloud_id>:<ip>` to ask for.
import type { UpstreamError } from "../core/upstream-error.js";
import type { HostRef, JobReport } from "../core/report-model.js";
import type { Clock } from "../ports/clock.js";
import type { JobApi } from "../ports/job-api.js";
import { HostLogCache } from "../use-cases/host-log-cache.js";
import { fetchHostLog } from "../use-cases/host-log.js";
import type { HostArgument } from "./args.js";

export type FoundHostLog =
  | { kind: "log"; text: string }
  | { kind: "upstream-error"; error: UpstreamError }
  | { kind: "not-found"; problem: string };

/** Where the host's log may be: the step given, else every step that ran, the last first. */
function candidateRefs(report: JobReport, host: HostArgument, stepInstanceId: number | null): HostRef[] {
  const failing = report.failureGroups.flatMap((group) => group.hosts).filter((candidate) => candidate.ip === host.ip);
  const cloudIn = (step: number) =>
    host.bkCloudId ?? failing.find((candidate) => candidate.ref.stepInstanceId === step)?.bkCloudId ?? failing[0]?.bkCloudId ?? 0;
  const steps =
    stepInstanceId !== null
      ? [stepInstanceId]
      : report.steps
          .filter((step) => step.phase !== "pending" && !step.manualConfirm)
          .map((step) => step.stepInstanceId)
          .reverse();
  return steps.map((step) => ({ ...report.ref, stepInstanceId: step, bkCloudId: cloudIn(step), ip: host.ip }));
}

/** BK-Nets other than those already tried where the job's steps (or the one step) have this IP. */
async function otherBkNets(jobApi: JobApi, tried: readonly HostRef[], stepInstanceId: number | null): Promise<number[]> {
  const first = tried[0];
  if (!first) return [];
  const status = await jobApi.read({ bizId: first.bizId, jobInstanceId: first.jobInstanceId }).getJobStatus({ withHosts: true });
  // Only a hint: when BK-JOB cannot say, the answer is still "not in the job".
  if (!status.ok) return [];
  const triedClouds = new Set(tried.map((ref) => ref.bkCloudId));
  const clouds = status.value.steps
    .filter((step) => stepInstanceId === null || step.stepInstanceId === stepInstanceId)
    .flatMap((step) => step.hosts)
    .filter((candidate) => candidate.ip === first.ip && !triedClouds.has(candidate.bkCloudId))
    .map((candidate) => candidate.bkCloudId);
  return [...new Set(clouds)].sort((a, b) => a - b);
}

function notFound(report: JobReport, host: HostArgument, stepInstanceId: number | null, tried: readonly HostRef[], elsewhere: readonly number[]): string {
  const job = report.ref.jobInstanceId;
  const where = stepInstanceId !== null ? `step ${stepInstanceId} of job ${job}` : `any step of job ${job} that ran`;
  // The BK-Net is named when the person named it, or when the IP is in another one.
  const triedClouds = [...new Set(tried.map((ref) => ref.bkCloudId))].map((id) => `BK-Net ${id}`).join(" or ");
  const cloud = host.bkCloudId !== null || elsewhere.length > 0 ? ` in ${triedClouds}` : "";
  const sentence = `host ${host.ip}${cloud} is not in ${where}.`;
  if (elsewhere.length === 0) return sentence;
  const nets = elsewhere.map((id) => `BK-Net ${id}`).join(" and ");
  const tries = elsewhere.map((id) => `--log ${id}:${host.ip}`).join(" or ");
  return `${sentence}\n${host.ip} is in ${nets}: try ${tries}`;
}

export async function findHostLog(
  deps: { jobApi: JobApi; clock: Clock },
  report: JobReport,
  host: HostArgument,
  stepInstanceId: number | null,
): Promise<FoundHostLog> {
  const cache = new HostLogCache(deps.clock);
  const refs = candidateRefs(report, host, stepInstanceId);
  for (const ref of refs) {
    const result = await fetchHostLog({ jobApi: deps.jobApi, cache }, ref);
    if (!result.ok) return { kind: "upstream-error", error: result.error };
    if (result.value !== null) return { kind: "log", text: result.value.text };
  }
  return { kind: "not-found", problem: notFound(report, host, stepInstanceId, refs, await otherBkNets(deps.jobApi, refs, stepInstanceId)) };
}
