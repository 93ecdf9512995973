// log_content is HTML-escaped exactly as bk-job escapes it (& < > only); names and tags are not.
import { describe, expect, it } from "vitest";
import { SCENARIOS } from "../../src/local/sim/scenarios.js";
import { TRICKY_TEXT } from "../../src/local/sim/scenarios/tricky-logs.js";
import { callJob, LOG_API, STATUS_API, useSimulator } from "./sim-client.js";

const unescape = (text: string): string => text.replaceAll("&lt;", "<").replaceAll("&gt;", ">").replaceAll("&amp;", "&");

describe("trickyLogs", () => {
  const sim = useSimulator();

  async function hostLogs(): Promise<Map<string, { tag: string; log: string }>> {
    const data = (await callJob(sim(), LOG_API, SCENARIOS.trickyLogs)).json().data;
    return new Map(
      data.flatMap((step: any) =>
        step.step_results.flatMap((group: any) =>
          group.ip_logs.map((log: any) => [log.ip, { tag: group.tag, log: log.log_content }]),
        ),
      ),
    );
  }

  it("escapes &, < and > in log_content, and nothing else", async () => {
    const logs = await hostLogs();
    const mentions = logs.get("10.0.3.12")?.log ?? "";
    expect(mentions).toContain("&lt;!channel&gt; &lt;!here&gt; &lt;@U123ABC&gt; see &lt;https://evil.example|click&gt;");
    expect(mentions).not.toMatch(/<|>/);
    const ampersands = logs.get("10.0.3.11")?.log ?? "";
    expect(ampersands).toContain("AT&amp;T said R&amp;D &amp; &amp;amp; are different");
    expect(ampersands).toContain('磁盘空间不足，部署失败');
    expect(ampersands).toContain("🔥 deploy failed 👍🏽 👨‍👩‍👧‍👦");
  });

  it("round-trips every tricky text through the escaping", async () => {
    const logs = [...(await hostLogs()).values()].map((entry) => unescape(entry.log)).join("");
    for (const key of ["chinese", "emoji", "mentions", "ampersands", "fence", "ansi", "tab", "longLine"] as const) {
      expect(logs).toContain(TRICKY_TEXT[key]);
    }
    expect(logs).toContain("windows tool output\r\n");
    expect(logs).toContain("\u001b[31mERROR\u001b[0m");
    expect(logs.split("\n").some((line) => line.length === 5000)).toBe(true);
  });

  it("leaves tags, step names and the job name raw", async () => {
    const logs = await hostLogs();
    expect(logs.get("10.0.3.12")?.tag).toBe("<!channel> deploy failed");
    expect(logs.get("10.0.3.13")?.tag).toHaveLength(300);
    const log = (await callJob(sim(), LOG_API, SCENARIOS.trickyLogs)).json();
    expect(log.data[0].name).toBe("notify <@U123ABC> & `deploy`");
    const status = (await callJob(sim(), STATUS_API, SCENARIOS.trickyLogs)).json();
    expect(status.data.job_instance.name).toBe("<!channel> & *bold* release");
  });
});

describe("manualConfirm and unknownStatus", () => {
  const sim = useSimulator();

  it("shows a manual-confirm step waiting, with no step results", async () => {
    const log = (await callJob(sim(), LOG_API, SCENARIOS.manualConfirm)).json();
    expect(log.data.map((step: any) => [step.status, step.is_finished, step.step_results.length])).toEqual([
      [3, true, 1],
      [7, false, 0],
      [1, false, 0],
    ]);
    const status = (await callJob(sim(), STATUS_API, SCENARIOS.manualConfirm)).json();
    expect(status.data).toMatchObject({ is_finished: false, job_instance: { status: 7, current_step_instance_id: 80002 } });
    expect(status.data.blocks[1].step_instances[0]).toMatchObject({ type: 3, status: 7, step_ip_status: [] });
  });

  it("passes unknown status codes through", async () => {
    const log = (await callJob(sim(), LOG_API, SCENARIOS.unknownStatus)).json();
    expect(log.data[1]).toMatchObject({ status: 42, is_finished: false, step_results: [{ ip_status: 777 }] });
    const status = (await callJob(sim(), STATUS_API, SCENARIOS.unknownStatus)).json();
    expect(status.data.blocks[1].step_instances[0].step_ip_status.map((host: any) => host.status)).toEqual([777, 777]);
  });
});

describe("multiStepFailure", () => {
  const sim = useSimulator();

  it("fails step 2 in several ways and leaves steps 3 and 4 pending", async () => {
    const log = (await callJob(sim(), LOG_API, SCENARIOS.multiStepFailure)).json();
    expect(log.data.map((step: any) => [step.name, step.status, step.is_finished])).toEqual([
      ["fetch-artifacts", 3, true],
      ["deploy-web", 4, true],
      ["restart-nginx", 1, false],
      ["smoke-test", 1, false],
    ]);
    const groups = log.data[1].step_results.map((group: any) => ({
      ip_status: group.ip_status,
      tag: group.tag,
      exit_codes: group.ip_logs.map((entry: any) => entry.exit_code),
    }));
    expect(groups).toEqual([
      { ip_status: 104, tag: "", exit_codes: [1, 2, 127] },
      { ip_status: 104, tag: "disk_full", exit_codes: [1, 1] },
      { ip_status: 1, tag: "", exit_codes: [0] },
      { ip_status: 13, tag: "", exit_codes: [0] },
      { ip_status: 9, tag: "", exit_codes: [0, 0, 0, 0, 0] },
    ]);
    const agent = log.data[1].step_results[2].ip_logs[0];
    expect(agent).toMatchObject({ log_content: "", error_code: 1 });
    expect(log.data[1].step_results[1].ip_logs[0].log_content).toContain("No space left on device");
    expect(log.data[1].step_results[0].ip_logs[0].log_content).toContain("Traceback (most recent call last):");
  });
});
