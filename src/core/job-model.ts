// The normalised shape of what BK-JOB tells us about a job, whatever protocol or server
// version it came from. Adapters (ESB v2, ESB jobv3, API gateway v3) produce these; the pure
// core reads only these.

/** One host's result and log in one step (latest execution only, as BK-JOB returns it). */
export interface HostLog {
  ip: string; // may be "" for IPv6-only hosts on v2
  bkCloudId: number;
  executeCount: number; // v2 3.x `execute_count`, old docs `retry_count`
  errorCode: number;
  exitCode: number;
  startTime: Date | null;
  endTime: Date | null;
  totalTimeMs: number | null; // v2 sends seconds as a decimal; normalised to ms
  /** Raw text: the server's HTML escaping (&amp; &lt; &gt;) already undone. */
  logContent: string;
}

/** Hosts of one step sharing one (ip_status, tag) pair, as BK-JOB groups them. */
export interface HostGroup {
  ipStatus: number; // §7.2 host status; unknown codes kept as-is
  tag: string;
  hosts: HostLog[];
}

export interface StepLog {
  stepInstanceId: number;
  name: string;
  status: number; // §7.1 run status; unknown codes kept as-is
  isFinished: boolean; // per step, never per job
  groups: HostGroup[]; // empty for manual-confirm steps
}

/** ESB v2 `get_job_instance_log`: every step, every host, every log. */
export interface JobInstanceLog {
  steps: StepLog[];
  requestId: string | null;
}

export interface StepStatus {
  stepInstanceId: number;
  name: string;
  status: number;
  type: number | null; // 1 script, 2 file, 3 manual confirm, 4 SQL
  executeCount: number;
  startTime: Date | null;
  endTime: Date | null;
  totalTimeMs: number | null;
  /** Per-host status: always on ESB v2; on v3 only when asked for (`return_ip_result`). */
  hosts: StepHostStatus[];
}

/** A step as the job API's reads need it: which one, and its type (1 script, 2 file, 3 manual, 4 SQL). */
export interface StepRef {
  stepInstanceId: number;
  type: number | null;
}

/** A host's status in a step's status answer. v3 adds the fields marked optional. */
export interface StepHostStatus {
  ip: string;
  bkCloudId: number;
  status: number;
  bkHostId?: number | null;
  tag?: string;
  exitCode?: number;
  errorCode?: number;
  startTime?: Date | null;
  endTime?: Date | null;
  totalTimeMs?: number | null;
}

/** `get_job_instance_status` (any protocol): job-level state, names and times, and the steps. */
export interface JobInstanceStatus {
  finished: boolean; // job level
  job: {
    jobInstanceId: number;
    bizId: number | null;
    name: string;
    status: number;
    operator: string | null;
    startWay: number | null; // 1 web, 2 API, 3 cron
    createTime: Date | null;
    startTime: Date | null;
    endTime: Date | null;
    totalTimeMs: number | null;
  };
  steps: StepStatus[];
  requestId: string | null;
  /** false when `steps[].hosts` were not asked for (v3 without return_ip_result); absent means true. */
  hostsIncluded?: boolean;
}

// ---- protocol-independent reads (ESB v2, ESB jobv3 and the API gateway all produce these) --

/**
 * How BK-JOB names a host: `bk_host_id` when the protocol knows it (v3), else BK-Net + IP
 * (v2; openapi/bk-job.openapi.yaml). `ip` is "" for a host with only an IPv6 address.
 */
export interface HostIdentity {
  bkHostId: number | null;
  bkCloudId: number;
  ip: string;
  ipv6: string | null;
}

/** One host's result in one step, without its log. */
export interface StepHost extends HostIdentity {
  status: number; // §7.2 host status
  tag: string;
  exitCode: number;
  /** GSE error code; null where the protocol does not say (the gateway's grouped status). */
  errorCode: number | null;
  startTime: Date | null;
  endTime: Date | null;
  totalTimeMs: number | null;
}

/** Hosts of one step sharing a (status, tag), with the exact count and a capped list. */
export interface StepHostGroup {
  status: number;
  tag: string;
  /** Every host in the group, however many are listed. */
  hostCount: number;
  /** At most the `maxHostsPerGroup` asked for, in BK-JOB's order. */
  hosts: StepHost[];
}

export interface StepHostGroups {
  stepInstanceId: number;
  groups: StepHostGroup[];
}

/** §7.3 FileDistStatusEnum: 0 pulling, 1 waiting, 2 uploading, 3 downloading, 4 finished, 5 failed. */
export interface FileLog {
  mode: "upload" | "download";
  source: { bkHostId: number | null; bkCloudId: number; ip: string; path: string };
  /** null for an upload (the source side's own log). */
  destination: { bkHostId: number | null; bkCloudId: number; ip: string; path: string } | null;
  status: number;
  /** Raw text. */
  logContent: string;
}

/** One host's log in one step: script output, or the per-file logs of a file step. */
export interface HostLogText extends HostIdentity {
  /** Script output; for a file step the per-file log lines joined (what ESB v2 sends). Raw. */
  text: string;
  /** A file step's per-file logs; null for script steps and where the protocol has no structure (v2). */
  files: FileLog[] | null;
  /** The step's name and status, when the answer carried them (ESB v2's whole-job log does). */
  step?: { name: string; status: number };
}
