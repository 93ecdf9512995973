// The controls of a running follow, end to end: Stop following (on the live message) and Switch
// to all updates (on the note that a failures-only follow already runs). Each passes the gate as
// the presser and writes its audit line; the words come back for the caller to deliver.
import type { SlackMessage } from "../core/slack-message.js";
import { renderDenial } from "../render/access-denial.js";
import { section } from "../render/block-kit.js";
import type { RequestDeps } from "./request-deps.js";

type Presser = { team: string | null; user: string; channel: { id: string; name?: string | null } | null };

const note = (text: string): SlackMessage => ({ text, blocks: [section(text)] });

/** Stops the follow; a note when it had already stopped, null when there is nothing to say (or the gate refused). */
export async function stopFollowing(deps: RequestDeps, presser: Presser, followId: string): Promise<SlackMessage | null> {
  const admission = await deps.gate.admit({ ...presser, action: "stop", ref: null });
  if (!admission.ok) return null;
  const stopped = await deps.follows.stop(followId, presser.user);
  admission.finish("ok");
  return stopped ? null : note(deps.messages.follow.stoppedNotice);
}

/** Switches a failures-only follow to all updates: what to tell the presser, or why they may not. */
export async function switchToAllUpdates(
  deps: RequestDeps,
  presser: Presser,
  followId: string,
): Promise<{ kind: "answered"; message: SlackMessage } | { kind: "denied"; message: SlackMessage }> {
  const { messages } = deps;
  const follow = deps.follows.activeFollow(followId);
  if (!follow) return { kind: "answered", message: note(messages.followMode.notFollowing) };
  const admission = await deps.gate.admit({ ...presser, action: "follow_mode", ref: follow.ref });
  if (!admission.ok) return { kind: "denied", message: renderDenial(admission.denial, messages) };
  try {
    const switched = await deps.follows.setFailuresOnly(follow.id, false);
    admission.finish("ok");
    return { kind: "answered", message: note(switched ? messages.followMode.switched(String(follow.ref.jobInstanceId)) : messages.followMode.notFollowing) };
  } catch (error) {
    admission.finish("upstream_error");
    throw error;
  }
}
