// Short notes about following, for the person who asked: a follow of this job already runs here
// (and, when it hears only about failures, a button to hear everything), or it switched. Pure.
import type { Messages } from "../i18n/index.js";
import { ACTION_IDS } from "./action-ids.js";
import { actions, button, section, type SlackMessage } from "./block-kit.js";

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
