// The thread replies of a followed job: one per change a person cares about. Pure.
import type { KnownBlock } from "@slack/types";
import { truncateText } from "../core/log-text.js";
import { onlyFailedHosts } from "../core/report-filter.js";
import type { JobReport } from "../core/report-model.js";
import { runStatusLabel } from "./status-labels.js";
import type { FollowChange } from "../core/follow-changes.js";
import type { StepProgress } from "../core/follow-progress.js";
import type { Messages } from "../i18n/index.js";
import { ACTION_IDS } from "./action-ids.js";
import { MAX_FOLLOW_STEP_NAME } from "./display-caps.js";
import type { SlackMessage } from "../core/slack-message.js";
import { actions, button, section } from "./block-kit.js";
import { formatCount, formatDuration } from "./format.js";
import { escapeMrkdwn, inlineCode } from "./mrkdwn.js";
import { renderFailureDetail, renderReportMessage } from "./report-message.js";

const stepName = (step: StepProgress) => escapeMrkdwn(`${step.index}. ${truncateText(step.name, MAX_FOLLOW_STEP_NAME)}`);

function counts(step: StepProgress, messages: Messages): string {
  const parts: string[] = [];
  if (step.hosts.success > 0) parts.push(`✓ ${formatCount(step.hosts.success, messages)}`);
  if (step.hosts.failed > 0) parts.push(`✗ ${formatCount(step.hosts.failed, messages)}`);
  return parts.join(" ");
}

const plain = (text: string): SlackMessage => ({ text, blocks: [section(text, "reply")] });

/**
 * The reply for one change. `report` (the job's full report) is needed for failures (groups,
 * exit codes, log tails) and for the end; null when it could not be fetched.
 */
export function renderFollowReply(change: FollowChange, report: JobReport | null, messages: Messages, webUrl: string | null): SlackMessage {
  const words = messages.follow;
  switch (change.kind) {
    case "step_finished": {
      const { step } = change;
      const duration = step.durationMs === null ? "" : formatDuration(step.durationMs, messages);
      return plain(words.stepFinished(`*${stepName(step)}*`, escapeMrkdwn(runStatusLabel(step.status, messages)), duration, counts(step, messages)));
    }
    case "step_failed":
    case "hosts_failed": {
      const { step } = change;
      const duration = step.durationMs === null ? "" : formatDuration(step.durationMs, messages);
      const lead =
        change.kind === "step_failed"
          ? words.stepFailed(`*${stepName(step)}*`, escapeMrkdwn(runStatusLabel(step.status, messages)), duration, counts(step, messages))
          : words.hostsFailed(formatCount(change.newFailedHosts.length, messages), `*${stepName(step)}*`);
      const detail = report ? onlyFailedHosts(report, step.stepInstanceId, change.newFailedHosts) : null;
      // A failed step says why even when its hosts were already listed by an earlier reply.
      const why = change.kind === "step_failed" && (report?.causes?.steps.some((known) => known.stepInstanceId === step.stepInstanceId && known.causes.length > 0) ?? false);
      if (detail && (detail.failureGroups.length > 0 || why)) return renderFailureDetail(detail, lead, lead.replace(/\*/g, ""), messages, [step.stepInstanceId]);
      if (change.newFailedHosts.length === 0) return plain(lead);
      const hosts = change.newFailedHosts.slice(0, 20).map((key) => inlineCode(key)).join(", ");
      return { text: lead, blocks: [section(lead, "reply"), section(words.failedHostsNotInLog(hosts), "hosts")] };
    }
    case "waiting": {
      const text = words.waiting(`*${stepName(change.step)}*`);
      const blocks: KnownBlock[] = [section(text, "reply")];
      if (webUrl) blocks.push(actions([button({ text: messages.report.openInJob, actionId: ACTION_IDS.openInJob, url: webUrl })], "reply-actions"));
      return { text, blocks };
    }
    case "job_ended":
      if (report) return renderReportMessage(report, messages);
      return plain(messages.follow.ended.job_ended);
  }
}
