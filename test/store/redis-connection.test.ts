// REDIS_URL as ioredis takes it (password, TLS), checked at start-up, and a connection that says
// when Redis goes away and comes back, never with the password. Real redis-servers throughout;
// the TLS one gets a throwaway certificate authority made with openssl.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../src/logging.js";
import { createRedisClient, isRedisReady, parseRedisUrl, type RedisTarget } from "../../src/store/redis-connection.js";
import { captureLog } from "../support/captured-log.js";
import { useTestRedis } from "../support/redis-fixture.js";
import { startRedisServer } from "../support/redis-server.js";

const PASSWORD = "pa:ss/w@rd%secret";
const ENCODED = encodeURIComponent(PASSWORD);

function target(url: string): RedisTarget {
  const parsed = parseRedisUrl(url);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
}

const opened: Redis[] = [];
function open(url: string, options: Omit<Parameters<typeof createRedisClient>[1], "logger"> = {}) {
  const log = captureLog();
  const client = createRedisClient(target(url), { ...options, logger: createLogger("info", log.stream) });
  opened.push(client);
  return { client, log };
}
afterAll(() => {
  for (const client of opened) client.disconnect();
});

describe("parseRedisUrl", () => {
  it.each([
    ["plain, with a database", "redis://127.0.0.1:6380/4", { tls: false, host: "127.0.0.1", port: 6380, db: 4, display: "redis://127.0.0.1:6380/4", password: null }],
    ["TLS, user and password", `rediss://joblog:${ENCODED}@redis.example.com`, { tls: true, host: "redis.example.com", port: 6379, db: 0, display: "rediss://joblog:***@redis.example.com:6379/0", password: PASSWORD }],
    ["password only", `redis://:${ENCODED}@10.0.0.5:6379`, { tls: false, display: "redis://:***@10.0.0.5:6379/0", password: PASSWORD }],
    ["password as a query option", `redis://10.0.0.5/1?password=${ENCODED}`, { display: "redis://:***@10.0.0.5:6379/1", password: PASSWORD }],
    ["IPv6, upper-case scheme", "REDISS://[::1]:7000", { tls: true, host: "::1", port: 7000, display: "rediss://[::1]:7000/0" }],
  ])("%s", (_name, url, want) => {
    expect(parseRedisUrl(url)).toEqual({ ok: true, value: expect.objectContaining({ url, ...want }) });
  });

  it.each([
    ["not a URL", `:${PASSWORD}@redis:6379`, /^REDIS_URL is not a URL \(expected redis:\/\//],
    ["another scheme", `http://:${ENCODED}@redis:6379`, /^REDIS_URL has the scheme "http:"/],
    ["no host", `redis:///0?password=${ENCODED}`, /^REDIS_URL names no host/],
    ["a database that is not a number", `redis://:${ENCODED}@redis:6379/joblog`, /database \(after the last \/\) must be a number/],
  ])("refuses %s, naming the problem but never the password", (_name, url, message) => {
    const parsed = parseRedisUrl(url);
    expect(parsed.ok).toBe(false);
    const error = parsed.ok ? "" : parsed.error;
    expect(error).toMatch(message);
    expect(error).not.toContain(PASSWORD);
    expect(error).not.toContain(ENCODED);
  });
});

describe("a Redis that wants a password", () => {
  const redis = useTestRedis({ password: PASSWORD });

  it("connects with the password from the URL", async () => {
    const { client } = open(`redis://:${ENCODED}@127.0.0.1:${redis.server.port}/2`);
    expect(await client.ping()).toBe("PONG");
    expect(await client.client("GETNAME")).toBe("joblog");
    expect(isRedisReady(client)).toBe(true);
  });

  it("with the wrong one: a log line that names Redis and the refusal, never either password", async () => {
    const wrong = "not-the-" + PASSWORD;
    const { client, log } = open(`redis://:${encodeURIComponent(wrong)}@127.0.0.1:${redis.server.port}`);
    const line = await log.waitFor((entry) => entry.msg === "Redis is unavailable: follows pause until it answers again");
    expect(line).toMatchObject({ level: 40, redis: `redis://:***@127.0.0.1:${redis.server.port}/0`, error: expect.stringMatching(/WRONGPASS|invalid/i) });
    await expect(client.ping()).rejects.toThrow();
    expect(isRedisReady(client)).toBe(false);
    for (const text of log.lines) {
      expect(text).not.toContain(PASSWORD);
      expect(text).not.toContain(ENCODED);
    }
  });
});

describe("a Redis that goes away and comes back", () => {
  const redis = useTestRedis();

  it("logs the outage once and the return once; commands fail during it instead of hanging, and work after", async () => {
    const { client, log } = open(redis.server.url);
    expect(await client.ping()).toBe("PONG");
    await redis.server.stop();
    await log.waitFor((entry) => entry.msg === "Redis is unavailable: follows pause until it answers again");
    // Each refused command is one more failed reconnection attempt: still one line for the outage.
    for (let attempt = 0; attempt < 3; attempt += 1) await expect(client.ping()).rejects.toThrow();
    await redis.server.start();
    await log.waitFor((entry) => entry.msg === "Redis is reachable again");
    expect(await client.ping()).toBe("PONG");
    expect(log.entries().map((entry) => entry.msg)).toEqual(["Redis is unavailable: follows pause until it answers again", "Redis is reachable again"]);
  });
});

describe("TLS (rediss://)", () => {
  let folder = "";
  const file = (name: string) => join(folder, name);
  const openssl = (...args: string[]) => {
    try {
      execFileSync("openssl", args, { stdio: "pipe" });
    } catch (error) {
      const missing = (error as NodeJS.ErrnoException).code === "ENOENT";
      throw missing ? new Error("the TLS test makes its certificates with openssl: install Debian's openssl package") : error;
    }
  };
  const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), "joblog-redis-tls-"));
    openssl("req", "-x509", ...ec, "-keyout", file("ca.key"), "-out", file("ca.crt"), "-days", "2", "-subj", "/CN=joblog test CA");
    openssl("req", ...ec, "-keyout", file("server.key"), "-out", file("server.csr"), "-subj", "/CN=localhost");
    writeFileSync(file("san.ext"), "subjectAltName=DNS:localhost,IP:127.0.0.1\n");
    openssl("x509", "-req", "-in", file("server.csr"), "-CA", file("ca.crt"), "-CAkey", file("ca.key"), "-CAcreateserial", "-out", file("server.crt"), "-days", "2", "-extfile", file("san.ext"));
  });
  afterAll(() => {
    if (folder) rmSync(folder, { recursive: true, force: true });
  });
  // The certificates are made in the beforeAll above, which runs before the server's.
  const redis = useTestRedis(() => ({ password: PASSWORD, tls: { certFile: file("server.crt"), keyFile: file("server.key"), caFile: file("ca.crt") } }));
  const ca = () => readFileSync(file("ca.crt"));

  it.each(["rediss", "REDISS"])("%s:// speaks TLS, trusting the CA given in the options", async (scheme) => {
    const { client } = open(`${scheme}://:${ENCODED}@localhost:${redis.server.tlsPort}`, { tls: { ca: ca() } });
    expect(await client.ping()).toBe("PONG");
    expect(await client.info("server")).toMatch(/redis_version/);
  });

  it("refuses a server whose certificate it cannot check, and says why", async () => {
    const { client, log } = open(`rediss://:${ENCODED}@localhost:${redis.server.tlsPort}`);
    const line = await log.waitFor((entry) => entry.level === 40);
    expect(String(line.error)).toMatch(/certificate/i);
    await expect(client.ping()).rejects.toThrow();
  });
});

describe("the test redis-server helper", () => {
  it("says how to get redis-server when it is missing", async () => {
    await expect(startRedisServer({ program: "redis-server-missing-for-this-test" })).rejects.toThrow(
      /redis-server-missing-for-this-test is not installed: .*`\.ci\/run` installs it/,
    );
  });
});
