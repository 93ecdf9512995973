// An action pressed on a report or a follow's live message (retry, ignore, skip, confirm, reject,
// terminate), end to end: the gate admits the presser (the access file's `operators:`, then who
// they are in BlueKing), one operation per step at a time, BK-JOB's current state read as them
// (a stale button is refused with that state), the operation sent as them, the audit line, and
// then the job followed in the channel so its outcome arrives without another command.
import type { JobRef } from "../core/job-ref.js";
import type { SlackMessage } from "../core/slack-message.js";
import { actionAllowed, actionKey, OPERATION_CODE, type PressedAction } from "../core/step-actions.js";
import { isManualConfirm } from "../core/step-summary.js";
import type { JobApi } from "../ports/job-api.js";
import { renderDenial } from "../render/access-denial.js";
import { renderUpstreamError } from "../render/error-message.js";
import { stepLabel } from "../render/step-action-blocks.js";
import { actionDoneText, renderActionRefusal, renderBeingSent, renderStale, renderStepGone, renderUnderWay } from "../render/step-action-notes.js";
import { createFollowSource } from "./follow-source.js";
import { buildReportReply } from "./report-reply.js";
import { contextOf, type ActionDeps, type RequestContext, type RequestDeps } from "./request-deps.js";

export type Presser = { team: string | null; user: string; channel: { id: string; name?: string | null } | null };

export type ActionAnswer =
  /** Nothing was done (refused, out of date, under way, BK-JOB said no): for the presser alone. */
  | { kind: "not_done"; message: SlackMessage }
  /** Done: `done` says what and by whom (mrkdwn); `report` is the fresh report for a pressed report. */
  | { kind: "done"; done: string; report: SlackMessage | null; following: boolean };

export async function performStepAction(deps: RequestDeps & { actions: ActionDeps }, presser: Presser, pressed: PressedAction): Promise<ActionAnswer> {
  const { messages } = deps;
  const { ref, action, stepInstanceId } = pressed;
  const code = OPERATION_CODE[action];
  const admission = await deps.gate.admit({ ...presser, action, ref, operation: { code, step: action === "terminate" ? null : stepInstanceId } });
  if (!admission.ok) return { kind: "not_done", message: renderDenial(admission.denial, messages) };
  const context = contextOf(admission);
  const key = actionKey(pressed);
  const errorContext = { ref, actingUser: context.actingUser, timeoutMs: deps.timeoutMs };

  try {
    const earlier = deps.actions.locks.holder(key);
    if (earlier?.state === "sending") {
      admission.finish("under_way");
      return { kind: "not_done", message: renderBeingSent(earlier.user, messages) };
    }

    // BK-JOB's state now, as the presser: the button may be older than the job's last change.
    const status = await context.jobApi.read(ref).getJobStatus();
    if (!status.ok) {
      admission.finish("upstream_error", status.error.code);
      return { kind: "not_done", message: renderUpstreamError(status.error, errorContext, messages) };
    }
    const position = status.value.steps.findIndex((step) => step.stepInstanceId === stepInstanceId);
    const step = status.value.steps[position];
    if (action !== "terminate" && !step) {
      admission.finish("stale");
      return { kind: "not_done", message: renderStepGone(ref.jobInstanceId, messages) };
    }
    const label = step ? stepLabel({ index: position + 1, name: step.name || `#${position + 1}` }) : "";
    const rulesStep = step ? { status: step.status, manualConfirm: isManualConfirm(step, step.hosts.length > 0) } : null;
    if (!actionAllowed(action, status.value.job.status, rulesStep)) {
      if (earlier) {
        // The same step's action was sent lately, and BK-JOB is busy with it: say who did it.
        admission.finish("under_way");
        const done = actionDoneText(earlier.action, label, earlier.user, new Date(earlier.at), messages);
        return { kind: "not_done", message: renderUnderWay(done, messages) };
      }
      admission.finish("stale");
      const target = step && action !== "terminate" ? { step: label, status: step.status } : { job: ref.jobInstanceId, status: status.value.job.status };
      return { kind: "not_done", message: renderStale(target, messages) };
    }

    const racing = deps.actions.locks.begin(key, presser.user, action);
    if (racing) {
      admission.finish("under_way");
      return { kind: "not_done", message: renderBeingSent(racing.user, messages) };
    }
    const operations = deps.actions.operations.forUser(context.actingUser);
    const sent = action === "terminate" ? await operations.operateJob(ref, code) : await operations.operateStep(ref, stepInstanceId, code);
    if (!sent.ok) {
      deps.actions.locks.release(key);
      deps.logger.warn({ ref, action, code, kind: sent.error.kind, bkCode: sent.error.code, requestId: sent.error.requestId }, "BK-JOB refused an action");
      admission.finish("upstream_error", sent.error.code);
      return { kind: "not_done", message: renderActionRefusal(sent.error, errorContext, messages) };
    }
    deps.actions.locks.sent(key);
    admission.finish("ok");

    const done = actionDoneText(action, label, presser.user, new Date(deps.clock.now()), messages);
    const following = presser.channel ? await followAfter(deps, ref, presser.channel.id, presser.user, context.jobApi) : false;
    const report = pressed.on === "report" ? await freshReport(deps, context, ref, done) : null;
    return { kind: "done", done, report, following };
  } catch (error) {
    deps.actions.locks.release(key);
    admission.finish("upstream_error");
    throw error;
  }
}

/** Follows the job in the channel (a follow already running there just goes on): true when one runs. */
async function followAfter(deps: RequestDeps, ref: JobRef, channelId: string, userId: string, jobApi: JobApi): Promise<boolean> {
  try {
    const source = createFollowSource({ ...deps, jobApi });
    const result = await deps.follows.follow({ ref, channelId, userId, failuresOnly: false, source });
    return result.kind === "started" || result.kind === "already";
  } catch (error) {
    deps.logger.error({ err: error, ref }, "could not follow a job after an action");
    return false;
  }
}

/** The pressed report, read again as the presser, with what was done above it; null when BK-JOB fails now. */
async function freshReport(deps: RequestDeps, context: RequestContext, ref: JobRef, done: string): Promise<SlackMessage | null> {
  const answer = await buildReportReply(deps, context, ref, { note: done });
  return answer.kind === "report" ? answer.message : null;
}
