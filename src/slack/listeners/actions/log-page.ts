// Paging inside the log modal: the pressed button's value is the page to show.
import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import { decodeLogModalState } from "../../log-modal-state.js";
import { admitModalRequest, loadPageView, pageOutcome } from "../../log-modal-views.js";
import type { Services } from "../../services.js";

export function logPage(services: Services) {
  return async ({ ack, body, action, client }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const state = decodeLogModalState(body.view?.private_metadata);
    const page = Number(action.value);
    if (!state || !body.view || !Number.isSafeInteger(page) || page < 0) {
      services.logger.warn({ user: body.user.id }, "log page pressed with unreadable state");
      services.gate.recordInvalid({ team: body.team?.id ?? null, user: body.user.id, channel: null, action: "log_page" });
      return;
    }
    try {
      const gate = await admitModalRequest(services, { action: "log_page", team: body.team?.id ?? null, user: body.user.id, state });
      if (!gate.ok) {
        await client.views.update({ view_id: body.view.id, view: gate.view });
        return;
      }
      const loaded = await loadPageView(gate.services, { ...state, page });
      gate.admitted.finish(pageOutcome(loaded), loaded.error);
      await client.views.update({ view_id: body.view.id, view: loaded.view });
    } catch (error) {
      services.logger.error({ err: error, user: body.user.id }, "could not page a host log");
    }
  };
}
