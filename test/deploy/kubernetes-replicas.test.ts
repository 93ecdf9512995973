// deploy/kubernetes/replicas/, the overlay for several replicas on Redis, read as kustomize would
// apply it to ../ (no cluster or kustomize here): what it changes, and that every name it patches
// or deletes exists in the base, so the patch cannot silently miss.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse, parseAllDocuments } from "yaml";
import { configVariables } from "../support/config-variables.js";

type Doc = Record<string, any>; // manifests are free-form YAML
const read = (path: string): string => readFileSync(new URL(`../../deploy/kubernetes/${path}`, import.meta.url), "utf8");
const base = parseAllDocuments(read("deployment.yaml"))[0]!.toJS() as Doc;
const claim = parse(read("persistent-volume-claim.yaml")) as Doc;
const kustomization = parse(read("replicas/kustomization.yaml")) as Doc;
const patch = parse(read("replicas/deployment-patch.yaml")) as Doc;

describe("deploy/kubernetes/replicas", () => {
  const container = patch["spec"]["template"]["spec"]["containers"][0];
  const baseContainer = base["spec"]["template"]["spec"]["containers"][0];

  it("builds on the single-replica manifests and patches their Deployment", () => {
    expect(kustomization["resources"]).toEqual([".."]);
    expect([patch["kind"], patch["metadata"]["name"]]).toEqual([base["kind"], base["metadata"]["name"]]);
    expect(container["name"]).toBe(baseContainer["name"]);
  });

  it("runs two replicas, replaced one at a time", () => {
    expect(patch["spec"]["replicas"]).toBe(2);
    expect(patch["spec"]["strategy"]).toMatchObject({ type: "RollingUpdate", rollingUpdate: { maxUnavailable: 0 } });
  });

  it("keeps follows in Redis, REDIS_URL from the Secret, and sets only variables joblog reads", () => {
    const env = new Map<string, Doc>(container["env"].map((entry: Doc) => [entry["name"], entry]));
    expect(env.get("JOBLOG_STORE")?.["value"]).toBe("redis");
    expect(env.get("REDIS_URL")?.["valueFrom"]?.["secretKeyRef"]).toEqual({ name: baseContainer["env"].find((e: Doc) => e["valueFrom"])["valueFrom"]["secretKeyRef"]["name"], key: "REDIS_URL" });
    for (const name of env.keys()) expect(configVariables()).toContain(name);
  });

  it("drops the SQLite file: its variable, its mount, its volume and its claim, each one present in the base", () => {
    const deleted = (items: Doc[], key: string) => items.filter((item) => item["$patch"] === "delete").map((item) => item[key]);
    const dbPath = deleted(container["env"], "name");
    expect(dbPath).toEqual(["JOBLOG_DB_PATH"]);
    expect(baseContainer["env"].map((e: Doc) => e["name"])).toContain("JOBLOG_DB_PATH");
    const mounts = deleted(container["volumeMounts"], "mountPath");
    const dataMount = baseContainer["volumeMounts"].find((m: Doc) => m["mountPath"] === mounts[0]);
    expect(dataMount?.["name"]).toBe("data");
    const volumes = deleted(patch["spec"]["template"]["spec"]["volumes"], "name");
    const dataVolume = base["spec"]["template"]["spec"]["volumes"].find((v: Doc) => v["name"] === volumes[0]);
    expect(dataVolume?.["persistentVolumeClaim"]?.["claimName"]).toBe(claim["metadata"]["name"]);
    const claimPatch = parse(kustomization["patches"].find((p: Doc) => p["patch"])["patch"]) as Doc;
    expect(claimPatch).toMatchObject({ $patch: "delete", kind: claim["kind"], metadata: { name: claim["metadata"]["name"] } });
  });
});
