// A host of a step, packed into a button value or modal metadata and read back. What comes back
// from Slack is validated: a forged or stale value is rejected, not trusted.
import { z } from "zod";
import type { HostRef } from "./report-model.js";

const id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const packedHostRef = z.object({
  b: id,
  j: id,
  s: id,
  c: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  ip: z.string().max(64),
});

export function encodeHostRef(ref: HostRef): string {
  return JSON.stringify({ b: ref.bizId, j: ref.jobInstanceId, s: ref.stepInstanceId, c: ref.bkCloudId, ip: ref.ip });
}

export function decodeHostRef(value: unknown): HostRef | null {
  let raw: unknown = value;
  if (typeof value === "string") {
    try {
      raw = JSON.parse(value);
    } catch {
      return null;
    }
  }
  const parsed = packedHostRef.safeParse(raw);
  if (!parsed.success) return null;
  const { b, j, s, c, ip } = parsed.data;
  return { bizId: b, jobInstanceId: j, stepInstanceId: s, bkCloudId: c, ip };
}

export function hostKey(ref: Pick<HostRef, "bkCloudId" | "ip">): string {
  return `${ref.bkCloudId}:${ref.ip}`;
}
