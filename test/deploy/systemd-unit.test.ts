// deploy/joblog.service read as systemd would: the command it starts is the build's entry point
// with the environment file, it stops joblog with SIGTERM and restarts it on failure, and the
// hardening options leave Node room to run (V8 needs writable executable memory).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const unitText = readFileSync(new URL("../../deploy/joblog.service", import.meta.url), "utf8");
const systemdAnalyze = spawnSync("systemd-analyze", ["--version"]).status === 0;

/** `Key=value` lines by section; a key given twice keeps every value. */
function unitFile(): Map<string, Map<string, string[]>> {
  const sections = new Map<string, Map<string, string[]>>();
  let current: Map<string, string[]> | undefined;
  for (const line of unitText.split("\n")) {
    const section = /^\[(\w+)\]$/.exec(line.trim());
    if (section) sections.set(section[1]!, (current = new Map()));
    const setting = /^(\w+)=(.*)$/.exec(line.trim());
    if (setting && current) current.set(setting[1]!, [...(current.get(setting[1]!) ?? []), setting[2]!]);
  }
  return sections;
}

describe("deploy/joblog.service", () => {
  const unit = unitFile();
  const service = unit.get("Service")!;
  const value = (key: string) => service.get(key)?.at(-1);

  it("starts the built app with node --env-file from its working directory", () => {
    const command = value("ExecStart")!.split(" ");
    expect(command[0]).toMatch(/\/node$/);
    expect(command).toContain("--env-file=/etc/joblog/joblog.env");
    expect(command.at(-1)).toBe("dist/main.js");
    expect(value("WorkingDirectory")).toMatch(/^\//);
  });

  it("stops with SIGTERM, restarts on failure but not forever, writes only its state directory", () => {
    expect(value("KillSignal")).toBe("SIGTERM");
    expect(value("Restart")).toBe("on-failure");
    expect(unit.get("Unit")?.get("StartLimitBurst")).toBeDefined();
    expect(value("User")).not.toMatch(/^(root|0)?$/);
    expect(value("StateDirectory")).toBe("joblog");
    expect(value("ProtectSystem")).toBe("strict");
    expect(value("NoNewPrivileges")).toBe("yes");
    expect(value("MemoryDenyWriteExecute")).not.toBe("yes");
    expect(unit.get("Install")?.get("WantedBy")).toEqual(["multi-user.target"]);
  });

  it.skipIf(!systemdAnalyze)("passes systemd-analyze verify (with this machine's node in ExecStart)", () => {
    const folder = mkdtempSync(join(tmpdir(), "joblog-unit-"));
    try {
      const file = join(folder, "joblog.service");
      writeFileSync(file, unitText.replace(/^ExecStart=\S+/m, `ExecStart=${process.execPath}`));
      const result = spawnSync("systemd-analyze", ["verify", file], { encoding: "utf8" });
      expect(result.stderr + result.stdout).toBe("");
      expect(result.status).toBe(0);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
