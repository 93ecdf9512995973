// One poll's answer applied to one follow: the thread replies its changes call for (each
// delivered exactly once through the outbox, in order), the end of the follow when the job ended
// or the follow ran out of time, and the live parent message edited when the job moved on.
import { computeChanges } from "../core/follow-changes.js";
import type { FollowPost } from "../core/follow-model.js";
import type { JobProgress } from "../core/follow-progress.js";
import type { JobRef } from "../core/job-ref.js";
import { jobUrl } from "../core/job-url.js";
import type { JobReport } from "../core/report-model.js";
import type { Result } from "../core/upstream-error.js";
import { reportShown } from "../core/withhold-logs.js";
import type { ActiveFollow } from "./active-follow.js";
import { endFollow } from "./follow-ending.js";
import type { FollowInternals } from "./follow-internals.js";

/** The follow service's settings a poll's replies depend on. */
export interface ApplySettings {
  webUrl: string | null;
  maxHours: number;
  /** The access rule keeping log text out of a follow's channel, if any (its replies then show none). */
  logsWithheldIn?: (ref: JobRef, channelId: string) => Promise<string | null>;
}

export async function applyPoll(
  internals: FollowInternals,
  settings: ApplySettings,
  active: ActiveFollow,
  progress: JobProgress,
  getReport: () => Promise<Result<JobReport>>,
): Promise<void> {
  const { record } = active;
  active.lastProgress = progress;
  if (active.needsReconcile && !(await internals.outbox.reconcile(active))) return;
  if (!progress.finished && internals.clock.now() >= record.deadlineAt) {
    const command = `/joblog follow ${record.ref.bizId} ${record.ref.jobInstanceId}`;
    await endFollow(internals, active, "max_duration", { notice: internals.render.maxDuration(settings.maxHours, command), progress });
    return;
  }
  const changes = computeChanges(record.posted, progress, { failuresOnly: record.failuresOnly });
  for (const change of changes) {
    const needsReport = change.kind !== "step_finished" && change.kind !== "waiting";
    const report = needsReport ? await getReport() : null;
    if (report && !report.ok) break; // try again at the next poll, in the same order
    const withheldBy = report?.ok && settings.logsWithheldIn ? await settings.logsWithheldIn(record.ref, record.channelId) : null;
    const shown = report?.ok ? reportShown(report.value, withheldBy) : null;
    const reply = internals.render.reply(change, shown, jobUrl(settings.webUrl, record.ref.jobInstanceId));
    const payload: FollowPost = { ...reply, broadcast: change.kind === "job_ended" };
    if (!(await internals.outbox.deliver(active, change.key, payload, change.stateAfter))) return;
  }
  if (!internals.active.has(record.id)) return;
  if (progress.finished && record.posted.ended) {
    await endFollow(internals, active, "job_ended", { progress });
    return;
  }
  if (progress.fingerprint !== active.parentFingerprint) {
    active.parentFingerprint = progress.fingerprint;
    internals.outbox.updateParent(active, internals.parentPayload(active, progress, null));
  }
}
