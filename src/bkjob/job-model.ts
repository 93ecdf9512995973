// The normalised shape of what BK-JOB tells us about a job, whatever protocol or server
// version it came from. Adapters (ESB v2 today, gateway v3 later) produce these; the pure
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
  hosts: { ip: string; bkCloudId: number; status: number }[];
}

/** ESB v2 `get_job_instance_status`: job-level state, names and times. */
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
}
