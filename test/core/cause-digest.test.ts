// The digest on the simulator's labelled corpus: every labelled cause is one cluster and no
// cluster mixes causes; then what each cluster carries, and that the digest is deterministic.
import { describe, expect, it } from "vitest";
import { CauseDigestBuilder, digestCauses, type CauseDigest, type DigestHostInput } from "../../src/core/cause-digest.js";
import { HOST_STATUS, type SimJob } from "../../src/local/sim/model.js";
import { causeCorpusJob, causeCorpusLabels, causeFleetJob, causeFleetLabels } from "../../src/local/sim/scenarios/cause-corpus.js";
import { SCENARIOS } from "../../src/local/sim/scenarios.js";

const failingHosts = (job: SimJob): DigestHostInput<string>[] =>
  job.steps[0]!.hosts
    .filter((host) => host.ipStatus !== HOST_STATUS.success)
    .map((host) => ({ host: `${host.bkCloudId}:${host.ip}`, log: host.log, tag: host.tag, exitCode: host.exitCode, status: host.ipStatus }));

/** For each cluster, how many of its hosts carry each label. */
const labelsPerCause = (digest: CauseDigest<string>, labels: ReadonlyMap<string, string>) =>
  digest.causes.map((cause) => {
    const counts = new Map<string, number>();
    for (const host of cause.hosts) counts.set(labels.get(host) ?? "(unlabelled)", (counts.get(labels.get(host) ?? "(unlabelled)") ?? 0) + 1);
    return counts;
  });

describe.each([
  ["the 200-host corpus", () => causeCorpusJob(SCENARIOS.causeCorpus), causeCorpusLabels],
  ["the 10,000-host fleet", () => causeFleetJob(SCENARIOS.causeFleet), causeFleetLabels],
] as const)("digest of %s", (_name, job, labels) => {
  it("labels every failing host, and only those", () => {
    const hosts = failingHosts(job());
    expect(hosts.map((host) => host.host).sort()).toEqual([...labels().keys()].sort());
    expect(new Set(labels().values()).size).toBe(21);
  });

  it("puts each labelled cause in one cluster, and no two causes in one", () => {
    const digest = digestCauses(failingHosts(job()));
    const perCause = labelsPerCause(digest, labels());
    // No merge: each cluster holds one label.
    expect(perCause.map((counts) => [...counts.keys()]).filter((keys) => keys.length !== 1)).toEqual([]);
    // No split: each label is in one cluster.
    const clustersPerLabel = new Map<string, number>();
    for (const counts of perCause) for (const label of counts.keys()) clustersPerLabel.set(label, (clustersPerLabel.get(label) ?? 0) + 1);
    expect([...clustersPerLabel].filter(([, clusters]) => clusters !== 1)).toEqual([]);
    expect(digest.causes).toHaveLength(new Set(labels().values()).size);
    expect(digest.hostCount).toBe(labels().size);
  });

  it("ranks causes by host count", () => {
    const counts = digestCauses(failingHosts(job())).causes.map((cause) => cause.hostCount);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
  });
});

describe("a cause's cluster", () => {
  const hosts = failingHosts(causeCorpusJob(SCENARIOS.causeCorpus));
  const digest = digestCauses(hosts, { sampleHosts: 3 });
  const labels = causeCorpusLabels();
  const causeOf = (label: string) => digest.causes.find((cause) => labels.get(cause.representative) === label)!;

  it("shows the representative host's line as that host printed it, not normalised", () => {
    const disk = causeOf("disk-full");
    const first = hosts.find((host) => labels.get(host.host) === "disk-full")!;
    expect(disk.representative).toBe(first.host);
    expect(disk.line).toBe("disk full");
    expect(disk.context).toMatch(/^cp: error writing '\/data\/app\/releases\/\d{14}\/static\/media\/hero\.webm': No space left on device$/);
    expect(first.log).toContain(disk.context);
    expect(causeOf("health-check-503").line).toMatch(/^ERROR health check failed: GET http:\/\/127\.0\.0\.1:\d+\/healthz returned 503 after [\d.]+s$/);
  });

  it("tells causes that share their last line apart, and says which line above differs", () => {
    const refused = causeOf("migrate-db-refused");
    const denied = causeOf("migrate-pid-permission");
    expect(refused.line).toBe("RuntimeError: step 'migrate' failed");
    expect(denied.line).toBe(refused.line);
    expect(refused.context).toBe("ConnectionRefusedError: [Errno 111] Connection refused");
    expect(denied.context).toMatch(/^PermissionError: \[Errno 13\] Permission denied: /);
    expect(causeOf("tar-not-gzip").context).toBe("gzip: stdin: not in gzip format");
    expect(causeOf("tar-missing").line).toBe(causeOf("tar-not-gzip").line);
  });

  it("carries the tags, exit codes and statuses seen, a few hosts and all of them in order", () => {
    const disk = causeOf("disk-full");
    const diskHosts = hosts.filter((host) => labels.get(host.host) === "disk-full");
    expect(disk).toMatchObject({ hostCount: 24, tags: ["disk_full"], exitCodes: [1], statuses: [HOST_STATUS.nonZeroExitCode], noOutput: false });
    expect(disk.hosts).toEqual(diskHosts.map((host) => host.host));
    expect(disk.sampleHosts).toEqual(disk.hosts.slice(0, 3));
    expect(causeOf("dpkg-lock-timeout")).toMatchObject({ tags: [], exitCodes: [0], statuses: [HOST_STATUS.taskTimeout] });
  });

  it("groups hosts that printed nothing by their status, and says they printed nothing", () => {
    const silent = digestCauses([
      { host: "a", log: "", tag: "", exitCode: 0, status: HOST_STATUS.agentError },
      { host: "b", log: "\n\n", tag: "", exitCode: 0, status: HOST_STATUS.taskTimeout },
      { host: "c", log: "[2024-05-20 10:15:00][PID:1] job_start\n", tag: "", exitCode: 0, status: HOST_STATUS.agentError },
    ]);
    expect(silent.causes.map((cause) => [cause.hosts, cause.noOutput, cause.line])).toEqual([
      [["a", "c"], true, ""],
      [["b"], true, ""],
    ]);
  });
});

describe("the digest is deterministic", () => {
  const hosts = failingHosts(causeCorpusJob(SCENARIOS.causeCorpus));

  it("gives the same digest for the same hosts, one call or one host at a time", () => {
    const builder = new CauseDigestBuilder<string>();
    for (const host of hosts) builder.add(host);
    expect(builder.result()).toEqual(digestCauses(hosts));
    expect(digestCauses(hosts)).toEqual(digestCauses(hosts));
  });

  it("finds the same causes whatever order the hosts come in", () => {
    const summary = (digest: CauseDigest<string>) =>
      digest.causes.map((cause) => [cause.signature, [...cause.hosts].sort()] as const).sort(([a], [b]) => a.localeCompare(b));
    expect(summary(digestCauses([...hosts].reverse()))).toEqual(summary(digestCauses(hosts)));
  });

  it("breaks ties in host count by which cause came first", () => {
    const line = (text: string, host: string) => ({ host, log: `${text}\n`, tag: "", exitCode: 1, status: HOST_STATUS.nonZeroExitCode });
    const digest = digestCauses([line("E: b failed", "1"), line("E: a failed", "2"), line("E: a failed", "3"), line("E: b failed", "4"), line("E: c failed", "5")]);
    expect(digest.causes.map((cause) => cause.line)).toEqual(["E: b failed", "E: a failed", "E: c failed"]);
  });
});
