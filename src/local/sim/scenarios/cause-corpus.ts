// The labelled corpus for "why did it fail": jobs whose failing hosts fail for known causes
// (failure-causes.ts), with each host's cause exported as its label, for the digest's tests and
// `npm run bench -- digest`. The labels come from this generator (which cause it drew for a host),
// never from the digest. Seeded, so every run builds the same jobs.
// - "deploy-app-corpus": 200 hosts, 150 failing for 21 causes, 50 succeeding;
// - "deploy-app-fleet": 10,000 hosts, 2,000 failing for the same causes (the cost benchmark's job).
import { beijingTime } from "../beijing-time.js";
import { HOST_STATUS, RUN_STATUS, type SimHost, type SimJob } from "../model.js";
import { lazy, scriptLog, simHost, simJob, simStep } from "./builders.js";
import { causeLog, FAILURE_CAUSES, Noise } from "./failure-causes.js";

/** How many failing hosts each cause gets, by cause id. */
type CauseCounts = Readonly<Record<string, number>>;

const CORPUS_CAUSES: CauseCounts = {
  "disk-full": 24, "artifact-refused": 14, "artifact-dns": 6, "db-auth": 12, "java-connect-refused": 9, "java-heap": 6,
  "migrate-db-refused": 8, "migrate-pid-permission": 7, "tar-not-gzip": 6, "tar-missing": 6, "config-center-timeout": 8,
  "log-dir-permission": 5, "health-check-503": 9, "dpkg-lock-timeout": 4, "agent-unreachable": 3, "pm2-missing": 4,
  "manifest-missing": 5, "lease-held": 4, "kafka-refused": 4, "container-name-conflict": 3, "port-in-use": 3,
};

const FLEET_CAUSES: CauseCounts = {
  "disk-full": 520, "artifact-refused": 300, "artifact-dns": 120, "db-auth": 200, "java-connect-refused": 150, "java-heap": 90,
  "migrate-db-refused": 110, "migrate-pid-permission": 90, "tar-not-gzip": 60, "tar-missing": 60, "config-center-timeout": 80,
  "log-dir-permission": 30, "health-check-503": 60, "dpkg-lock-timeout": 40, "agent-unreachable": 20, "pm2-missing": 20,
  "manifest-missing": 15, "lease-held": 10, "kafka-refused": 10, "container-name-conflict": 10, "port-in-use": 5,
};

export const CAUSE_CORPUS_HOST_COUNT = 200;
export const CAUSE_FLEET_HOST_COUNT = 10_000;

/** A generated job and, for each failing host ("bkCloudId:ip"), the cause it was given. */
export interface LabelledJob {
  job: SimJob;
  labels: ReadonlyMap<string, string>;
}

interface FleetSpec {
  seed: number;
  name: string;
  stepInstanceId: number;
  hostCount: number;
  causes: CauseCounts;
  ipOf: (index: number) => string;
}

const T0 = beijingTime("2024-05-20 10:15:00");

function succeeded(noise: Noise, ip: string, start: number): SimHost {
  const duration = noise.int(20, 80);
  return simHost({
    ip,
    startTime: start,
    endTime: start + duration * 1000,
    log: scriptLog(start, noise.int(1000, 60000), [
      [0, "job_start"],
      [1, `unpacking release to ${noise.releaseDir()}`],
      [duration - 5, "running migrations: 0 to apply"],
      [duration - 1, `health check passed in ${noise.int(200, 900)}ms`],
      [duration, "job_success:[deployed]"],
    ]),
  });
}

function labelledFleet(ids: { bizId: number; jobInstanceId: number }, spec: FleetSpec): LabelledJob {
  const noise = new Noise(spec.seed);
  // Which host gets which cause: the causes' hosts, then successes, shuffled (Fisher–Yates).
  const assigned: (string | null)[] = Object.entries(spec.causes).flatMap(([id, count]) => Array<string>(count).fill(id));
  if (assigned.length > spec.hostCount) throw new Error(`${spec.name}: more failing hosts than hosts`);
  while (assigned.length < spec.hostCount) assigned.push(null);
  for (let index = assigned.length - 1; index > 0; index -= 1) {
    const other = noise.int(0, index);
    [assigned[index], assigned[other]] = [assigned[other]!, assigned[index]!];
  }
  const causes = new Map(FAILURE_CAUSES.map((cause) => [cause.id, cause]));
  const labels = new Map<string, string>();
  const hosts = assigned.map((causeId, index): SimHost => {
    const ip = spec.ipOf(index);
    const start = T0 + noise.int(0, 20_000);
    if (causeId === null) return succeeded(noise, ip, start);
    const cause = causes.get(causeId);
    if (!cause) throw new Error(`${spec.name}: unknown cause ${causeId}`);
    labels.set(`0:${ip}`, causeId);
    const entries = causeLog(cause, noise);
    const timedOut = cause.ipStatus === HOST_STATUS.taskTimeout;
    return simHost({
      ip,
      ipStatus: cause.ipStatus,
      tag: cause.tag ?? "",
      exitCode: cause.exitCode,
      errorCode: cause.errorCode ?? 0,
      startTime: start,
      endTime: start + (timedOut ? 600_000 : noise.int(3, 60) * 1000),
      log: entries.length === 0 ? "" : scriptLog(start, noise.int(1000, 60000), entries),
    });
  });
  const end = Math.max(...hosts.map((host) => host.endTime ?? T0)) + 500;
  const job = simJob({
    ...ids,
    bkJobId: 1600,
    name: spec.name,
    operator: "lisi",
    status: RUN_STATUS.failed,
    createTime: T0,
    startTime: T0,
    endTime: end,
    steps: [
      simStep({
        stepInstanceId: spec.stepInstanceId,
        name: "deploy-app",
        operator: "lisi",
        status: RUN_STATUS.failed,
        createTime: T0,
        startTime: T0,
        endTime: end,
        hosts,
      }),
    ],
  });
  return { job, labels };
}

const corpus = lazy(() =>
  labelledFleet(
    { bizId: 1, jobInstanceId: 1600 },
    { seed: 16, name: "deploy-app-corpus", stepInstanceId: 160001, hostCount: CAUSE_CORPUS_HOST_COUNT, causes: CORPUS_CAUSES, ipOf: (index) => `10.3.${Math.floor(index / 250)}.${(index % 250) + 1}` },
  ),
);

const fleet = lazy(() =>
  labelledFleet(
    { bizId: 1, jobInstanceId: 9100 },
    { seed: 9100, name: "deploy-app-fleet", stepInstanceId: 910001, hostCount: CAUSE_FLEET_HOST_COUNT, causes: FLEET_CAUSES, ipOf: (index) => `10.4.${Math.floor(index / 250)}.${(index % 250) + 1}` },
  ),
);

/** The corpus job under the ids the registry gives it (the hosts and labels do not depend on them). */
export const causeCorpusJob = (ids: { bizId: number; jobInstanceId: number }): SimJob => ({ ...corpus().job, ...ids });
export const causeFleetJob = (ids: { bizId: number; jobInstanceId: number }): SimJob => ({ ...fleet().job, ...ids });

/** Each failing host of the corpus job ("0:10.3.0.7") and the cause it fails for. */
export const causeCorpusLabels = (): ReadonlyMap<string, string> => corpus().labels;
export const causeFleetLabels = (): ReadonlyMap<string, string> => fleet().labels;
