// "Post full log to thread": the whole log as a file in the report's thread (files.uploadV2),
// for logs longer than any modal. Posted once per log and thread: a second press (or a press
// racing the first) points at the file instead, and the button turns into a link to it.
import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import { hostKey } from "../../../core/host-ref.js";
import { escapeMrkdwn, link } from "../../../render/mrkdwn.js";
import { hostLabel } from "../../../render/report-message.js";
import type { CachedHostLog } from "../../../use-cases/host-log-cache.js";
import { decodeLogModalState, type LogModalState } from "../../log-modal-state.js";
import { admitModalRequest, loadPageView, pageOutcome, pageView } from "../../log-modal-views.js";
import type { PostOutcome } from "../../posted-logs.js";
import type { Services } from "../../services.js";

/** Slack error codes that mean "invite me first". */
const NOT_A_MEMBER = new Set(["not_in_channel", "channel_not_found"]);

function slackErrorCode(error: unknown): string | null {
  const data = (error as { data?: { error?: unknown } } | null)?.data;
  return typeof data?.error === "string" ? data.error : null;
}

/** The same log (same length: a running job's log grows) to the same thread. */
function postKey(state: LogModalState, channelId: string, log: CachedHostLog): string {
  const { host } = state;
  return [channelId, state.threadTs ?? "", host.bizId, host.jobInstanceId, host.stepInstanceId, hostKey(host), log.text.length].join("/");
}

/** One upload; the link is the file's permalink from Slack's answer (its file object), when given. */
async function upload(client: WebClient, services: Services, state: LogModalState, channelId: string, log: CachedHostLog): Promise<PostOutcome> {
  const { messages } = services;
  const label = hostLabel(state.host);
  const safeName = label.replace(/[^0-9A-Za-z.:_-]/g, "_").replace(/:/g, "_");
  const file = {
    file: Buffer.from(log.text, "utf8"),
    filename: `job-${state.host.jobInstanceId}-step-${state.host.stepInstanceId}-${safeName}.log`,
    // File titles are shown as typed: no mrkdwn, but keep < > out all the same.
    title: `${label} · ${log.stepName}`.replace(/[<>]/g, ""),
    initial_comment: escapeMrkdwn(messages.logModal.fileComment(label, log.stepName, String(state.host.jobInstanceId))),
  };
  try {
    const answer = await (state.threadTs
      ? client.filesUploadV2({ ...file, channel_id: channelId, thread_ts: state.threadTs })
      : client.filesUploadV2({ ...file, channel_id: channelId }));
    const permalink = answer.files?.[0]?.files?.[0]?.permalink;
    return { ok: true, link: typeof permalink === "string" && permalink.length > 0 ? permalink : null };
  } catch (error) {
    const code = slackErrorCode(error);
    services.logger.warn({ err: error, code, channel: channelId }, "could not upload a host log");
    return { ok: false, reason: code !== null && NOT_A_MEMBER.has(code) ? messages.logModal.notInChannel : escapeMrkdwn(code ?? "unknown error") };
  }
}

export function postLog(services: Services) {
  return async ({ ack, body, client }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const state = decodeLogModalState(body.view?.private_metadata);
    if (!state || !body.view) {
      services.logger.warn({ user: body.user.id }, "Post full log pressed with unreadable state");
      services.gate.recordInvalid({ team: body.team?.id ?? null, user: body.user.id, channel: null, action: "post_log" });
      return;
    }
    const viewId = body.view.id;
    const { messages } = services;
    try {
      const gate = await admitModalRequest(services, { action: "post_log", team: body.team?.id ?? null, user: body.user.id, state });
      if (!gate.ok) {
        await client.views.update({ view_id: viewId, view: gate.view });
        return;
      }
      const loaded = await loadPageView(gate.services, state);
      const { log, view } = loaded;
      if (!log) {
        gate.admitted.finish(pageOutcome(loaded), loaded.error);
        await client.views.update({ view_id: viewId, view });
        return;
      }
      const channelId = state.channelId;
      if (!channelId) {
        gate.admitted.finish("ok");
        await client.views.update({ view_id: viewId, view: pageView(log, state, messages, messages.logModal.postFailed(messages.logModal.notInChannel)) });
        return;
      }
      await client.views.update({ view_id: viewId, view: pageView(log, state, messages, messages.logModal.uploading) });
      const { fresh, outcome } = await services.postedLogs.once(postKey(state, channelId, log), () => upload(client, services, state, channelId, log));
      // The audit line is about BK-JOB; a refused upload is logged as a warning.
      gate.admitted.finish("ok");
      if (!outcome.ok) {
        await client.views.update({ view_id: viewId, view: pageView(log, state, messages, messages.logModal.postFailed(outcome.reason)) });
        return;
      }
      const notice = fresh
        ? messages.logModal.posted
        : outcome.link
          ? messages.postedLog.already(link(outcome.link, messages.postedLog.open))
          : messages.postedLog.alreadyNoLink;
      await client.views.update({ view_id: viewId, view: pageView(log, { ...state, posted: { link: outcome.link } }, messages, notice) });
    } catch (error) {
      services.logger.error({ err: error, user: body.user.id }, "could not post a host log");
    }
  };
}
