// `recent`'s answer: one line per run (status, name, operator, start time in each reader's time
// zone, duration) with Report and Follow buttons, and a More button for the next page. Pure.
import type { KnownBlock } from "@slack/types";
import type { RunSummary } from "../core/run-list.js";
import { runPhase } from "../core/status.js";
import { truncateText } from "../core/log-text.js";
import type { SlackMessage } from "../core/slack-message.js";
import type { Messages } from "../i18n/index.js";
import { ACTION_IDS } from "./action-ids.js";
import { actions, button, context, section } from "./block-kit.js";
import { formatCount, formatDuration, slackDate } from "./format.js";
import { bold, escapeMrkdwn } from "./mrkdwn.js";
import { PHASE_ICONS, runStatusLabel } from "./status-labels.js";

/** What `recent` asked for, carried by the More button (and read back by recent-runs.ts). */
export interface RecentQuery {
  bizId: number;
  name: string | null;
  failedOnly: boolean;
  /** The asker's BlueKing username when `--mine`. */
  operator: string | null;
  offset: number;
}

/** The words of one run: the line `recent`, the App Home and a watch's post share. */
export function runLine(run: RunSummary, messages: Messages): string {
  const words = messages.runs;
  const parts = [`${PHASE_ICONS[runPhase(run.status)]} ${bold(truncateText(run.name || "—", 120))}`, runStatusLabel(run.status, messages)];
  if (run.operator) parts.push(escapeMrkdwn(truncateText(run.operator, 60)));
  const started = run.startTime ?? run.createTime;
  if (started !== null) parts.push(slackDate(new Date(started)));
  if (run.totalTimeMs !== null) parts.push(formatDuration(run.totalTimeMs, messages));
  if (run.launchMode === 3) parts.push(words.cron);
  parts.push(words.job(String(run.jobInstanceId)));
  return parts.join(" · ");
}

const refValue = (run: RunSummary) => JSON.stringify({ bizId: run.bizId, jobInstanceId: run.jobInstanceId });

export const reportButton = (run: RunSummary, messages: Messages) => button({ text: messages.runs.report, actionId: ACTION_IDS.runReport, value: refValue(run) });

/** Report and Follow, carrying the run's ref as the report's own Follow button does. */
export function runButtons(run: RunSummary, messages: Messages, blockId: string): KnownBlock {
  return actions([reportButton(run, messages), button({ text: messages.runs.follow, actionId: ACTION_IDS.followJob, value: refValue(run) })], blockId);
}

export function renderRunList(query: RecentQuery, page: { total: number; runs: readonly RunSummary[] }, messages: Messages): SlackMessage {
  const words = messages.runs;
  const filters = [
    ...(query.name ? [escapeMrkdwn(words.filterName(truncateText(query.name, 100)))] : []),
    ...(query.failedOnly ? [words.filterFailed] : []),
    ...(query.operator ? [escapeMrkdwn(words.filterMine(query.operator))] : []),
  ];
  const title = words.recentTitle(String(query.bizId));
  const blocks: KnownBlock[] = [section(bold(title) + (filters.length > 0 ? ` · ${filters.join(" · ")}` : ""), "recent-title")];
  if (page.runs.length === 0) {
    blocks.push(context([words.none], "recent-none"));
    return { text: `${title}: ${words.none}`, blocks };
  }
  page.runs.forEach((run, index) => {
    blocks.push(section(runLine(run, messages), `run-${index}`), runButtons(run, messages, `run-actions-${index}`));
  });
  const shownTo = query.offset + page.runs.length;
  blocks.push(context([words.range(formatCount(query.offset + 1, messages), formatCount(shownTo, messages), formatCount(page.total, messages))], "recent-range"));
  if (shownTo < page.total) {
    blocks.push(actions([button({ text: words.more, actionId: ACTION_IDS.recentMore, value: JSON.stringify({ ...query, offset: shownTo }) })], "recent-more"));
  }
  return { text: title, blocks };
}
