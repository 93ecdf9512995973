// The Dockerfile, read step by step: images cannot be pulled on this machine, so instead of
// building it, each step is checked against the repository: the npm scripts it runs exist, the
// files it copies exist and are in the build context (.dockerignore), the stages it copies from
// are defined, the build produces the dist/main.js it runs, and the runtime is what the README
// promises (slim Node 20, production dependencies only, non-root, /data, a health check).
import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { configVariables } from "../support/config-variables.js";

const root = new URL("../../", import.meta.url);
const read = (file: string) => readFileSync(new URL(file, root), "utf8");
const packageJson = JSON.parse(read("package.json")) as { scripts: Record<string, string>; engines: { node: string } };

interface Step {
  keyword: string;
  args: string;
  stage: number;
}

/** Instructions with continuation lines joined and comments dropped, each tagged with its stage (0-based). */
function dockerfileSteps(): Step[] {
  const steps: Step[] = [];
  let stage = -1;
  for (const line of read("Dockerfile").replace(/\\\n/g, " ").split("\n")) {
    const match = /^\s*([A-Z]+)\s+(.*)$/.exec(line);
    if (!match || line.trimStart().startsWith("#")) continue;
    if (match[1] === "FROM") stage += 1;
    steps.push({ keyword: match[1]!, args: match[2]!.trim().replace(/\s+/g, " "), stage });
  }
  return steps;
}

/** .dockerignore as an allow-list: "*" first, then "!path" lines that are let back in. */
function inBuildContext(path: string): boolean {
  const lines = read(".dockerignore").split("\n").map((line) => line.trim()).filter((line) => line !== "" && !line.startsWith("#"));
  expect(lines[0]).toBe("*");
  const allowed = lines.slice(1).map((line) => {
    expect(line.startsWith("!"), line).toBe(true);
    return line.slice(1).replace(/\/$/, "");
  });
  const clean = path.replace(/^\.\//, "").replace(/\/$/, "");
  return allowed.some((entry) => clean === entry || clean.startsWith(`${entry}/`));
}

const steps = dockerfileSteps();
const stages = steps.filter((step) => step.keyword === "FROM").map((step) => {
  const [image, as, name] = step.args.split(" ");
  return { image: image!, name: as?.toUpperCase() === "AS" ? name : undefined };
});
const runtime = stages.length - 1;
/** A stage and the stages it is built FROM, nearest first. */
const lineage = (index: number): number[] => {
  const parent = stages.findIndex((stage) => stage.name === stages[index]?.image);
  return parent >= 0 ? [index, ...lineage(parent)] : [index];
};
const inStage = (stage: number, keyword: string) => steps.filter((step) => step.stage === stage && step.keyword === keyword);
const copies = steps
  .filter((step) => step.keyword === "COPY")
  .map((step) => {
    const words = step.args.split(" ");
    const from = words.find((word) => word.startsWith("--from="))?.slice("--from=".length);
    const paths = words.filter((word) => !word.startsWith("--"));
    return { stage: step.stage, from, sources: paths.slice(0, -1), target: paths.at(-1)! };
  });

describe("Dockerfile", () => {
  it("builds on the slim Node 20 image the engines field allows, stage on stage", () => {
    expect(packageJson.engines.node).toMatch(/^>=20\./);
    expect(stages[0]?.image).toBe("node:20-bookworm-slim");
    expect(stages[runtime]?.image).toBe("node:20-bookworm-slim");
    stages.forEach((stage, index) => {
      const earlier = stages.slice(0, index).map((before) => before.name);
      expect(stage.image === "node:20-bookworm-slim" || earlier.includes(stage.image), stage.image).toBe(true);
    });
  });

  it("runs only npm scripts that package.json has, and the build script compiles src/main.ts to dist/main.js", () => {
    const runs = steps.filter((step) => step.keyword === "RUN").map((step) => step.args);
    const scripts = runs.flatMap((run) => [...run.matchAll(/npm run ([\w:-]+)/g)].map((match) => match[1]!));
    expect(scripts).toContain("build");
    for (const script of scripts) expect(packageJson.scripts, script).toHaveProperty(script);
    const buildConfig = JSON.parse(read("tsconfig.build.json").replace(/^\s*\/\/.*$/gm, "")) as { extends: string; compilerOptions: Record<string, unknown> };
    expect(buildConfig.compilerOptions).toMatchObject({ rootDir: "src", outDir: "dist" });
    expect(existsSync(new URL("src/main.ts", root))).toBe(true);
    expect(packageJson.scripts["build"]).toBe("node scripts/build.mjs");
    expect(read("scripts/build.mjs")).toContain('process.argv[2] ?? "dist"');
    // The build stage has what the build reads: the configs (and the one extended), the script, the sources.
    const buildStage = steps.find((step) => step.keyword === "RUN" && step.args === "npm run build")!.stage;
    const copiedToBuild = copies.filter((copy) => copy.from === undefined && lineage(buildStage).includes(copy.stage)).flatMap((copy) => copy.sources);
    for (const needed of ["package.json", "package-lock.json", "tsconfig.build.json", buildConfig.extends.replace(/^\.\//, ""), "scripts/build.mjs", "src"]) {
      expect(copiedToBuild, needed).toContain(needed);
    }
  });

  it("copies only files that exist and that .dockerignore lets into the build context, and only from defined stages", () => {
    for (const copy of copies) {
      if (copy.from !== undefined) {
        expect(stages.slice(0, copy.stage).map((stage) => stage.name), copy.from).toContain(copy.from);
        continue;
      }
      for (const source of copy.sources) {
        expect(existsSync(new URL(source, root)), source).toBe(true);
        expect(inBuildContext(source), source).toBe(true);
      }
    }
    expect(inBuildContext(".env")).toBe(false);
    expect(inBuildContext("node_modules")).toBe(false);
    expect(inBuildContext("data/joblog.db")).toBe(false);
  });

  it("gives the runtime production dependencies only (npm ci --omit=dev), the build's dist/ and package.json", () => {
    const runtimeCopies = copies.filter((copy) => copy.stage === runtime);
    const modules = runtimeCopies.find((copy) => copy.sources.includes("/app/node_modules"));
    const dependencyStage = stages.findIndex((stage) => stage.name === modules?.from);
    expect(inStage(dependencyStage, "RUN").map((step) => step.args)).toContainEqual(expect.stringMatching(/^npm ci --omit=dev\b/));
    const dist = runtimeCopies.find((copy) => copy.sources.includes("/app/dist"));
    const distStage = stages.findIndex((stage) => stage.name === dist?.from);
    expect(inStage(distStage, "RUN").map((step) => step.args)).toContain("npm run build");
    // package.json says "type": "module": without it node reads dist/*.js as CommonJS.
    expect(runtimeCopies.some((copy) => copy.from === undefined && copy.sources.includes("package.json"))).toBe(true);
    expect(inStage(runtime, "RUN").map((step) => step.args).join(" ")).not.toMatch(/npm (ci|install)(?! .*--omit=dev)/);
  });

  it("runs node dist/main.js as a non-root user, with /data as a volume holding the SQLite file", () => {
    expect(inStage(runtime, "CMD").map((step) => JSON.parse(step.args))).toEqual([["node", "dist/main.js"]]);
    expect(inStage(runtime, "WORKDIR").map((step) => step.args)).toEqual(["/app"]);
    const user = inStage(runtime, "USER").map((step) => step.args);
    expect(user).toHaveLength(1);
    expect(user[0]).not.toMatch(/^(root|0)(:|$)/);
    const env = new Map(inStage(runtime, "ENV").flatMap((step) => step.args.split(" ").map((pair) => pair.split("=") as [string, string])));
    expect(env.get("JOBLOG_DB_PATH")).toBe("/data/joblog.db");
    expect(inStage(runtime, "VOLUME").map((step) => step.args)).toEqual(["/data"]);
    expect(inStage(runtime, "EXPOSE").map((step) => step.args)).toEqual([env.get("PORT")]);
    const known = [...configVariables(), "NODE_ENV", "NODE_OPTIONS"];
    expect([...env.keys()].filter((name) => !known.includes(name))).toEqual([]);
    expect(inStage(runtime, "STOPSIGNAL").map((step) => step.args)).toEqual(["SIGTERM"]);
  });

  it("checks health with node's own fetch on /healthz at PORT (the slim image has no curl)", () => {
    const [healthcheck] = inStage(runtime, "HEALTHCHECK");
    expect(healthcheck?.args).toMatch(/CMD \["node", "-e", /);
    const command = JSON.parse(healthcheck!.args.slice(healthcheck!.args.indexOf("CMD ") + 4)) as string[];
    expect(command[2]).toContain("/healthz");
    expect(command[2]).toContain("process.env.PORT");
    expect(healthcheck?.args).not.toMatch(/curl|wget/);
  });
});
