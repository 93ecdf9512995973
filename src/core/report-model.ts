// The report: what joblog knows about one execution, ready to render to Block Kit, an unfurl or
// text. Built by core/report.ts from BK-JOB's answers; holds no BK-JOB wire format.
import type { JobRef } from "../ports.js";
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
  ip: string;
}

export interface FailedHost {
  ref: HostRef;
  ip: string;
  bkCloudId: number;
  phase: HostPhase;
  exitCode: number;
  errorCode: number;
  durationMs: number | null;
  /** The last lines of its log, ANSI and control characters removed. */
  logTail: string[];
  logIsEmpty: boolean;
}

export interface FailureGroup {
  stepInstanceId: number;
  stepIndex: number;
  stepName: string;
  ipStatus: number;
  tag: string;
  hosts: FailedHost[];
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
  webUrl: string | null;
  generatedAt: Date;
}
