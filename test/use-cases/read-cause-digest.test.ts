// The digest read from the simulator over real HTTP, through each protocol: the same causes for
// the same job, the labelled causes recovered, batches BK-JOB accepts, and caps that say so.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createJobApi } from "../../src/bkjob/create-job-api.js";
import type { StepHost } from "../../src/core/job-model.js";
import type { BkJobProtocol } from "../../src/config.js";
import type { JobRef } from "../../src/core/job-ref.js";
import { causeCorpusLabels, causeFleetLabels } from "../../src/local/sim/scenarios/cause-corpus.js";
import { SCENARIOS, SIM_DEFAULTS } from "../../src/local/sim/scenarios.js";
import { startSimulator, type Simulator } from "../../src/local/sim/server.js";
import { DEFAULT_CAUSE_DIGEST_LIMITS, readCauseDigests, type CauseDigestLimits, type StepCauseDigest } from "../../src/use-cases/read-cause-digest.js";

const PROTOCOLS: readonly BkJobProtocol[] = ["esb-v2", "esb-v3", "apigw-v3"];
const silent = { debug() {}, info() {}, warn() {}, error() {} };

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator();
});
afterAll(async () => sim.close());

async function digestsVia(protocol: BkJobProtocol, ref: JobRef, limits: CauseDigestLimits = DEFAULT_CAUSE_DIGEST_LIMITS): Promise<StepCauseDigest[]> {
  const apiUrl = protocol === "apigw-v3" ? `${sim.url}/api/bk-job/prod` : sim.url;
  const jobApi = createJobApi(
    { protocol, apigwSystem: false, apiUrl, ...SIM_DEFAULTS, webUrl: null, timeoutMs: 10_000 },
    { fetch: globalThis.fetch.bind(globalThis), logger: silent, language: "en" },
  );
  const read = jobApi.read(ref, { wholeReport: true });
  const status = await read.getJobStatus();
  if (!status.ok) throw new Error(`${protocol}: ${JSON.stringify(status.error)}`);
  const digests = await readCauseDigests(read, status.value, limits);
  if (!digests.ok) throw new Error(`${protocol}: ${JSON.stringify(digests.error)}`);
  return digests.value;
}

const hostName = (host: StepHost) => `${host.bkCloudId}:${host.ip}`;

/** What every protocol knows alike: the causes, their lines, and which hosts (by BK-Net and IP). */
const comparable = (digests: StepCauseDigest[]) =>
  digests.map(({ digest, ...step }) => ({
    ...step,
    causes: digest.causes.map((cause) => ({
      signature: cause.signature,
      line: cause.line,
      context: cause.context,
      tags: cause.tags,
      exitCodes: cause.exitCodes,
      statuses: cause.statuses,
      hosts: cause.hosts.map(hostName),
    })),
  }));

describe("the digest of the labelled corpus", () => {
  it("recovers every labelled cause as one cluster, over ESB v2", async () => {
    const [step] = await digestsVia("esb-v2", SCENARIOS.causeCorpus);
    const labels = causeCorpusLabels();
    expect(step).toMatchObject({ failingHosts: labels.size, hostsRead: labels.size, sampled: false });
    const causeLabels = step!.digest.causes.map((cause) => [...new Set(cause.hosts.map((host) => labels.get(hostName(host))))]);
    expect(causeLabels.every((found) => found.length === 1)).toBe(true);
    expect(new Set(causeLabels.flat()).size).toBe(causeLabels.length);
  });

  it.each(PROTOCOLS.filter((protocol) => protocol !== "esb-v2"))("is the same over %s as over ESB v2", async (protocol) => {
    expect(comparable(await digestsVia(protocol, SCENARIOS.causeCorpus))).toEqual(comparable(await digestsVia("esb-v2", SCENARIOS.causeCorpus)));
  });
});

describe("reading the fleet's 2,000 failing hosts", () => {
  it("over the gateway asks for logs 500 hosts a call, no more calls than that", async () => {
    const before = sim.requests.length;
    const [step] = await digestsVia("apigw-v3", SCENARIOS.causeFleet);
    const calls = sim.requests.slice(before).map((call) => call.api);
    expect(step).toMatchObject({ failingHosts: 2_000, hostsRead: 2_000, sampled: false });
    expect(calls.filter((api) => api === "batch_get_job_instance_ip_log")).toHaveLength(4);
    expect(calls).not.toContain("get_job_instance_log");
    expect(step!.digest.causes).toHaveLength(new Set(causeFleetLabels().values()).size);
  });

  it("over ESB v2 costs its two calls, as a report does", async () => {
    const before = sim.requests.length;
    const [step] = await digestsVia("esb-v2", SCENARIOS.causeFleet);
    expect(step!.hostsRead).toBe(2_000);
    expect(sim.requests.slice(before).map((call) => call.api).sort()).toEqual(["get_job_instance_log", "get_job_instance_status"]);
  });
});

describe("caps", () => {
  it("stops at the host cap and says the digest is of a sample", async () => {
    const [step] = await digestsVia("apigw-v3", SCENARIOS.causeCorpus, { maxHosts: 40, maxLogChars: 20_000_000 });
    expect(step).toMatchObject({ failingHosts: 150, hostsRead: 40, sampled: true });
    expect(step!.digest.hostCount).toBe(40);
  });

  it("stops at the log-size cap and says so, with how much was read", async () => {
    const [step] = await digestsVia("esb-v2", SCENARIOS.causeCorpus, { maxHosts: 2_000, maxLogChars: 10_000 });
    expect(step!.sampled).toBe(true);
    expect(step!.hostsRead).toBeGreaterThan(0);
    expect(step!.hostsRead).toBeLessThan(150);
    expect(step!.logChars).toBeGreaterThanOrEqual(10_000);
  });

  it("over the gateway, no log call after the cap is reached", async () => {
    const before = sim.requests.length;
    await digestsVia("apigw-v3", SCENARIOS.causeFleet, { maxHosts: 2_000, maxLogChars: 1_000 });
    expect(sim.requests.slice(before).filter((call) => call.api === "batch_get_job_instance_ip_log")).toHaveLength(1);
  });
});
