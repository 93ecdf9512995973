// "Show log" on a report: open a loading modal at once (the trigger_id dies after 3 s), then
// replace it with the log's first page (use-cases/log-modal.ts).
import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import { decodeHostRef } from "../../../core/host-ref.js";
import { renderLogLoading } from "../../../render/log-modal.js";
import { encodeLogModalState, type LogModalState } from "../../../use-cases/log-modal-state.js";
import { logPageView, modalHost } from "../../../use-cases/log-modal.js";
import type { ListenerDeps } from "../../listener-deps.js";

export function showLog(deps: ListenerDeps) {
  return async ({ ack, body, action, client }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const host = decodeHostRef(action.value);
    if (!host) {
      deps.logger.warn({ user: body.user.id }, "Show log pressed with an unreadable button value");
      // Still one audit line for the request: it was refused before BK-JOB was asked anything.
      const channelId = body.channel?.id ?? body.container?.channel_id;
      deps.gate.recordInvalid({ team: body.team?.id ?? null, user: body.user.id, channel: channelId ? { id: channelId } : null, action: "show_log" });
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
      const opened = await deps.modals.open(body.trigger_id, renderLogLoading(modalHost(state, "", deps.messages), deps.messages, encodeLogModalState(state)));
      if (!opened.ok) {
        deps.logger.warn({ user: body.user.id, error: opened.error }, "could not open the log modal");
        return;
      }
      // The modal is open; the log can wait until a burst of presses has had its modals too.
      await deps.acknowledgements.settled();
      const request = { action: "show_log", team: body.team?.id ?? null, user: body.user.id, state, channelName: body.channel?.name ?? null } as const;
      await client.views.update({ view_id: opened.viewId, view: await logPageView(deps, request) });
    } catch (error) {
      deps.logger.error({ err: error, user: body.user.id }, "could not show a host log");
    }
  };
}
