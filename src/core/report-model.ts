// The report: what joblog knows about one execution, ready to render to Block Kit, an unfurl or
// text. Built by core/report.ts from BK-JOB's answers; holds no BK-JOB wire format.
import type { JobRef } from "./job-ref.js";
import type { HostPhase, RunPhase } from "./status.js";

export interface HostCounts {
  total: number;
  success: number;
  failed: number;
  running: number;
  waiting: number;
}

export interface StepSummary {
  stepInstanceId: number;
  index: number; // 1-based position in the job
  name: string;
  status: number;
  phase: RunPhase;
  durationMs: number | null;
  hosts: HostCounts;
  /** A manual-confirm step: it has no hosts, only a person to press a button. */
  manualConfirm: boolean;
}

/** Identifies one host of one step, for buttons and caches. */
export interface HostRef {
  bizId: number;
  jobInstanceId: number;
  stepInstanceId: number;
  bkCloudId: number;
  ip: string; // "" for a host with only an IPv6 address
  /** BK-JOB's host id, when the protocol gave one (v3): the surest way to ask for its log. */
  bkHostId?: number | null;
  /** Shown for a host without IPv4. */
  ipv6?: string | null;
}

/** A file step's per-file result on one host (get_job_instance_ip_log's file_logs). */
export interface FileLogSummary {
  mode: "upload" | "download";
  /** "10.0.0.2:/data/app.tar.gz" */
  source: string;
  /** null for an upload (the source side). */
  destination: string | null;
  status: number; // §7.3 FileDistStatusEnum
  /** The file's last log line, ANSI and control characters removed. */
  lastLine: string | null;
}

export interface FailedHost {
  ref: HostRef;
  ip: string;
  bkCloudId: number;
  bkHostId?: number | null;
  ipv6?: string | null;
  phase: HostPhase;
  exitCode: number;
  /** GSE error code; null where the protocol does not give it (the gateway's grouped status). */
  errorCode: number | null;
  durationMs: number | null;
  /** The last lines of its log, ANSI and control characters removed. */
  logTail: string[];
  logIsEmpty: boolean;
  /** Only the hosts a message shows have their logs fetched; the rest have no tail. Absent means true. */
  logFetched?: boolean;
  /** A file step's per-file results, shown instead of a script log; null for script steps and on ESB v2. */
  fileLogs?: FileLogSummary[] | null;
}

export interface FailureGroup {
  stepInstanceId: number;
  stepIndex: number;
  stepName: string;
  ipStatus: number;
  tag: string;
  /** Every failing host in the group; absent means `hosts.length`. */
  hostCount?: number;
  /** The first hosts of the group, in BK-JOB's order (at most REPORT_HOSTS_PER_GROUP). */
  hosts: FailedHost[];
}

/** One matching line of a host's log. */
export interface GrepMatch {
  lineNumber: number; // 1-based
  text: string; // ANSI and control characters removed
}

export interface GrepHost {
  ref: HostRef;
  ip: string;
  bkCloudId: number;
  bkHostId: number | null;
  ipv6: string | null;
  phase: HostPhase;
  exitCode: number;
  /** False for hosts beyond those whose logs were read: they match, their lines are not shown. */
  logFetched: boolean;
  /** The first matching lines. */
  matches: GrepMatch[];
  /** Every matching line in the log. */
  matchCount: number;
}

export interface GrepGroup {
  stepInstanceId: number;
  stepIndex: number;
  stepName: string;
  ipStatus: number;
  tag: string;
  /** Every host of the group whose log contains the text. */
  hostCount: number;
  hosts: GrepHost[];
}

/** `/joblog <biz> <job> grep <text>`: which hosts' logs contain the text, and where. */
export interface GrepReport {
  text: string;
  /** Host logs containing the text, over all steps searched. */
  matchedHostCount: number;
  groups: GrepGroup[];
  /** File-distribution steps: BK-JOB's log search covers script steps only. */
  skippedSteps: { index: number; name: string }[];
}

/** One cause of a failed step (core/cause-report.ts builds it from the digest). */
export interface ReportCause {
  /** A short, stable hash of the cause's signature: names the cause in a button (the Hosts modal). */
  id: string;
  hostCount: number;
  /** As the representative host printed it, secrets masked; "" when the hosts printed nothing. */
  line: string;
  /** The line above that explains it, as printed; null when none. */
  context: string | null;
  noOutput: boolean;
  tags: string[];
  exitCodes: number[];
  statuses: number[];
  representative: HostRef;
  sampleHosts: HostRef[];
}

/** A failed step's causes, largest first. */
export interface StepCauses {
  stepInstanceId: number;
  stepIndex: number;
  stepName: string;
  failingHosts: number;
  hostsRead: number;
  logChars: number;
  /** A cap was hit: the causes are of the hosts read (a sample). */
  sampled: boolean;
  causes: ReportCause[];
}

/** Why it failed: the digest of a job's failed steps, in step order. */
export interface CauseReport {
  steps: StepCauses[];
  /** Failing hosts over the digested steps. */
  failingHosts: number;
  causeCount: number;
}

export interface JobReport {
  ref: JobRef;
  name: string;
  status: number;
  phase: RunPhase;
  finished: boolean;
  operator: string | null;
  startTime: Date | null;
  endTime: Date | null;
  /** For a running job: from its start until the report was made. */
  durationMs: number | null;
  steps: StepSummary[];
  /** Distinct hosts over all steps; a host failed if it failed in any step. */
  hosts: HostCounts;
  failureGroups: FailureGroup[];
  failedHostCount: number;
  /**
   * True when `hosts` had to be estimated: a job whose steps have more hosts than are listed
   * per group cannot be de-duplicated across steps without listing every host (see job-host-counts.ts).
   */
  hostCountsEstimated?: boolean;
  /** The log search, when one was asked for. */
  grep?: GrepReport | null;
  /** Why it failed: the failing hosts' causes (core/cause-report.ts), when the digest was read. */
  causes?: CauseReport | null;
  /** Set when the access rules keep log text out of where this report goes (core/withhold-logs.ts). */
  logsWithheld?: { rule: string } | null;
  webUrl: string | null;
  generatedAt: Date;
}
