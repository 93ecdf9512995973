// deploy/kubernetes/ read as Kubernetes would: no cluster here, so the manifests are parsed and
// checked against each other (selectors, ports, probes, secret keys, volumes) and against what
// joblog reads (its environment variables) and serves (PORT, /healthz, /readyz, /metrics).
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { PROBE_WAIT_MS } from "../../src/observability/readiness-checks.js";
import { configVariables } from "../support/config-variables.js";

const folder = new URL("../../deploy/kubernetes/", import.meta.url);
type Doc = Record<string, any>; // manifests are free-form YAML

function load(file: string): Doc[] {
  const documents = parseAllDocuments(readFileSync(new URL(file, folder), "utf8"));
  for (const document of documents) expect(document.errors, file).toEqual([]);
  return documents.map((document) => document.toJS() as Doc);
}

const files = readdirSync(folder).filter((file) => file.endsWith(".yaml"));
const resources = files.filter((file) => file !== "kustomization.yaml").flatMap(load);
const only = (kind: string): Doc => {
  const found = resources.filter((resource) => resource["kind"] === kind);
  expect(found, kind).toHaveLength(1);
  return found[0]!;
};

describe("deploy/kubernetes", () => {
  const deployment = only("Deployment");
  const service = only("Service");
  const secret = only("Secret");
  const claim = only("PersistentVolumeClaim");
  const pod = deployment["spec"]["template"];
  const container = pod["spec"]["containers"][0];
  const containerPort = (nameOrNumber: string | number): number | undefined =>
    container["ports"].find((port: Doc) => port["name"] === nameOrNumber || port["containerPort"] === nameOrNumber)?.["containerPort"];
  const env = new Map<string, Doc>(container["env"].map((entry: Doc) => [entry["name"], entry]));

  it("kustomization.yaml lists every manifest in the folder", () => {
    const [kustomization] = load("kustomization.yaml");
    expect([...(kustomization?.["resources"] ?? [])].sort()).toEqual(files.filter((file) => file !== "kustomization.yaml").sort());
  });

  it("the Deployment's selector and the Service's select the pod's labels", () => {
    expect(pod["metadata"]["labels"]).toMatchObject(deployment["spec"]["selector"]["matchLabels"]);
    expect(pod["metadata"]["labels"]).toMatchObject(service["spec"]["selector"]);
  });

  it("PORT, the container port, the Service's target, the probes and the scrape annotation agree", () => {
    const port = Number(env.get("PORT")?.["value"]);
    expect(port).toBeGreaterThan(0);
    expect(containerPort(port)).toBe(port);
    expect(containerPort(service["spec"]["ports"][0]["targetPort"])).toBe(port);
    expect(container["livenessProbe"]["httpGet"]["path"]).toBe("/healthz");
    expect(containerPort(container["livenessProbe"]["httpGet"]["port"])).toBe(port);
    expect(container["readinessProbe"]["httpGet"]["path"]).toBe("/readyz");
    expect(containerPort(container["readinessProbe"]["httpGet"]["port"])).toBe(port);
    // /readyz may wait PROBE_WAIT_MS for Slack or BK-JOB; kubelet's default 1 s would cut it short.
    expect(container["readinessProbe"]["timeoutSeconds"] * 1000).toBeGreaterThan(PROBE_WAIT_MS);
    expect(pod["metadata"]["annotations"]).toEqual({
      "prometheus.io/scrape": "true",
      "prometheus.io/port": String(port),
      "prometheus.io/path": "/metrics",
    });
  });

  it("sets only variables joblog reads, and takes every secret key from the Secret, each one used", () => {
    const known = configVariables();
    expect([...env.keys()].filter((name) => !known.includes(name))).toEqual([]);
    const references = [...env.values()].flatMap((entry) => (entry["valueFrom"]?.["secretKeyRef"] ? [entry["valueFrom"]["secretKeyRef"]] : []));
    expect(references.length).toBeGreaterThan(0);
    for (const reference of references) expect(reference["name"]).toBe(secret["metadata"]["name"]);
    const keys = Object.keys({ ...secret["stringData"], ...secret["data"] });
    expect(references.map((reference: Doc) => reference["key"]).sort()).toEqual(keys.sort());
    // Secrets come from the Secret only, never as plain values.
    for (const name of ["SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET", "BK_APP_SECRET"]) {
      expect(env.get(name)?.["value"], name).toBeUndefined();
    }
  });

  it("keeps the SQLite file on the claimed volume, with one replica replaced by Recreate", () => {
    const databasePath = String(env.get("JOBLOG_DB_PATH")?.["value"]);
    const volumes = new Map<string, Doc>(pod["spec"]["volumes"].map((volume: Doc) => [volume["name"], volume]));
    for (const mount of container["volumeMounts"]) expect(volumes.has(mount["name"]), mount["name"]).toBe(true);
    const dataMount = container["volumeMounts"].find((mount: Doc) => databasePath.startsWith(`${mount["mountPath"]}/`));
    expect(dataMount, databasePath).toBeDefined();
    expect(volumes.get(dataMount["name"])?.["persistentVolumeClaim"]?.["claimName"]).toBe(claim["metadata"]["name"]);
    expect(claim["spec"]["accessModes"]).toEqual(["ReadWriteOnce"]);
    expect(deployment["spec"]["replicas"]).toBe(1);
    expect(deployment["spec"]["strategy"]["type"]).toBe("Recreate");
  });

  it("runs as the image's unprivileged user with a read-only root file system", () => {
    expect(pod["spec"]["securityContext"]).toMatchObject({ runAsNonRoot: true, runAsUser: 1000 });
    expect(container["securityContext"]).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } });
  });
});
