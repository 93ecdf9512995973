// How a follow ends: for good (the job ended, a person stopped it, the deadline passed, BK-JOB
// or Slack gave up), written down under its lease, with the live message's last edit; and what
// the person who started it is told when Slack refuses the follow's posts.
import type { EndReason } from "../core/follow-model.js";
import type { JobProgress } from "../core/follow-progress.js";
import type { SlackMessage } from "../core/slack-message.js";
import { LeaseLostError } from "../ports/shared-state.js";
import type { ActiveFollow } from "./active-follow.js";
import type { FollowInternals } from "./follow-internals.js";

export interface EndOptions {
  by?: string;
  notice?: SlackMessage;
  progress?: JobProgress;
}

export async function endFollow(internals: FollowInternals, active: ActiveFollow, reason: EndReason, options: EndOptions = {}): Promise<void> {
  const { clock, source } = internals;
  const { record } = active;
  if (!internals.active.has(record.id)) return;
  internals.active.delete(record.id);
  internals.poller.unwatch(record.ref, record.id);
  if (options.notice && record.parentTs) {
    await internals.outbox.deliver(active, `end:${reason}`, options.notice, record.posted);
  }
  try {
    await (active.held?.store ?? internals.store).end(record.id, reason, clock.now());
  } catch (error) {
    // Another replica took the job over meanwhile: it goes on following; this one says nothing more.
    if (error instanceof LeaseLostError && active.held) return internals.leaseLost(active.held);
    throw error;
  }
  let progress = options.progress;
  if (!progress && reason !== "slack_error") {
    const latest = await internals.call(() => source.progress(record.ref));
    if (latest.ok) progress = latest.value;
  }
  // Ended under the lease: this last edit is sent even once the lease is let go.
  const ended = { reason, ...(options.by ? { by: options.by } : {}) };
  if (progress && reason !== "slack_error") internals.outbox.updateParent(active, internals.parentPayload(active, progress, ended), false);
  internals.logger.info({ followId: record.id, ref: record.ref, reason }, "stopped following");
}

/** Slack will not take this follow's posts any more: end it and tell the person who started it. */
export async function endForSlackError(internals: FollowInternals, active: ActiveFollow, error: string): Promise<void> {
  const { slack, render, logger } = internals;
  const { record } = active;
  if (!internals.active.has(record.id)) return;
  if (record.parentTs) internals.lanes.cancelUpdates(record.channelId, record.parentTs);
  await endFollow(internals, active, "slack_error");
  const payload = render.slackError(record.ref.jobInstanceId, record.channelId, error);
  const ephemeral = await internals.call(() => slack.postEphemeral({ channel: record.channelId, user: record.startedBy, payload }));
  if (!ephemeral.ok) {
    // Not in the channel any more: a direct message reaches them wherever they are.
    const direct = await internals.call(() => slack.postMessage({ channel: record.startedBy, payload }));
    if (!direct.ok) logger.warn({ followId: record.id, error: direct.error }, "could not tell the follower why following stopped");
  }
}
