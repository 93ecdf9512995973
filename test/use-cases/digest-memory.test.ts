// A digest over ESB v3 or the gateway reads thousands of failing hosts' logs, 500 a call: each
// batch must be let go once the digest has read it, so memory is bounded by what the digest keeps
// (a signature and a representative line per cause), not by every failing host's whole log. The
// read itself lives as long as the request does, so nothing it (or a layer around it: masking,
// the rush's shared fetch) holds may keep the logs. Checked by collection: every log object
// handed out is gone after a full collection while the read is still held.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UpstreamLimiter } from "../../src/access/upstream-limiter.js";
import { createJobApi } from "../../src/bkjob/create-job-api.js";
import { createJobApiPool } from "../../src/bkjob/job-api-pool.js";
import { withRedaction } from "../../src/bkjob/redacting-job-api.js";
import type { BkJobProtocol } from "../../src/config.js";
import { createRedactor } from "../../src/core/redact-secrets.js";
import { SCENARIOS, SIM_DEFAULTS } from "../../src/local/sim/scenarios.js";
import { startSimulator, type Simulator } from "../../src/local/sim/server.js";
import { collectGarbage } from "../support/collect-garbage.js";
import type { JobApi, JobRead } from "../../src/ports/job-api.js";
import { readCauseDigests } from "../../src/use-cases/read-cause-digest.js";


const silent = { debug() {}, info() {}, warn() {}, error() {} };

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator();
});
afterAll(async () => sim.close());

function settingsFor(protocol: BkJobProtocol) {
  const apiUrl = protocol === "apigw-v3" ? `${sim.url}/api/bk-job/prod` : sim.url;
  return { protocol, apigwSystem: false, apiUrl, ...SIM_DEFAULTS, webUrl: null, timeoutMs: 10_000 } as const;
}
const deps = { fetch: globalThis.fetch.bind(globalThis), logger: silent, language: "en" } as const;

/** The layers a person's report goes through, each tried alone so one that holds on is named. */
const LAYERS: Record<string, (protocol: BkJobProtocol) => JobApi> = {
  "the protocol adapter": (protocol) => createJobApi(settingsFor(protocol), deps),
  "the adapter with masking": (protocol) => withRedaction(createJobApi(settingsFor(protocol), deps), createRedactor()),
  "the bot's pool (masking and the rush's shared fetch)": (protocol) =>
    createJobApiPool(settingsFor(protocol), { ...deps, redactor: createRedactor(), limiter: new UpstreamLimiter(16, 4, 64) }).forUser(SIM_DEFAULTS.username),
};

/** The read, handing out logs while noting each (weakly): the test must not keep them itself. */
function watched(read: JobRead, seen: WeakRef<object>[]): JobRead {
  return {
    ...read,
    getHostLogs: async (step, hosts) => {
      const logs = await read.getHostLogs(step, hosts);
      if (logs.ok) for (const log of logs.value) seen.push(new WeakRef(log));
      return logs;
    },
  };
}

describe.each(["apigw-v3", "esb-v3"] as const)("the digest of 2,000 failing hosts over %s", (protocol) => {
  it.each(Object.keys(LAYERS))("lets each host's log go once read, through %s", async (layer) => {
    const read = LAYERS[layer]!(protocol).read(SCENARIOS.causeFleet, { wholeReport: true });
    const seen: WeakRef<object>[] = [];
    const status = await read.getJobStatus();
    if (!status.ok) throw new Error(JSON.stringify(status.error));
    const digests = await readCauseDigests(watched(read, seen), status.value);
    if (!digests.ok) throw new Error(JSON.stringify(digests.error));
    expect(digests.value[0]?.hostsRead).toBe(2_000);
    expect(seen).toHaveLength(2_000);

    await collectGarbage();
    const kept = seen.filter((ref) => ref.deref() !== undefined).length;
    // The read is still in use (a request answers after its digest): held here on purpose.
    expect(read).toBeDefined();
    expect(kept).toBe(0);
  });
});
