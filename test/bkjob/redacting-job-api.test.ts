// The masking door in front of any JobApi, over an in-memory BK-JOB that searches raw logs as
// BK-JOB's own keyword search does: a grep hit must hold the text in its MASKED log.
import { describe, expect, it } from "vitest";
import type { HostIdentity, HostLogText, StepHost } from "../../src/core/job-model.js";
import { CHECKED_HITS_PER_GROUP, withRedaction } from "../../src/bkjob/redacting-job-api.js";
import { ok } from "../../src/core/upstream-error.js";
import { createRedactor } from "../../src/core/redact-secrets.js";
import type { JobApi } from "../../src/ports/job-api.js";

const STEP = { stepInstanceId: 1, type: 1 };

function hostAt(index: number): StepHost {
  return { bkHostId: index + 1, bkCloudId: 0, ip: `10.9.${index >> 8}.${index & 255}`, ipv6: null, status: 104, tag: "", exitCode: 1, errorCode: null, startTime: null, endTime: null, totalTimeMs: null };
}

/** One step, one group; `logOf(i)` is host i's raw log. Searches and lists like the gateway. */
function upstream(hostCount: number, logOf: (index: number) => string): JobApi & { logsRead: number } {
  const hosts = Array.from({ length: hostCount }, (_, index) => hostAt(index));
  const api = {
    logsRead: 0,
    read: () => ({
      getJobStatus: async () => {
        throw new Error("not used");
      },
      getStepHostGroups: async (_step: unknown, query: { maxHostsPerGroup: number; keyword?: string | null }) => {
        const hits = hosts.filter((_host, index) => query.keyword == null || logOf(index).includes(query.keyword));
        return ok({ stepInstanceId: 1, groups: hits.length === 0 ? [] : [{ status: 104, tag: "", hostCount: hits.length, hosts: hits.slice(0, query.maxHostsPerGroup) }] });
      },
      getHostLogs: async (_step: unknown, asked: readonly HostIdentity[]) => {
        api.logsRead += asked.length;
        return ok(asked.map((host): HostLogText => ({ ...host, text: logOf(host.bkHostId! - 1), files: null })));
      },
      getHostLog: async () => ok(null),
    }),
  };
  return api;
}

const search = async (api: JobApi, keyword: string) => {
  const result = await withRedaction(api, createRedactor()).read({ bizId: 1, jobInstanceId: 1 }).getStepHostGroups(STEP, { maxHostsPerGroup: 10, keyword });
  if (!result.ok) throw new Error("search failed");
  return result.value.groups.map((group) => ({ hostCount: group.hostCount, listed: group.hosts.length }));
};

describe("grep through the masking door", () => {
  it("a text that is only inside masked secrets finds no host", async () => {
    expect(await search(upstream(40, () => "export DB_PASSWORD=S3cret-guess\n"), "S3cret-guess")).toEqual([]);
  });

  it("a text in plain sight finds its hosts, listed as asked", async () => {
    expect(await search(upstream(40, () => "deploy failed: disk full\n"), "disk full")).toEqual([{ hostCount: 40, listed: 10 }]);
  });

  it("keeps only the hosts whose masked log still holds the text", async () => {
    const api = upstream(40, (index) => (index % 4 === 0 ? "S3cret-guess rotated\n" : "token=S3cret-guess\n"));
    expect(await search(api, "S3cret-guess")).toEqual([{ hostCount: 10, listed: 10 }]);
  });

  it("counts hosts beyond the ones checked only when masking hid the text on none of those", async () => {
    const many = CHECKED_HITS_PER_GROUP + 300;
    const plain = upstream(many, () => "No space left on device\n");
    expect(await search(plain, "No space left")).toEqual([{ hostCount: many, listed: 10 }]);
    expect(plain.logsRead).toBe(CHECKED_HITS_PER_GROUP);
    // One checked host has the text only inside a secret: the unchecked 300 may too, so they are not counted.
    const mixed = upstream(many, (index) => (index === 7 ? "password=No-space-left\n" : "No-space-left here\n"));
    expect(await search(mixed, "No-space-left")).toEqual([{ hostCount: CHECKED_HITS_PER_GROUP - 1, listed: 10 }]);
  });
});

describe("upstream text that is not a log", () => {
  const SECRET = "67448ad1aca5112596bc8bbfc5ea3e78";
  const statusNaming = (name: string): JobApi => ({
    read: () => ({
      getJobStatus: async () =>
        ok({
          finished: true,
          job: { jobInstanceId: 1, bizId: 1, name, status: 3, operator: null, startWay: null, createTime: null, startTime: null, endTime: null, totalTimeMs: null },
          steps: [{ stepInstanceId: 1, name: `step ${name}`, status: 3, type: 1, executeCount: 0, startTime: null, endTime: null, totalTimeMs: null, hosts: [] }],
          requestId: null,
        }),
      getStepHostGroups: async () => ({ ok: false as const, error: { kind: "bad_credentials" as const, api: "get_step_instance_status", code: 1240001, message: `bad app secret ${SECRET}`, requestId: null, httpStatus: 200, permission: null } }),
      getHostLogs: async () => ok([]),
      getHostLog: async () => ok(null),
    }),
  });

  it("has joblog's own secrets masked by value: job and step names, BK-JOB's error messages", async () => {
    const read = withRedaction(statusNaming(`deploy ${SECRET}`), createRedactor({ secrets: [SECRET] })).read({ bizId: 1, jobInstanceId: 1 });
    const status = await read.getJobStatus();
    expect(status.ok && [status.value.job.name, status.value.steps[0]!.name]).toEqual(["deploy [redacted]", "step deploy [redacted]"]);
    const groups = await read.getStepHostGroups(STEP, { maxHostsPerGroup: 10 });
    expect(!groups.ok && groups.error.message).toBe("bad app secret [redacted]");
  });
});

