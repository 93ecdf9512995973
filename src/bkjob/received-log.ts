// ESB v2's get_job_instance_log as received, read only as far as a reader needs. The answer
// holds every host's whole log (7.6 MB for the simulator's 10,000 hosts) and a report shows ten:
// validating and converting every host cost five times JSON.parse itself (bench/results.md).
// So the steps and groups (a handful of objects) are validated when the answer arrives, and each
// host only when something reads it: the hosts a report lists, the logs it shows, every host of
// a step for a log search. A malformed host read is the bad_response a full parse would have
// given, with the same path; one never read is never looked at.
import { z } from "zod";
import type { HostLog } from "./job-model.js";
import { esbV2HostGroupFields, esbV2HostLogSchema, esbV2StepLogFields, exactHostLog, parseInto, stepLogOf } from "./schemas.js";
import type { HostGroupView, JobLogView, StepLogView } from "./whole-log.js";

/** A host that failed validation when read: the path and message a full parse would report. */
export class LogShapeError extends Error {
  constructor(
    readonly path: readonly PropertyKey[],
    readonly issue: string,
  ) {
    super(`${path.map(String).join(".")}: ${issue}`);
    this.name = "LogShapeError";
  }
}

const hostArray = z.array(esbV2HostLogSchema);

/** `ip_logs` kept as sent. Anything but an array still fails here, as the full schema would. */
const hostEntries = z
  .custom<z.input<typeof hostArray>>()
  .transform((value, ctx): readonly unknown[] => (Array.isArray(value) ? value : parseInto(hostArray, value, ctx)));

const receivedGroupSchema = z
  .object({ ...esbV2HostGroupFields, ip_logs: hostEntries.nullish() })
  .transform((group) => ({ ipStatus: group.ip_status, tag: group.tag, entries: group.ip_logs ?? [] }));

const receivedStepSchema = z
  .object({ ...esbV2StepLogFields, step_results: z.array(receivedGroupSchema).nullish() })
  .transform((step) => stepLogOf(step));

/** `data` of a successful get_job_instance_log, hosts unread: the view every reader of it uses. */
export const esbV2ReceivedLogDataSchema = z
  .array(receivedStepSchema)
  .transform((steps): Omit<JobLogView, "requestId"> => ({
    steps: steps.map(
      (step, stepIndex): StepLogView => ({
        ...step,
        groups: step.groups.map((group, groupIndex) => hostGroupView(group, ["data", stepIndex, "step_results", groupIndex, "ip_logs"])),
      }),
    ),
  }));

type ReceivedGroup = { ipStatus: number; tag: string; entries: readonly unknown[] };

function hostGroupView(group: ReceivedGroup, path: readonly PropertyKey[]): HostGroupView {
  const read = new Map<number, HostLog>();
  const hostAt = (index: number): HostLog => {
    const known = read.get(index);
    if (known) return known;
    const entry = group.entries[index];
    const host = exactHostLog(entry) ?? parsedHost(entry, [...path, index]);
    read.set(index, host);
    return host;
  };
  return {
    ipStatus: group.ipStatus,
    tag: group.tag,
    hostCount: group.entries.length,
    hostAt,
    indexesOf: (hosts) => firstPositions(group.entries, hosts, hostAt),
  };
}

/** The schema's reading of an entry not in the exact form, or the LogShapeError it earns. */
function parsedHost(entry: unknown, path: readonly PropertyKey[]): HostLog {
  const parsed = esbV2HostLogSchema.safeParse(entry);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new LogShapeError([...path, ...(issue?.path ?? [])], issue?.message ?? "unknown shape");
}

type Identity = Pick<HostLog, "ip" | "bkCloudId">;

/**
 * The first position of each host among the entries as sent, -1 where absent, in one pass. Most
 * entries are not asked for: a set lookup on the IP rules them out, cheap even before the JIT has
 * compiled this loop (a fresh process, or compiled code dropped by a GC). An entry whose IP or
 * BK-Net is not in its exact form is validated (`hostAt`) before it is compared.
 */
function firstPositions(entries: readonly unknown[], hosts: readonly Identity[], hostAt: (index: number) => Identity): number[] {
  const positions = hosts.map(() => -1);
  const wantedIps = new Set(hosts.map((host) => host.ip));
  let missing = hosts.length;
  for (let index = 0; index < entries.length && missing > 0; index += 1) {
    const entry = entries[index] as { ip?: unknown; bk_cloud_id?: unknown } | null | undefined;
    const exact = typeof entry?.ip === "string" && typeof entry.bk_cloud_id === "number";
    if (exact && !wantedIps.has(entry.ip as string)) continue;
    const found = exact ? { ip: entry.ip as string, bkCloudId: entry.bk_cloud_id as number } : hostAt(index);
    for (let wanted = 0; wanted < hosts.length; wanted += 1) {
      const host = hosts[wanted]!;
      if (positions[wanted] === -1 && host.ip === found.ip && host.bkCloudId === found.bkCloudId) {
        positions[wanted] = index;
        missing -= 1;
      }
    }
  }
  return positions;
}
