// "Show log" on a report: open a loading modal at once (the trigger_id dies after 3 s), then
// fetch the log and replace the modal with its first page.
import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import { decodeHostRef } from "../../../core/host-ref.js";
import { renderLogLoading } from "../../../render/log-modal.js";
import { encodeLogModalState, type LogModalState } from "../../log-modal-state.js";
import { admitModalRequest, loadPageView, modalHost, pageOutcome } from "../../log-modal-views.js";
import { acknowledgements } from "../../acknowledge.js";
import type { Services } from "../../services.js";

export function showLog(services: Services) {
  return async ({ ack, body, action, client }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const host = decodeHostRef(action.value);
    if (!host) {
      services.logger.warn({ user: body.user.id }, "Show log pressed with an unreadable button value");
      // Still one audit line for the request: it was refused before BK-JOB was asked anything.
      const channelId = body.channel?.id ?? body.container?.channel_id;
      services.gate.recordInvalid({ team: body.team?.id ?? null, user: body.user.id, channel: channelId ? { id: channelId } : null, action: "show_log" });
      return;
    }
    const message = body.message as { ts?: string; thread_ts?: string } | undefined;
    const state: LogModalState = {
      host,
      page: 0,
      channelId: body.channel?.id ?? body.container?.channel_id ?? null,
      // A reply in a thread posts into that thread; a top-level message starts one.
      threadTs: message?.thread_ts ?? message?.ts ?? body.container?.message_ts ?? null,
    };
    try {
      const opened = await services.modals.open(body.trigger_id, renderLogLoading(modalHost(state, "", services.messages), services.messages, encodeLogModalState(state)));
      if (!opened.ok) {
        services.logger.warn({ user: body.user.id, error: opened.error }, "could not open the log modal");
        return;
      }
      const viewId = opened.viewId;
      // The modal is open; the log can wait until a burst of presses has had its modals too.
      await acknowledgements.settled();
      const gate = await admitModalRequest(services, {
        action: "show_log",
        team: body.team?.id ?? null,
        user: body.user.id,
        state,
        channelName: body.channel?.name ?? null,
      });
      if (!gate.ok) {
        await client.views.update({ view_id: viewId, view: gate.view });
        return;
      }
      const loaded = await loadPageView(gate.services, state);
      gate.admitted.finish(pageOutcome(loaded), loaded.error);
      await client.views.update({ view_id: viewId, view: loaded.view });
    } catch (error) {
      services.logger.error({ err: error, user: body.user.id }, "could not show a host log");
    }
  };
}
