// A host of a step, packed into a button value or modal metadata and read back. What comes back
// from Slack is validated: a forged or stale value is rejected, not trusted.
import { z } from "zod";
import { hostIdentityKey } from "./host-identity.js";
import type { HostRef } from "./report-model.js";

const id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const packedHostRef = z.object({
  b: id,
  j: id,
  s: id,
  c: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  ip: z.string().max(64),
  // v3 only: BK-JOB's host id, and the IPv6 address of a host without IPv4.
  h: id.optional(),
  v6: z
    .string()
    .max(64)
    .regex(/^[0-9A-Fa-f:.]+$/)
    .optional(),
});

/** The compact object form, for nesting in a larger packed value; decodeHostRef reads it back. */
export function packHostRef(ref: HostRef): Record<string, string | number> {
  return {
    b: ref.bizId,
    j: ref.jobInstanceId,
    s: ref.stepInstanceId,
    c: ref.bkCloudId,
    ip: ref.ip,
    ...(ref.bkHostId !== null && ref.bkHostId !== undefined ? { h: ref.bkHostId } : {}),
    ...(ref.ipv6 && ref.ip === "" ? { v6: ref.ipv6 } : {}),
  };
}

export function encodeHostRef(ref: HostRef): string {
  return JSON.stringify(packHostRef(ref));
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
  const { b, j, s, c, ip, h, v6 } = parsed.data;
  const ref: HostRef = { bizId: b, jobInstanceId: j, stepInstanceId: s, bkCloudId: c, ip };
  if (h !== undefined) ref.bkHostId = h;
  if (v6 !== undefined) ref.ipv6 = v6;
  return ref;
}

/** One key per host: BK-JOB's host id when known, else BK-Net + IP (IPv6 for a host without IPv4). */
export function hostKey(ref: Pick<HostRef, "bkCloudId" | "ip" | "bkHostId" | "ipv6">): string {
  return hostIdentityKey(ref) ?? `${ref.bkCloudId}:`;
}
