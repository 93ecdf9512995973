// Paging inside the log modal: the pressed button's value is the page to show.
import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import { decodeLogModalState } from "../../../use-cases/log-modal-state.js";
import { logPageView } from "../../../use-cases/log-modal.js";
import type { ListenerDeps } from "../../listener-deps.js";

export function logPage(deps: ListenerDeps) {
  return async ({ ack, body, action, client }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const state = decodeLogModalState(body.view?.private_metadata);
    const page = Number(action.value);
    if (!state || !body.view || !Number.isSafeInteger(page) || page < 0) {
      deps.logger.warn({ user: body.user.id }, "log page pressed with unreadable state");
      deps.gate.recordInvalid({ team: body.team?.id ?? null, user: body.user.id, channel: null, action: "log_page" });
      return;
    }
    try {
      // Admitted for the modal's own state; the page shown is the one pressed.
      const view = await logPageView(deps, { action: "log_page", team: body.team?.id ?? null, user: body.user.id, state }, { ...state, page });
      await client.views.update({ view_id: body.view.id, view });
    } catch (error) {
      deps.logger.error({ err: error, user: body.user.id }, "could not page a host log");
    }
  };
}
