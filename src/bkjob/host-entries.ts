// ESB v2's `ip_logs` as received: entries JSON.parse already built, or entries still as bytes (a
// SkimmedArray, json-skim.ts), which is how get_job_instance_log's answer arrives. Readers see
// one shape either way: how many there are, each one as JSON, and each one's BK-Net and IP when
// sent in their exact form, read without building the entry.
//
// Hosts are looked up by BK-Net and IP (v2's only identity). An entry whose IP is a plain string
// is ruled out by that string alone; only a candidate's BK-Net is read, and only an entry not in
// this exact form is built (and validated) to be compared.
import { SkimmedArray, type SkimOptions } from "./json-skim.js";

/** Where a get_job_instance_log answer is skimmed, and the fields hosts are looked up by. */
export const LOG_SKIM: SkimOptions = { key: "ip_logs", fields: ["ip", "bk_cloud_id"] };

/** An entry as sent that is not valid JSON (found only when it is read). */
export class EntrySyntaxError extends Error {
  override name = "EntrySyntaxError";
}

export interface HostEntries {
  readonly length: number;
  /** Entry `index` as JSON; throws EntrySyntaxError when it is not valid JSON. */
  at(index: number): unknown;
  /** The IP when sent as a string, read without building the entry; else null. */
  exactIp(index: number): string | null;
  /** The BK-Net when sent as a number, read without building the entry; else null. */
  exactBkCloudId(index: number): number | null;
}

function arrayEntries(entries: readonly unknown[]): HostEntries {
  return {
    length: entries.length,
    at: (index) => entries[index],
    exactIp(index) {
      const ip = (entries[index] as { ip?: unknown } | null | undefined)?.ip;
      return typeof ip === "string" ? ip : null;
    },
    exactBkCloudId(index) {
      const bkCloudId = (entries[index] as { bk_cloud_id?: unknown } | null | undefined)?.bk_cloud_id;
      return typeof bkCloudId === "number" ? bkCloudId : null;
    },
  };
}

function skimmedEntries(entries: SkimmedArray): HostEntries {
  return {
    length: entries.length,
    at(index) {
      try {
        return entries.element(index);
      } catch (error) {
        throw new EntrySyntaxError(`is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
      }
    },
    exactIp: (index) => entries.fieldString(index, "ip") ?? null,
    exactBkCloudId: (index) => entries.fieldNumber(index, "bk_cloud_id") ?? null,
  };
}

/** `ip_logs` either way it arrived. */
export function hostEntriesOf(value: readonly unknown[] | SkimmedArray): HostEntries {
  return value instanceof SkimmedArray ? skimmedEntries(value) : arrayEntries(value);
}

export const isSkimmedArray = (value: unknown): value is SkimmedArray => value instanceof SkimmedArray;
