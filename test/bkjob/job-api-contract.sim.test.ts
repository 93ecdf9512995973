// One contract for the JobApi port, run against the simulator through every protocol (ESB v2,
// ESB jobv3, the API gateway and its app-type /system resources): what each read answers, how
// hosts are identified, log batches above 500 hosts, IPv6-only hosts, file steps, the log
// search, and every way BK-JOB, ESB or the gateway refuses.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createJobApi } from "../../src/bkjob/create-job-api.js";
import { createV3Client } from "../../src/bkjob/v3-client.js";
import type { HostIdentity } from "../../src/core/job-model.js";
import type { UpstreamError } from "../../src/core/upstream-error.js";
import type { BkJobProtocol } from "../../src/config.js";
import { messagesFor } from "../../src/i18n/index.js";
import type { JobRef } from "../../src/core/job-ref.js";
import type { JobApi } from "../../src/ports/job-api.js";
import { describeUpstreamError } from "../../src/render/error-message.js";
import { IPV6_ONLY_HOST } from "../../src/local/sim/scenarios/ipv6-hosts.js";
import { FILE_SOURCE, FILE_SOURCE_PATH } from "../../src/local/sim/scenarios/file-transfer.js";
import { tenThousandHostIp } from "../../src/local/sim/scenarios/ten-thousand-hosts.js";
import { SCENARIOS, SIM_DEFAULTS, UNKNOWN_BIZ_ID, UNKNOWN_JOB_INSTANCE_ID } from "../../src/local/sim/scenarios.js";
import { startSimulator, type Simulator, type SimulatorOptions } from "../../src/local/sim/server.js";

interface Variant {
  name: string;
  protocol: BkJobProtocol;
  system?: boolean;
}

const VARIANTS: Variant[] = [
  { name: "esb-v2", protocol: "esb-v2" },
  { name: "esb-v3", protocol: "esb-v3" },
  { name: "apigw-v3", protocol: "apigw-v3" },
  { name: "apigw-v3 system", protocol: "apigw-v3", system: true },
];

interface Sent {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string;
}

function client(sim: Simulator, variant: Variant, overrides: { appSecret?: string; timeoutMs?: number } = {}) {
  const sent: Sent[] = [];
  const recordingFetch = (async (input: Request | string | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    sent.push({
      url: request.url,
      method: request.method,
      headers: Object.fromEntries(request.headers),
      body: request.body ? await request.clone().text() : "",
    });
    return globalThis.fetch(request);
  }) as typeof fetch;
  const apiUrl = variant.protocol === "apigw-v3" ? `${sim.url}/api/bk-job/prod` : sim.url;
  const api: JobApi = createJobApi(
    {
      protocol: variant.protocol,
      apigwSystem: variant.system === true,
      apiUrl,
      appCode: SIM_DEFAULTS.appCode,
      appSecret: overrides.appSecret ?? SIM_DEFAULTS.appSecret,
      username: SIM_DEFAULTS.username,
      webUrl: null,
      timeoutMs: overrides.timeoutMs ?? 5_000,
    },
    { fetch: recordingFetch, logger: { debug() {}, info() {}, warn() {}, error() {} }, language: "en" },
  );
  return { api, sent };
}

const isV3 = (variant: Variant) => variant.protocol !== "esb-v2";
const isGateway = (variant: Variant) => variant.protocol === "apigw-v3";

async function useSim(options: SimulatorOptions = {}) {
  return startSimulator(options);
}

async function statusError(api: JobApi, ref: JobRef): Promise<UpstreamError> {
  const result = await api.read(ref, { wholeReport: true }).getJobStatus();
  if (result.ok) throw new Error("expected a failure");
  return result.error;
}

describe.each(VARIANTS.map((variant) => [variant.name, variant] as const))("JobApi over %s", (_name, variant) => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await useSim();
  });
  afterAll(async () => sim.close());

  it("reads the job's status, with the operator and launch mode v3's status leaves out", async () => {
    const status = await client(sim, variant).api.read(SCENARIOS.multiStepFailure).getJobStatus();
    expect(status.ok).toBe(true);
    if (!status.ok) return;
    expect(status.value.job).toMatchObject({ name: "deploy-web-release", status: 4, operator: "zhangsan", bizId: 1 });
    expect(status.value.steps.map((step) => [step.name, step.status])).toEqual([
      ["fetch-artifacts", 3],
      ["deploy-web", 4],
      ["restart-nginx", 1],
      ["smoke-test", 1],
    ]);
    expect(status.value.job.totalTimeMs).toBe(379_000);
  });

  it("polls cost one status call: who started the job is asked once per job (v3)", async () => {
    const { api, sent } = client(sim, variant);
    for (let poll = 0; poll < 3; poll += 1) await api.read(SCENARIOS.runningSuccess).getJobStatus({ withHosts: true });
    const lists = sent.filter((request) => request.url.includes("get_job_instance_list"));
    expect(lists).toHaveLength(isV3(variant) ? 1 : 0);
    expect(sent.length).toBe(isV3(variant) ? 4 : 3);
  });

  it("groups a step's hosts by status and tag: exact counts, lists capped", async () => {
    const read = client(sim, variant).api.read(SCENARIOS.largeJob);
    const groups = await read.getStepHostGroups({ stepInstanceId: 200001, type: 1 }, { maxHostsPerGroup: 3 });
    expect(groups.ok).toBe(true);
    if (!groups.ok) return;
    expect(groups.value.groups.map((group) => [group.status, group.tag, group.hostCount, group.hosts.length])).toEqual([
      [9, "", 1990, 3],
      [104, "", 5, 3],
      [104, "no_space_boot", 3, 3],
      [13, "", 2, 2],
    ]);
    const [first] = groups.value.groups[1]!.hosts;
    expect(first).toMatchObject({ ip: "10.1.0.18", bkCloudId: 0, status: 104, exitCode: 100, totalTimeMs: 12_400 });
    // v3 names hosts by bk_host_id; v2 has only BK-Net + IP.
    expect(first!.bkHostId === null).toBe(!isV3(variant));
  });

  it("reads just the logs asked for, above 500 hosts in batches of at most 500", async () => {
    const { api, sent } = client(sim, variant);
    const read = api.read(SCENARIOS.tenThousandHosts);
    const step = { stepInstanceId: 900001, type: 1 };
    const groups = await read.getStepHostGroups(step, { maxHostsPerGroup: 1_200 });
    if (!groups.ok) throw new Error(JSON.stringify(groups.error));
    const hosts: HostIdentity[] = groups.value.groups[0]!.hosts;
    expect(hosts).toHaveLength(1_200);
    const before = sent.length;
    const logs = await read.getHostLogs(step, hosts);
    expect(logs.ok).toBe(true);
    if (!logs.ok) return;
    expect(logs.value).toHaveLength(1_200);
    // In the order asked; the 1,200th success is host 1,201 (hosts 42 and 777 failed).
    expect(logs.value.map((log) => log.ip)).toEqual(hosts.map((host) => host.ip));
    expect(logs.value[1_199]).toMatchObject({ ip: tenThousandHostIp(1_201), files: null });
    expect(logs.value[1_199]!.text).toContain("job_success");
    if (isV3(variant)) {
      const batches = sent.slice(before).map((request) => JSON.parse(request.body) as { host_id_list: number[] });
      expect(batches.map((batch) => batch.host_id_list.length)).toEqual([500, 500, 200]);
    }
  });

  it("names an IPv6-only host: by bk_host_id and its IPv6 on v3, by an empty IP on v2", async () => {
    const read = client(sim, variant).api.read(SCENARIOS.ipv6Hosts);
    const step = { stepInstanceId: 61001, type: 1 };
    const groups = await read.getStepHostGroups(step, { maxHostsPerGroup: 10 });
    if (!groups.ok) throw new Error(JSON.stringify(groups.error));
    const failing = groups.value.groups.find((group) => group.status === 104)!;
    const host = failing.hosts.find((candidate) => candidate.ip === "")!;
    expect(host).toMatchObject({ ip: "", exitCode: 7, bkHostId: isV3(variant) ? IPV6_ONLY_HOST.bkHostId : null });
    // The gateway's grouped status carries IPv6; ESB jobv3's status does not, its logs do.
    expect(host.ipv6).toBe(isGateway(variant) ? IPV6_ONLY_HOST.ipv6 : null);
    const logs = await read.getHostLogs(step, [host]);
    if (!logs.ok) throw new Error(JSON.stringify(logs.error));
    expect(logs.value[0]?.text).toContain("no IPv4 address on this host");
    expect(logs.value[0]?.ipv6).toBe(isV3(variant) ? IPV6_ONLY_HOST.ipv6 : null);
    const one = await read.getHostLog(61001, host);
    expect(one.ok && one.value?.text).toContain("job_fail");
  });

  it("gives a file step's per-file logs (v2: their lines joined)", async () => {
    const read = client(sim, variant).api.read(SCENARIOS.fileTransfer);
    const step = { stepInstanceId: 62001, type: 2 };
    // By BK-Net + IP: v3 asks with ip_list when a host's id is not known.
    const target = { bkHostId: null, bkCloudId: 0, ip: "10.0.62.2", ipv6: null };
    const logs = await read.getHostLogs(step, [target]);
    if (!logs.ok) throw new Error(JSON.stringify(logs.error));
    const [log] = logs.value;
    expect(log?.text).toContain("no space left on device");
    if (!isV3(variant)) {
      expect(log?.files).toBeNull();
      return;
    }
    expect(log?.files).toEqual([
      expect.objectContaining({ mode: "upload", status: 4, destination: null, source: expect.objectContaining({ ip: FILE_SOURCE.ip, path: FILE_SOURCE_PATH }) }),
      expect.objectContaining({
        mode: "download",
        status: 5,
        destination: expect.objectContaining({ ip: "10.0.62.2", path: "/opt/app/releases/app-2.3.1.tar.gz" }),
      }),
    ]);
  });

  it("searches the logs: only hosts whose log contains the text, counted exactly", async () => {
    const read = client(sim, variant).api.read(SCENARIOS.largeJob);
    const groups = await read.getStepHostGroups({ stepInstanceId: 200001, type: 1 }, { maxHostsPerGroup: 2, keyword: "No space left on device" });
    if (!groups.ok) throw new Error(JSON.stringify(groups.error));
    expect(groups.value.groups.map((group) => [group.status, group.tag, group.hostCount, group.hosts.length])).toEqual([[104, "no_space_boot", 3, 2]]);
  });

  it("answers Show log for one host; null for a step that is not there", async () => {
    const read = client(sim, variant).api.read(SCENARIOS.hugeLog);
    const log = await read.getHostLog(50001, { bkHostId: null, bkCloudId: 0, ip: "10.0.5.1", ipv6: null });
    expect(log.ok && log.value?.text.length).toBeGreaterThan(5_000_000);
    const gone = await read.getHostLog(123, { bkHostId: null, bkCloudId: 0, ip: "10.0.5.1", ipv6: null });
    expect(gone).toEqual({ ok: true, value: null });
  });

  it("never puts the app secret in a URL; on the gateway, only in X-Bkapi-Authorization", async () => {
    const { api, sent } = client(sim, variant);
    const read = api.read(SCENARIOS.multiStepFailure, { wholeReport: true });
    await read.getJobStatus();
    await read.getStepHostGroups({ stepInstanceId: 20002, type: 1 }, { maxHostsPerGroup: 10 });
    await read.getHostLogs({ stepInstanceId: 20002, type: 1 }, [{ bkHostId: null, bkCloudId: 0, ip: "10.0.2.21", ipv6: null }]);
    expect(sent.length).toBeGreaterThan(1);
    for (const request of sent) {
      expect(request.url).not.toContain(SIM_DEFAULTS.appSecret);
      if (isGateway(variant)) {
        expect(request.url).toMatch(variant.system ? /\/api\/bk-job\/prod\/api\/v3\/system\/[a-z_]+(\?|$)/ : /\/api\/bk-job\/prod\/api\/v3\/[a-z_]+(\?|$)/);
        expect(request.body).not.toContain(SIM_DEFAULTS.appSecret);
        expect(JSON.parse(request.headers["x-bkapi-authorization"] ?? "{}")).toEqual({
          bk_app_code: SIM_DEFAULTS.appCode,
          bk_app_secret: SIM_DEFAULTS.appSecret,
          bk_username: SIM_DEFAULTS.username,
        });
        expect(request.headers["x-bk-username"]).toBe(variant.system ? SIM_DEFAULTS.username : undefined);
        if (request.method === "GET") expect(request.url).toContain("bk_scope_type=biz&bk_scope_id=1");
        else expect(JSON.parse(request.body)).toMatchObject({ bk_scope_type: "biz", bk_scope_id: "1" });
      } else {
        expect(request.method).toBe("POST");
        expect(request.headers["x-bkapi-authorization"]).toBeUndefined();
      }
    }
  });

  describe("refusals", () => {
    it("a wrong app secret: bad credentials, in the words of whoever refused", async () => {
      const error = await statusError(client(sim, variant, { appSecret: "wrong-secret-123" }).api, SCENARIOS.seed);
      expect(error.kind).toBe("bad_credentials");
      const words = describeUpstreamError(error, { ref: SCENARIOS.seed, actingUser: "admin", timeoutMs: 5_000 }, messagesFor("en"));
      if (isGateway(variant)) {
        expect(error).toMatchObject({ code: 1640001, codeName: "INVALID_ARGS", httpStatus: 400 });
        expect(words).toContain("X-Bkapi-Authorization");
      } else {
        expect(error).toMatchObject({ code: 1306000, httpStatus: 200 });
        expect(words).toContain("BK_APP_SECRET");
      }
      expect(JSON.stringify(error)).not.toContain("wrong-secret-123");
    });

    it.each([
      ["a job that does not exist", { bizId: 1, jobInstanceId: UNKNOWN_JOB_INSTANCE_ID }, { kind: "not_found", code: 1244006 }],
      ["a job in another business", { bizId: 1, jobInstanceId: SCENARIOS.otherBusiness.jobInstanceId }, { kind: "not_found", code: 1244006 }],
      ["a business that does not exist", { bizId: UNKNOWN_BIZ_ID, jobInstanceId: 100 }, { kind: "business_not_found", code: 1243049 }],
      ["no permission (with IAM's payload)", SCENARIOS.permissionDenied, { kind: "no_permission", code: 1238001 }],
      ["HTML 502 from a proxy", SCENARIOS.gatewayError, { kind: "gateway", httpStatus: 502 }],
      ["the gateway's 504 REQUEST_BACKEND_TIMEOUT", SCENARIOS.backendTimeout, { kind: "gateway", code: 1650401, codeName: "REQUEST_BACKEND_TIMEOUT", httpStatus: 504 }],
      ["a body cut short", SCENARIOS.truncated, { kind: "bad_response" }],
    ] as const)("%s", async (_name, ref, want) => {
      const error = await statusError(client(sim, variant).api, ref);
      expect(error).toMatchObject(want);
      if (want.kind === "no_permission") expect(error.permission?.actions).toEqual([{ id: "view_history", name: "查看执行历史" }]);
    });

    it("the gateway's 429: rate-limited, and when to try again (X-Bkapi-RateLimit-Reset)", async () => {
      const error = await statusError(client(sim, variant).api, SCENARIOS.rateLimited);
      expect(error).toMatchObject({ kind: "rate_limited", code: 1642901, codeName: "RATE_LIMIT_RESTRICTION", httpStatus: 429 });
      expect(error.rateLimit).toEqual({ limit: 20, remaining: 0, resetSeconds: 42 });
      const words = describeUpstreamError(error, { ref: SCENARIOS.rateLimited, actingUser: "admin", timeoutMs: 5_000 }, messagesFor("en"));
      expect(words).toBe("The BlueKing API gateway is rate-limiting joblog. Try again in 42 s.");
    });

    it("a step that does not exist: 1244007 on v3 (v2 reads none of its hosts)", async () => {
      const result = await client(sim, variant).api.read(SCENARIOS.seed).getStepHostGroups({ stepInstanceId: 1, type: 1 }, { maxHostsPerGroup: 5 });
      if (isV3(variant) && isGateway(variant)) expect(result).toMatchObject({ ok: false, error: { kind: "not_found", code: 1244007 } });
      else expect(result).toEqual({ ok: true, value: { stepInstanceId: 1, groups: [] } });
    });

    it("no answer: a timeout, after the configured deadline", async () => {
      const error = await statusError(client(sim, variant, { timeoutMs: 150 }).api, SCENARIOS.hang);
      expect(error.kind).toBe("timeout");
    });
  });
});

describe("gateway set-ups", () => {
  it("a gateway without get_step_instance_status (404): the groups come from get_job_instance_status instead, the same", async () => {
    const plain = await useSim();
    const without = await useSim({ gateway: { stepInstanceStatus: false } });
    try {
      const query = { maxHostsPerGroup: 4 };
      const step = { stepInstanceId: 20002, type: 1 };
      const viaStepStatus = await client(plain, VARIANTS[2]!).api.read(SCENARIOS.multiStepFailure).getStepHostGroups(step, query);
      const { api } = client(without, VARIANTS[2]!);
      const derived = await api.read(SCENARIOS.multiStepFailure).getStepHostGroups(step, query);
      const strip = (result: typeof derived) =>
        result.ok ? result.value.groups.map((group) => ({ ...group, hosts: group.hosts.map((host) => ({ ...host, errorCode: null })) })) : result;
      expect(strip(derived)).toEqual(strip(viaStepStatus));
      // Asked once: later reads go straight to the status.
      await api.read(SCENARIOS.multiStepFailure).getStepHostGroups(step, query);
      expect(without.requests.filter((request) => request.api.endsWith("get_step_instance_status"))).toHaveLength(1);
    } finally {
      await Promise.all([plain.close(), without.close()]);
    }
  });

  it("app-type resources the app was not granted: 403 APP_NO_PERMISSION, and words for the gateway's administrator", async () => {
    const sim = await useSim({ gateway: { systemGranted: false } });
    try {
      const error = await statusError(client(sim, VARIANTS[3]!).api, SCENARIOS.seed);
      expect(error).toMatchObject({ kind: "bad_credentials", code: 1640301, codeName: "APP_NO_PERMISSION", httpStatus: 403 });
      const words = describeUpstreamError(error, { ref: SCENARIOS.seed, actingUser: "admin", timeoutMs: 5_000 }, messagesFor("en"));
      expect(words).toContain("BK_JOB_APIGW_SYSTEM=true");
    } finally {
      await sim.close();
    }
  });

  it("a resource the gateway does not have: 404 API_NOT_FOUND, and what to check", async () => {
    const sim = await useSim({ gateway: { stepInstanceStatus: false } });
    try {
      const v3 = createV3Client({
        baseUrl: `${sim.url}/api/bk-job/prod`,
        appCode: SIM_DEFAULTS.appCode,
        appSecret: SIM_DEFAULTS.appSecret,
        username: SIM_DEFAULTS.username,
        timeoutMs: 5_000,
        fetch: globalThis.fetch.bind(globalThis),
        transport: { kind: "gateway", system: false },
      });
      const result = await v3.getStepInstanceStatus(SCENARIOS.seed, 90000, { maxHostNumPerGroup: 5, keyword: null });
      if (result.ok) throw new Error("expected a failure");
      expect(result.error).toMatchObject({ kind: "gateway", code: 1640401, codeName: "API_NOT_FOUND", httpStatus: 404 });
      expect(result.error.requestId).toMatch(/^[0-9a-f]{32}$/); // X-Bkapi-Request-Id
      const words = describeUpstreamError(result.error, { ref: SCENARIOS.seed, actingUser: "admin", timeoutMs: 5_000 }, messagesFor("en"));
      expect(words).toContain("BK_JOB_API_URL");
    } finally {
      await sim.close();
    }
  });
});
