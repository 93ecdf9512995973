// How a host is named in every rendering (its IP first). Pure.

/** IPv4, else IPv6 (a host without IPv4, on v3), else all ESB v2 says of such a host: its BK-Net. */
export function hostLabel(host: { ip: string; bkCloudId: number; ipv6?: string | null }): string {
  if (host.ip.length > 0) return host.ip;
  if (host.ipv6) return host.ipv6;
  return `BK-Net ${host.bkCloudId}: (no IPv4)`;
}
