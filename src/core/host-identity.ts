// One key per host, for maps and caches: BK-JOB's host id when known (v3), else BK-Net + IPv4,
// else BK-Net + IPv6. A host with none of these (an IPv6-only host on ESB v2) has no key.
import type { HostIdentity } from "./job-model.js";

export function hostIdentityKey(host: Pick<HostIdentity, "bkCloudId" | "ip"> & Partial<HostIdentity>): string | null {
  if (host.bkHostId !== null && host.bkHostId !== undefined) return `#${host.bkHostId}`;
  if (host.ip) return `${host.bkCloudId}:${host.ip}`;
  if (host.ipv6) return `${host.bkCloudId}:[${host.ipv6}]`;
  return null;
}
