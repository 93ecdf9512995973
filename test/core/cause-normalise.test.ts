// The normaliser: what varies between hosts failing alike becomes a placeholder, what says what
// went wrong stays. A table of lines and their signatures, then property-style checks over
// generated values (seeded, so a failure replays).
import { describe, expect, it } from "vitest";
import { normaliseLine } from "../../src/core/cause-normalise.js";
import { Noise } from "../../src/local/sim/scenarios/failure-causes.js";

describe("normaliseLine", () => {
  it.each<[name: string, { given: string; want: string }]>([
    ["numbers (PIDs, counts)", { given: "E: Could not get lock. It is held by process 2231 (unattended-upgr)", want: "e: could not get lock. it is held by process <n> (unattended-upgr)" }],
    ["IPv4 with a port", { given: "Access denied for user 'web'@'10.0.2.21'; consul 10.0.8.12:8500", want: "access denied for user 'web'@'<ip>'; consul <ip>" }],
    ["IPv6, bracketed with a port", { given: "dial tcp [fd00:6::17]:9092: connect: connection refused", want: "dial tcp [<ip>]:<n>: connect: connection refused" }],
    ["IPv6 compressed and full", { given: "from ::1 and 2001:0db8:85a3:0000:0000:8a2e:0370:7334", want: "from <ip> and <ip>" }],
    ["host names with numbers", { given: "Failed to connect to artifacts-03.example.internal port 8080", want: "failed to connect to <host> port <n>" }],
    ["host names without numbers stay", { given: "Could not resolve host: artifacts.example.internal", want: "could not resolve host: artifacts.example.internal" }],
    ["module names are not hosts", { given: "urllib3.exceptions.MaxRetryError: too many", want: "urllib<n>.exceptions.maxretryerror: too many" }],
    ["hex ids", { given: 'in use by container "7d9f8b6c5e2a0b1c" at 0x7f3a2b1c', want: 'in use by container "<hex>" at <hex>' }],
    ["UUIDs", { given: "lease=3f2a1b4c-1d2e-4f5a-8b9c-0d1e2f3a4b5c held", want: "lease=<uuid> held" }],
    ["durations in any unit", { given: "gave up after 90s, 1m30s, 3021 ms, 2 minutes, 超时3000毫秒", want: "gave up after <duration>, <duration>, <duration>, <duration>, 超时<duration>" }],
    ["timestamps anywhere", { given: "since=2024-05-20T10:15:47.123Z until 2024/05/21 at 10:15:47", want: "since=<time> until <time> at <time>" }],
    ["a leading timestamp is dropped", { given: "[2024-05-20 10:15:47,123] ERROR upload failed", want: "error upload failed" }],
    ["syslog times", { given: "May 20 10:15:47 kernel: Out of memory", want: "kernel: out of memory" }],
    ["temp files (mktemp and Python)", { given: "/tmp/tmp.Xk3jQ9aZpL/a.tgz and /tmp/tmpk2j3h4x_/b.json", want: "/tmp/<tmp>/a.tgz and /tmp/<tmp>/b.json" }],
    ["paths with numeric parts", { given: "cp: error writing '/data/releases/20240520101519/static/app.3f9c0a51.js'", want: "cp: error writing '/data/releases/<n>/static/app.<n>.js'" }],
    ["paths without numbers stay", { given: "open /etc/app/config.yml: no such file", want: "open /etc/app/config.yml: no such file" }],
    ["generated names", { given: "pod web-x2x9k evicted", want: "pod web-<id> evicted" }],
    ["CJK with full-width punctuation and digits", { given: "连接配置中心 10.0.8.12:2181 超时（３０００ms），已重试 3 次", want: "连接配置中心 <ip> 超时(<duration>),已重试 <n> 次" }],
    ["spaces and case", { given: "  Permission   DENIED\t", want: "permission denied" }],
  ])("%s", (_name, { given, want }) => {
    expect(normaliseLine(given)).toBe(want);
  });
});

/** Lines with slots for values that differ between hosts failing alike. */
const TEMPLATES: readonly string[] = [
  "curl: (7) Failed to connect to artifacts-{n}.example.internal port {n} after {n} ms: Connection refused",
  "django.db.utils.OperationalError: ({n}, \"Access denied for user 'web'@'{ip}' (using password: YES)\")",
  "dial tcp [{ip6}]:{n}: connect: connection refused",
  "still waiting for /var/lib/dpkg/lock-frontend (held by process {n}) after {dur}",
  "cp: error writing '/data/app/releases/{n}/static/app.{hex}.js': No space left on device",
  "lease={uuid} holder=web-{n}.prod.example.internal since={time}",
  "[ERROR] 连接配置中心 {ip} 超时（{dur}），已重试 {n} 次",
  "tar: {tmp}/release.tar.gz: Cannot open: No such file or directory",
  'Exception in thread "pool-{n}-thread-{n}" java.lang.OutOfMemoryError: Java heap space',
];

function fill(template: string, noise: Noise): string {
  return template.replace(/\{(\w+)\}/g, (_slot, kind: string) => {
    switch (kind) {
      case "n":
        return String(noise.int(0, noise.pick([9, 999, 99_999, 2 ** 31])));
      case "ip":
        return noise.ip(String(noise.int(1, 223)));
      case "ip6":
        return noise.pick([`fd00:${noise.hex(2)}::${noise.hex(3)}`, `2001:db8:${noise.hex(4)}:${noise.hex(4)}:${noise.hex(4)}:${noise.hex(4)}:${noise.hex(4)}:${noise.hex(4)}`, "::1"]);
      case "hex":
        return noise.hex(noise.int(8, 40)).replace(/^[a-f]*/, "7");
      case "uuid":
        return `${noise.hex(8)}-${noise.hex(4)}-4${noise.hex(3)}-a${noise.hex(3)}-${noise.hex(12)}`;
      case "dur":
        return noise.pick([`${noise.int(1, 600)}s`, `${noise.int(1, 9000)}ms`, `${noise.int(1, 59)}m${noise.int(1, 59)}s`, `${noise.int(1, 30)} minutes`]);
      case "time":
        return `2024-${String(noise.int(1, 12)).padStart(2, "0")}-${String(noise.int(1, 28)).padStart(2, "0")}T${noise.int(10, 23)}:${noise.int(10, 59)}:${noise.int(10, 59)}Z`;
      case "tmp":
        return noise.pick([noise.shellTemp(), noise.pythonTemp()]);
      default:
        throw new Error(`unknown slot ${kind}`);
    }
  });
}

describe("normaliseLine, property-style", () => {
  it("values that differ from host to host never split a line's signature", () => {
    const noise = new Noise(20240520);
    for (const template of TEMPLATES) {
      const signatures = new Set(Array.from({ length: 200 }, () => normaliseLine(fill(template, noise))));
      expect([...signatures], template).toHaveLength(1);
    }
  });

  it("different messages keep different signatures, whatever the values", () => {
    const noise = new Noise(7);
    // Same shape, different words: what went wrong differs, so the signatures must.
    const pairs: [string, string][] = [
      ["curl: (7) Failed to connect to web-{n}.example.internal port {n}: Connection refused", "curl: (7) Failed to connect to web-{n}.example.internal port {n}: Connection timed out"],
      ["cp: error writing '/data/releases/{n}/app.js': No space left on device", "cp: error writing '/data/releases/{n}/app.js': Permission denied"],
      ["Could not resolve host: artifacts.example.internal", "Could not resolve host: mirrors.example.internal"],
      ["open /etc/app/config.yml: no such file or directory", "open /etc/app/secrets.yml: no such file or directory"],
      ["java.lang.OutOfMemoryError: Java heap space", "java.lang.OutOfMemoryError: Metaspace"],
      ["错误：磁盘空间不足，剩余 {n}%", "错误：内存不足，剩余 {n}%"],
    ];
    for (const [one, other] of pairs) expect(normaliseLine(fill(one, noise)), one).not.toBe(normaliseLine(fill(other, noise)));
    const signatures = TEMPLATES.map((template) => normaliseLine(fill(template, noise)));
    expect(new Set(signatures).size).toBe(TEMPLATES.length);
  });

  it("numbers never split: any number in any line normalises alike", () => {
    const noise = new Noise(42);
    const words = ["error", "retry", "失败", "exit code", "line", "port", "v", "node-", "/var/log/app-"];
    for (let round = 0; round < 300; round += 1) {
      const parts = Array.from({ length: noise.int(1, 5) }, () => noise.pick(words));
      const line = (values: () => number) => parts.map((part) => `${part}${values()}`).join(" ");
      const first = normaliseLine(line(() => noise.int(0, 10 ** noise.int(1, 9))));
      const second = normaliseLine(line(() => noise.int(0, 10 ** noise.int(1, 9))));
      expect(second, parts.join(" ")).toBe(first);
    }
  });
});
