// "Post full log to thread": the whole log as a file in the report's thread (files.uploadV2),
// for logs longer than any modal. The modal says how it went.
import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import { escapeMrkdwn } from "../../../render/mrkdwn.js";
import { hostLabel } from "../../../render/report-message.js";
import { decodeLogModalState } from "../../log-modal-state.js";
import { admitModalRequest, loadPageView, pageOutcome, pageView } from "../../log-modal-views.js";
import type { Services } from "../../services.js";

/** Slack error codes that mean "invite me first". */
const NOT_A_MEMBER = new Set(["not_in_channel", "channel_not_found"]);

function slackErrorCode(error: unknown): string | null {
  const data = (error as { data?: { error?: unknown } } | null)?.data;
  return typeof data?.error === "string" ? data.error : null;
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
      await client.views.update({ view_id: viewId, view: pageView(log, state, messages, messages.logModal.uploading) });
      let notice: string = messages.logModal.posted;
      if (!state.channelId) {
        notice = messages.logModal.postFailed(messages.logModal.notInChannel);
      } else {
        const label = hostLabel(state.host);
        const safeName = label.replace(/[^0-9A-Za-z.:_-]/g, "_").replace(/:/g, "_");
        try {
          const file = {
            file: Buffer.from(log.text, "utf8"),
            filename: `job-${state.host.jobInstanceId}-step-${state.host.stepInstanceId}-${safeName}.log`,
            // File titles are shown as typed: no mrkdwn, but keep < > out all the same.
            title: `${label} · ${log.stepName}`.replace(/[<>]/g, ""),
            initial_comment: escapeMrkdwn(messages.logModal.fileComment(label, log.stepName, String(state.host.jobInstanceId))),
          };
          await (state.threadTs
            ? client.filesUploadV2({ ...file, channel_id: state.channelId, thread_ts: state.threadTs })
            : client.filesUploadV2({ ...file, channel_id: state.channelId }));
        } catch (error) {
          const code = slackErrorCode(error);
          services.logger.warn({ err: error, code, channel: state.channelId }, "could not upload a host log");
          notice = messages.logModal.postFailed(
            code !== null && NOT_A_MEMBER.has(code) ? messages.logModal.notInChannel : escapeMrkdwn(code ?? "unknown error"),
          );
        }
      }
      // The audit line is about BK-JOB; a refused upload is logged above as a warning.
      gate.admitted.finish("ok");
      await client.views.update({ view_id: viewId, view: pageView(log, state, messages, notice) });
    } catch (error) {
      services.logger.error({ err: error, user: body.user.id }, "could not post a host log");
    }
  };
}
