// ESB v2's get_job_instance_log as received, read only as far as a reader needs. The answer
// holds every host's whole log (7.6 MB for the simulator's 10,000 hosts) and a report shows ten:
// validating and converting every host cost five times JSON.parse itself, and JSON.parse alone
// copied every log (bench/results.md). So the body is skimmed (json-skim.ts): each host's entry
// stays bytes until read. The steps and groups (a handful of objects) are parsed and validated
// when the answer arrives, and each host when something reads it: the hosts a report lists, the
// logs it shows, every host of a step for a log search. A malformed host read is the
// bad_response a full parse would have given, with the same path; one never read is never
// looked at.
import { z } from "zod";
import { hostEntriesOf, isSkimmedArray, LOG_SKIM, EntrySyntaxError, type HostEntries } from "./host-entries.js";
import type { JsonBody } from "./json-body.js";
import { skimJsonBody } from "./json-skim.js";
import type { HostLog } from "../core/job-model.js";
import { esbV2HostGroupFields, esbV2HostLogSchema, esbV2StepLogFields, exactHostLog, stepLogOf } from "./esb-v2-schemas.js";
import { parseInto } from "./schema-blocks.js";
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

/** A get_job_instance_log body as JSON, each `ip_logs` skimmed (left as bytes until read). */
export const parseLogBody = (bytes: Uint8Array): JsonBody => skimJsonBody(bytes, LOG_SKIM);

/** `ip_logs` kept as sent, skimmed or parsed. Anything but an array still fails here, as the full schema would. */
const hostEntries = z
  .custom<z.input<typeof hostArray>>()
  .transform((value, ctx): HostEntries => hostEntriesOf(Array.isArray(value) || isSkimmedArray(value) ? value : parseInto(hostArray, value, ctx)));

const receivedGroupSchema = z
  .object({ ...esbV2HostGroupFields, ip_logs: hostEntries.nullish() })
  .transform((group) => ({ ipStatus: group.ip_status, tag: group.tag, entries: group.ip_logs ?? hostEntriesOf([]) }));

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

type ReceivedGroup = { ipStatus: number; tag: string; entries: HostEntries };

function hostGroupView(group: ReceivedGroup, path: readonly PropertyKey[]): HostGroupView {
  const read = new Map<number, HostLog>();
  const hostAt = (index: number): HostLog => {
    const known = read.get(index);
    if (known) return known;
    const where = [...path, index];
    const entry = entryAt(group.entries, index, where);
    const host = exactHostLog(entry) ?? parsedHost(entry, where);
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

/** The entry as JSON, or the LogShapeError of one that is not. */
function entryAt(entries: HostEntries, index: number, path: readonly PropertyKey[]): unknown {
  try {
    return entries.at(index);
  } catch (error) {
    if (error instanceof EntrySyntaxError) throw new LogShapeError(path, error.message);
    throw error;
  }
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
 * compiled this loop (a fresh process, or compiled code dropped by a GC). A candidate whose IP or
 * BK-Net is not in its exact form is validated (`hostAt`) before it is compared.
 */
function firstPositions(entries: HostEntries, hosts: readonly Identity[], hostAt: (index: number) => Identity): number[] {
  const positions = hosts.map(() => -1);
  const wantedIps = new Set(hosts.map((host) => host.ip));
  let missing = hosts.length;
  for (let index = 0; index < entries.length && missing > 0; index += 1) {
    const ip = entries.exactIp(index);
    if (ip !== null && !wantedIps.has(ip)) continue;
    const bkCloudId = ip === null ? null : entries.exactBkCloudId(index);
    const found = ip !== null && bkCloudId !== null ? { ip, bkCloudId } : hostAt(index);
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
