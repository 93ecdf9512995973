// The watches' words as messages: a watch started or stopped, this channel's watches with Stop
// buttons, and a watch's post of one run (a compact report under a line naming the watch). Pure.
import type { KnownBlock } from "@slack/types";
import { truncateText } from "../core/log-text.js";
import type { JobReport } from "../core/report-model.js";
import type { RunSummary } from "../core/run-list.js";
import type { SlackMessage } from "../core/slack-message.js";
import type { WatchRecord } from "../core/watch-model.js";
import type { Messages } from "../i18n/index.js";
import { ACTION_IDS } from "./action-ids.js";
import { actions, button, context, section } from "./block-kit.js";
import { slackDate } from "./format.js";
import { bold, escapeMrkdwn } from "./mrkdwn.js";
import { reportButton, runLine } from "./run-list-message.js";
import { renderUnfurl } from "./unfurl.js";

/** " (names containing “deploy”)", or nothing for a watch of every run. */
export function watchWhat(name: string | null, messages: Messages): string {
  return name === null ? "" : escapeMrkdwn(messages.runs.watchWhat(truncateText(name, 100)));
}

export function note(text: string, blockId: string): SlackMessage {
  return { text, blocks: [section(text, blockId)] };
}

export function renderWatchStarted(watch: WatchRecord, already: boolean, messages: Messages): SlackMessage {
  const biz = String(watch.bizId);
  const what = watchWhat(watch.name, messages);
  return note(already ? messages.runs.watchAlready(biz, what) : messages.runs.watchStarted(biz, what, watch.all), "watch-started");
}

/** The Stop button of one watch. */
export const stopWatchButton = (watch: WatchRecord, messages: Messages) =>
  button({ text: messages.runs.stop, actionId: ACTION_IDS.stopWatch, value: watch.id, style: "danger" });

/** This channel's watches, one line each with its Stop button (up to 20: more would not fit). */
export function renderWatchList(watches: readonly WatchRecord[], messages: Messages): SlackMessage {
  const words = messages.runs;
  if (watches.length === 0) return note(words.watchesNone, "watches-none");
  const blocks: KnownBlock[] = [section(bold(words.watchesTitle), "watches-title")];
  for (const [index, watch] of watches.slice(0, 20).entries()) {
    const line = words.watchLine(String(watch.bizId), watchWhat(watch.name, messages), watch.all, `<@${watch.createdBy}>`, slackDate(new Date(watch.createdAt)));
    blocks.push({ ...section(line, `watch-${index}`), accessory: stopWatchButton(watch, messages) } as KnownBlock);
  }
  return { text: words.watchesTitle, blocks };
}

/** A watch's post of one run: which watch, then the compact report (or the list's line when BK-JOB gave no report). */
export function renderWatchPost(watch: WatchRecord, run: RunSummary, report: JobReport | null, messages: Messages, digest: KnownBlock[] = []): SlackMessage {
  const title = messages.runs.watchPostTitle(String(watch.bizId), watchWhat(watch.name, messages), watch.all);
  const body = report ? renderUnfurl(report, messages).blocks : [section(runLine(run, messages), "watch-run"), context([messages.runs.job(String(run.jobInstanceId))], "watch-run-context")];
  return {
    text: `${title}: ${truncateText(run.name, 100)}`,
    // A watched run has finished: Report, not Follow.
    blocks: [context([title], "watch-title"), ...body, ...digest, actions([reportButton(run, messages)], "watch-actions")],
  };
}
