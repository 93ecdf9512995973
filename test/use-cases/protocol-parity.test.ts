// Every simulator scenario, through each protocol (BK_JOB_API = esb-v2, esb-v3, apigw-v3), over
// real HTTP: the reports are equal, and so are the Slack messages rendered from them. What a
// protocol cannot know is named here, with its source, and nothing else is set aside:
// - ESB v2 has no bk_host_id and no IPv6 (openapi/bk-job.openapi.yaml), no file-log structure (its
//   log_content joins the per-file lines, §3.1), and whole-second times ("yyyy-MM-dd HH:mm:ss");
// - the gateway's get_step_instance_status has no GSE error code (§3.5).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createJobApi } from "../../src/bkjob/create-job-api.js";
import type { BkJobProtocol } from "../../src/config.js";
import type { FailedHost, JobReport } from "../../src/core/report-model.js";
import { messagesFor } from "../../src/i18n/index.js";
import type { JobApi } from "../../src/ports/job-api.js";
import { renderReportMessage } from "../../src/render/report-message.js";
import { SCENARIO_LIST, SCENARIOS, SIM_DEFAULTS, type Scenario } from "../../src/local/sim/scenarios.js";
import { startSimulator, type Simulator } from "../../src/local/sim/server.js";
import { fetchJobReport } from "../../src/use-cases/job-report.js";

const PROTOCOLS: readonly BkJobProtocol[] = ["esb-v2", "esb-v3", "apigw-v3"];
// A whole second, so a running job's elapsed time does not depend on v2 dropping milliseconds.
const NOW = Date.UTC(2026, 5, 1, 2, 0, 0);
const clock = { now: () => NOW };
const silent = { debug() {}, info() {}, warn() {}, error() {} };
const en = messagesFor("en");

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ clock });
});
afterAll(async () => sim.close());

function jobApi(protocol: BkJobProtocol): JobApi {
  const apiUrl = protocol === "apigw-v3" ? `${sim.url}/api/bk-job/prod` : sim.url;
  const config = { protocol, apigwSystem: false, apiUrl, ...SIM_DEFAULTS, webUrl: null, timeoutMs: 5_000 };
  return createJobApi({ ...config, appCode: SIM_DEFAULTS.appCode, appSecret: SIM_DEFAULTS.appSecret }, {
    fetch: globalThis.fetch.bind(globalThis),
    logger: silent,
    language: "en",
  });
}

async function reportVia(protocol: BkJobProtocol, scenario: Scenario) {
  // Running and fail-once jobs start over for each protocol, so each sees the same moment.
  sim.restartJob(scenario.jobInstanceId);
  const before = sim.requests.length;
  const result = await fetchJobReport({ jobApi: jobApi(protocol), clock, logger: silent, webUrl: "https://job.example.com" }, scenario);
  if (!result.ok) throw new Error(`${protocol} ${scenario.name}: ${JSON.stringify(result.error)}`);
  return { report: result.value, calls: sim.requests.slice(before) };
}

const wholeSecond = (date: Date | null) => (date === null ? null : new Date(Math.floor(date.getTime() / 1000) * 1000));

/** What ESB v2 can know of a failing host. */
function asV2Knows(host: FailedHost): FailedHost {
  const { bkHostId: _id, ipv6: _v6, ...ref } = host.ref;
  return { ...host, ref, bkHostId: null, ipv6: null, fileLogs: null };
}

function comparable(report: JobReport, { asV2, withoutErrorCodes }: { asV2: boolean; withoutErrorCodes: boolean }): JobReport {
  return {
    ...report,
    startTime: asV2 ? wholeSecond(report.startTime) : report.startTime,
    endTime: asV2 ? wholeSecond(report.endTime) : report.endTime,
    failureGroups: report.failureGroups.map((group) => ({
      ...group,
      hosts: group.hosts.map((host) => {
        const known = asV2 ? asV2Knows(host) : host;
        return withoutErrorCodes ? { ...known, errorCode: null } : known;
      }),
    })),
  };
}

/** The Slack message without the buttons' values (they carry bk_host_id, which v2 has not). */
function shown(report: JobReport): unknown {
  return JSON.parse(JSON.stringify(renderReportMessage(report, en)), (key, value: unknown) => (key === "value" ? undefined : value));
}

const DATA_KINDS = new Set(["job", "timed", "fail-once"]);
const dataScenarios = SCENARIO_LIST.filter((scenario) => DATA_KINDS.has(scenario.behaviour.kind));

describe.each(dataScenarios.map((scenario) => [scenario.name, scenario] as const))("%s through every protocol", (_name, scenario) => {
  let byProtocol: Map<BkJobProtocol, Awaited<ReturnType<typeof reportVia>>>;
  beforeAll(async () => {
    byProtocol = new Map();
    for (const protocol of PROTOCOLS) byProtocol.set(protocol, await reportVia(protocol, scenario));
  });
  const report = (protocol: BkJobProtocol) => byProtocol.get(protocol)!.report;

  it("gives the same report over ESB jobv3 and the gateway (the gateway has no GSE error codes)", () => {
    const options = { asV2: false, withoutErrorCodes: true };
    expect(comparable(report("apigw-v3"), options)).toEqual(comparable(report("esb-v3"), options));
  });

  it("gives the same report over ESB v2, apart from what v2 cannot know", () => {
    const options = { asV2: true, withoutErrorCodes: true };
    expect(comparable(report("apigw-v3"), options)).toEqual(comparable(report("esb-v2"), options));
    expect(comparable(report("esb-v3"), { asV2: true, withoutErrorCodes: false })).toEqual(
      comparable(report("esb-v2"), { asV2: true, withoutErrorCodes: false }),
    );
  });

  it("costs ESB v2 its two calls, as always, and never asks the gateway for every host's log", () => {
    // (A retried 5xx is the same call asked twice.)
    expect([...new Set(byProtocol.get("esb-v2")!.calls.map((call) => call.api))].sort()).toEqual([
      "get_job_instance_log",
      "get_job_instance_status",
    ]);
    expect(byProtocol.get("apigw-v3")!.calls.every((call) => call.protocol === "apigw-v3")).toBe(true);
    expect(byProtocol.get("apigw-v3")!.calls.map((call) => call.api)).not.toContain("get_job_instance_log");
  });
});

describe("the Slack message is the same whichever protocol", () => {
  // Where a protocol knows less, the message shows less; these are the only places.
  const V2_CANNOT_SHOW = new Set<string>(["ipv6Hosts", "fileTransfer"]);
  const GATEWAY_HAS_NO_ERROR_CODE = new Set<string>(["multiStepFailure"]);

  it.each(dataScenarios.map((scenario) => [scenario.name, scenario] as const))("%s", async (name, scenario) => {
    const messages = new Map<BkJobProtocol, unknown>();
    for (const protocol of PROTOCOLS) messages.set(protocol, shown((await reportVia(protocol, scenario)).report));
    if (!GATEWAY_HAS_NO_ERROR_CODE.has(name)) expect(messages.get("apigw-v3")).toEqual(messages.get("esb-v3"));
    if (!V2_CANNOT_SHOW.has(name)) expect(messages.get("esb-v3")).toEqual(messages.get("esb-v2"));
  });

  it("the exceptions show exactly what the protocol could not know", async () => {
    const text = async (protocol: BkJobProtocol, scenario: Scenario) => JSON.stringify(shown((await reportVia(protocol, scenario)).report));
    const ipv6 = SCENARIO_LIST.find((scenario) => scenario.name === "ipv6Hosts")!;
    expect(await text("esb-v2", ipv6)).toContain("BK-Net 0: (no IPv4)");
    expect(await text("apigw-v3", ipv6)).toContain("fd00:6::21");
    const files = SCENARIO_LIST.find((scenario) => scenario.name === "fileTransfer")!;
    expect(await text("apigw-v3", files)).toContain("Files of `10.0.62.2` (2)");
    expect(await text("esb-v2", files)).toContain("Last 2 lines of `10.0.62.2`");
    const agentError = SCENARIO_LIST.find((scenario) => scenario.jobInstanceId === SCENARIOS.multiStepFailure.jobInstanceId)!;
    expect(await text("esb-v2", agentError)).toContain("`10.0.2.26` · BK-Net 0 · exit 0 · error 1 · 0s");
    expect(await text("apigw-v3", agentError)).toContain("`10.0.2.26` · BK-Net 0 · exit 0 · 0s");
  });
});
