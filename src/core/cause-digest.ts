// "Why did it fail": a failed step's failing hosts grouped by the signature of their logs
// (cause-signature.ts), largest group first. Each cause carries its host count, the line a
// representative host printed (as printed, not normalised), the tags, exit codes and statuses
// seen, a few hosts to name and every host (for a list to page through).
//
// Hosts are added one at a time and each log is read only at its end and then let go, so the
// memory held is the causes and one reference per host, whatever the logs weigh. Deterministic:
// the same hosts in the same order give the same digest; no model, no network. Pure.
import { DEFAULT_SCAN_CHARS, signatureOf } from "./cause-signature.js";

export interface DigestHostInput<H> {
  /** Whatever the caller names a host by; kept as given. */
  host: H;
  /** The host's log, secrets already masked. Only its end is read. */
  log: string;
  tag: string;
  exitCode: number;
  /** BK-JOB's host status (bkjob-api.md §7.2): tells apart hosts that printed nothing (agent error, timeout). */
  status: number;
}

export interface CauseCluster<H> {
  /** The normalised signature the hosts share (lines joined by "\n"). */
  signature: string;
  hostCount: number;
  /** The representative host's last meaningful line, as it printed it; "" when the hosts printed nothing. */
  line: string;
  /** The line above that explains it (the error under a summary, a chained exception), as printed; null when none. */
  context: string | null;
  /** The hosts printed nothing (an agent that never ran the script): say so rather than show "". */
  noOutput: boolean;
  /** The first host of the cause in the order given: the one whose lines are shown. */
  representative: H;
  /** Distinct non-empty tags, sorted. */
  tags: string[];
  /** Distinct exit codes, ascending. */
  exitCodes: number[];
  /** Distinct host statuses, ascending. */
  statuses: number[];
  /** The first few hosts, to name in a message. */
  sampleHosts: H[];
  /** Every host of the cause, in the order given. */
  hosts: H[];
}

export interface CauseDigest<H> {
  /** Hosts read. */
  hostCount: number;
  /** Largest first; equal counts in the order their first host came. */
  causes: CauseCluster<H>[];
}

export interface DigestOptions {
  /** Hosts named per cause (default 5). */
  sampleHosts?: number;
  /** Characters read back from each log's end (default cause-signature.ts's DEFAULT_SCAN_CHARS). */
  scanChars?: number;
}

const DEFAULT_SAMPLE_HOSTS = 5;

interface Building<H> {
  signature: string;
  line: string;
  context: string | null;
  noOutput: boolean;
  tags: Set<string>;
  exitCodes: Set<number>;
  statuses: Set<number>;
  hosts: H[];
}

/**
 * A copy that owns its characters. A line cut from a log (slice, trim) can keep the whole log
 * alive in V8; only the few lines a digest keeps are copied.
 */
const owned = (text: string): string => JSON.parse(JSON.stringify(text)) as string;

export class CauseDigestBuilder<H> {
  private readonly causes = new Map<string, Building<H>>();
  private hosts = 0;
  private readonly sampleHosts: number;
  private readonly scanChars: number;

  constructor(options: DigestOptions = {}) {
    this.sampleHosts = Math.max(0, options.sampleHosts ?? DEFAULT_SAMPLE_HOSTS);
    this.scanChars = Math.max(1, options.scanChars ?? DEFAULT_SCAN_CHARS);
  }

  get hostCount(): number {
    return this.hosts;
  }

  add(input: DigestHostInput<H>): void {
    const signature = signatureOf(input.log, this.scanChars);
    // Hosts that printed nothing have only their status to go by.
    const key = signature.key === "" ? `<no output> status ${input.status}` : signature.key;
    let cause = this.causes.get(key);
    if (!cause) {
      cause = {
        signature: owned(key),
        line: owned(signature.line),
        context: signature.context === null ? null : owned(signature.context),
        noOutput: signature.key === "",
        tags: new Set(),
        exitCodes: new Set(),
        statuses: new Set(),
        hosts: [],
      };
      this.causes.set(cause.signature, cause);
    }
    if (input.tag !== "") cause.tags.add(input.tag);
    cause.exitCodes.add(input.exitCode);
    cause.statuses.add(input.status);
    cause.hosts.push(input.host);
    this.hosts += 1;
  }

  result(): CauseDigest<H> {
    // A stable sort over the map's insertion order: equal counts stay in the order their first host came.
    const ranked = [...this.causes.values()].sort((a, b) => b.hosts.length - a.hosts.length);
    return {
      hostCount: this.hosts,
      causes: ranked.map((cause) => ({
        signature: cause.signature,
        hostCount: cause.hosts.length,
        line: cause.line,
        context: cause.context,
        noOutput: cause.noOutput,
        representative: cause.hosts[0]!,
        tags: [...cause.tags].sort(),
        exitCodes: [...cause.exitCodes].sort((a, b) => a - b),
        statuses: [...cause.statuses].sort((a, b) => a - b),
        sampleHosts: cause.hosts.slice(0, this.sampleHosts),
        hosts: [...cause.hosts],
      })),
    };
  }
}

/** The digest of these hosts, in one call. */
export function digestCauses<H>(hosts: Iterable<DigestHostInput<H>>, options: DigestOptions = {}): CauseDigest<H> {
  const builder = new CauseDigestBuilder<H>(options);
  for (const host of hosts) builder.add(host);
  return builder.result();
}
