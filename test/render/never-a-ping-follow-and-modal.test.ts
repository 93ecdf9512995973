// Never a ping, for the surfaces the end-to-end tricky-job test does not reach: the live follow
// message, its thread replies and the log modal, fed names, tags and logs full of Slack syntax.
import { mrkdwnTexts } from "../support/mrkdwn-texts.js";
import { describe, expect, it } from "vitest";
import { computeChanges } from "../../src/core/follow-changes.js";
import { emptyPostedState } from "../../src/core/follow-model.js";
import type { JobProgress } from "../../src/core/follow-progress.js";
import { buildReport } from "../support/build-report.js";
import { runPhase } from "../../src/core/status.js";
import { messagesFor } from "../../src/i18n/index.js";
import { renderFollowParent } from "../../src/render/follow-parent.js";
import { renderFollowReply } from "../../src/render/follow-replies.js";
import { validateMessage, validateModal } from "../../src/render/limits.js";
import { renderLogLoading, renderLogNotice, renderLogPage } from "../../src/render/log-modal.js";
import { bkTime, host } from "../fixtures/job-models.js";

const en = messagesFor("en");
const HOSTILE = "<!channel> <!here> <@U123ABC> <#C999|general> <https://evil.example|click> & done";

/** `<…` sequences in mrkdwn (and the fallback text) that came from upstream text. */
function upstreamControls(payload: { text?: string } | object): string[] {
  const fallback = (payload as { text?: unknown }).text;
  return [...mrkdwnTexts(payload), ...(typeof fallback === "string" ? [fallback] : [])]
    .flatMap((text) => [...text.matchAll(/<(?:!|@|#|https?:)[^>]*>?/g)].map((match) => match[0]))
    // joblog's own: the follower's mention, BK-JOB web links, localised dates
    .filter((found) => found !== "<@U0FOLLOWER>" && !found.startsWith("<https://job.example.com") && !found.startsWith("<!date^"));
}

const ref = { bizId: 1, jobInstanceId: 300 };
const step = (id: number, status: number, failed: string[]) => ({
  stepInstanceId: id,
  index: id,
  name: `${HOSTILE} step ${id}`,
  status,
  phase: runPhase(status),
  finished: status !== 2 && status !== 7,
  manualConfirm: status === 7,
  durationMs: 1200,
  hosts: { total: 2, success: 2 - failed.length, failed: failed.length, running: 0, waiting: 0 },
  failedHostKeys: failed,
});
const progress: JobProgress = {
  ref,
  name: HOSTILE,
  status: 4,
  phase: "failed",
  finished: true,
  startTime: bkTime("2024-07-07 07:07:07"),
  durationMs: 9000,
  steps: [step(1, 3, []), step(2, 4, ["0:10.0.3.12"]), step(3, 7, [])],
  fingerprint: "x",
};
const follow = { id: "f1", ref, startedBy: "U0FOLLOWER", failuresOnly: false, deadlineAt: 0, createdAt: 0 };

const report = buildReport({
  ref,
  log: {
    requestId: null,
    steps: [
      {
        stepInstanceId: 2,
        name: `${HOSTILE} step 2`,
        status: 4,
        isFinished: true,
        groups: [{ ipStatus: 104, tag: HOSTILE, hosts: [host({ ip: "10.0.3.12", exitCode: 1, logContent: `${HOSTILE}\nERROR <@U123ABC>\n` })] }],
      },
    ],
  },
  status: null,
  webUrl: "https://job.example.com",
  now: bkTime("2024-07-07 08:00:00"),
});

describe("follow messages never ping", () => {
  it("the live message, running and ended", () => {
    for (const ended of [null, { reason: "stopped" as const, by: "U0FOLLOWER" }]) {
      const parent = renderFollowParent({ follow, progress, ended, webUrl: "https://job.example.com/api_execute/300", maxHours: 24 }, en);
      expect(validateMessage(parent)).toEqual([]);
      expect(upstreamControls(parent)).toEqual([]);
      expect(JSON.stringify(parent)).toContain("&lt;!channel&gt;");
    }
  });

  it("every kind of thread reply", () => {
    const changes = computeChanges(emptyPostedState(), progress, { failuresOnly: false });
    expect(changes.map((change) => change.kind)).toEqual(["step_finished", "step_failed", "waiting", "job_ended"]);
    const hostsFailed = computeChanges(emptyPostedState(), { ...progress, finished: false, steps: [step(2, 2, ["0:10.0.3.12"])] }, { failuresOnly: false });
    for (const change of [...changes, ...hostsFailed]) {
      const reply = renderFollowReply(change, report, en, "https://job.example.com/api_execute/300");
      expect(validateMessage(reply)).toEqual([]);
      expect(upstreamControls(reply)).toEqual([]);
    }
  });
});

describe("the log modal never pings", () => {
  const modalHost = { label: "10.0.3.12", bkCloudId: 0, stepName: HOSTILE, jobInstanceId: 300 };
  it.each([
    ["loading", renderLogLoading(modalHost, en, "{}")],
    ["notice", renderLogNotice(modalHost, en.logModal.hostGone, en, "{}")],
    ["page", renderLogPage(modalHost, { page: 0, pageCount: 1, firstLine: 1, lastLine: 2, totalLines: 2, lines: [HOSTILE, "<!here>"] }, en, "{}", null)],
  ])("%s", (_name, view) => {
    expect(validateModal(view)).toEqual([]);
    expect(upstreamControls(view)).toEqual([]);
  });
});
