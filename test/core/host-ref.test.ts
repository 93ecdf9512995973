// Host references in button values and modal metadata: bk_host_id and IPv6 round-trip; what
// comes back from Slack is validated.
import { describe, expect, it } from "vitest";
import { decodeHostRef, encodeHostRef, hostKey } from "../../src/core/host-ref.js";

const v2Ref = { bizId: 1, jobInstanceId: 200, stepInstanceId: 20002, bkCloudId: 0, ip: "10.0.2.21" };

describe("host refs", () => {
  it("round-trips a v2 ref exactly as before (no host id)", () => {
    expect(encodeHostRef(v2Ref)).toBe('{"b":1,"j":200,"s":20002,"c":0,"ip":"10.0.2.21"}');
    expect(decodeHostRef(encodeHostRef(v2Ref))).toEqual(v2Ref);
  });

  it("carries bk_host_id, and the IPv6 of a host without IPv4", () => {
    const ref = { ...v2Ref, ip: "", bkHostId: 6021, ipv6: "fd00:6::21" };
    const value = encodeHostRef(ref);
    expect(value.length).toBeLessThan(2_000);
    expect(decodeHostRef(value)).toEqual(ref);
    // A dual-stack host is shown by its IPv4: its IPv6 is not carried.
    expect(decodeHostRef(encodeHostRef({ ...v2Ref, bkHostId: 1, ipv6: "fd00::1" }))).toEqual({ ...v2Ref, bkHostId: 1 });
  });

  it.each([
    ["a negative host id", { ...JSON.parse(encodeHostRef(v2Ref)), h: -1 }],
    ["a host id that is not a whole number", { ...JSON.parse(encodeHostRef(v2Ref)), h: 1.5 }],
    ["an IPv6 with markup", { ...JSON.parse(encodeHostRef(v2Ref)), v6: "<!channel>" }],
    ["an over-long IPv6", { ...JSON.parse(encodeHostRef(v2Ref)), v6: "f".repeat(65) }],
  ])("rejects %s", (_name, raw) => {
    expect(decodeHostRef(JSON.stringify(raw))).toBeNull();
  });

  it("keys a host by its id when known, else BK-Net + IP, else BK-Net + IPv6", () => {
    expect(hostKey({ ...v2Ref, bkHostId: 9 })).toBe("#9");
    expect(hostKey(v2Ref)).toBe("0:10.0.2.21");
    expect(hostKey({ ...v2Ref, ip: "", ipv6: "fd00::1" })).toBe("0:[fd00::1]");
  });
});
