// Short notes about following: for the person who asked, a follow of this job already runs here
// (and, when it hears only about failures, a button to hear everything) or BK-JOB is slow; in a
// follow's thread, why it stopped. Pure.
import type { Messages } from "../i18n/index.js";
import { ACTION_IDS } from "./action-ids.js";
import type { SlackMessage } from "../core/slack-message.js";
import { actions, button, section } from "./block-kit.js";
import { formatBkTime } from "./format.js";

/** The follow already running here; `offerAllUpdates` when it is failures-only and all was asked for. */
export function renderAlreadyFollowing(follow: { id: string; failuresOnly: boolean }, offerAllUpdates: boolean, messages: Messages): SlackMessage {
  if (!(offerAllUpdates && follow.failuresOnly)) {
    return { text: messages.follow.already, blocks: [section(messages.follow.already, "already")] };
  }
  const text = messages.followMode.alreadyFailuresOnly;
  return {
    text,
    blocks: [
      section(text, "already"),
      actions([button({ text: messages.followMode.switchToAll, actionId: ACTION_IDS.followMode, value: follow.id, style: "primary" })], "follow-mode"),
    ],
  };
}

/** "⏳ Still asking BK-JOB about job N…": an answer is taking a while. */
export function renderStillAsking(jobInstanceId: number, messages: Messages): SlackMessage {
  const text = messages.slow.stillAsking(String(jobInstanceId));
  return { text, blocks: [section(text, "still-asking")] };
}

/** A follow's notice, in its thread or to the person who started it: the text as one mrkdwn section. */
function followNotice(text: string): SlackMessage {
  return { text, blocks: [{ type: "section", text: { type: "mrkdwn", text } }] };
}

/** BK-JOB has kept failing since `since`: the follow stops. */
export function renderOutageNotice(since: Date, messages: Messages): SlackMessage {
  return followNotice(messages.follow.outage(formatBkTime(since)));
}

/** The follow reached JOBLOG_FOLLOW_MAX_HOURS; `command` starts it again. */
export function renderMaxDurationNotice(maxHours: number, command: string, messages: Messages): SlackMessage {
  return followNotice(messages.follow.maxDuration(String(maxHours), command));
}

/** Slack refused the follow's posts with `error`: told to the person who started it. */
export function renderFollowSlackError(jobInstanceId: number, channelId: string, error: string, messages: Messages): SlackMessage {
  return followNotice(messages.follow.endedSlackError(String(jobInstanceId), `<#${channelId}>`, error));
}
