// The log modal's host picker: another host chosen, its log's first page replaces the modal.
// The option's value is the host's place among the choices kept in the modal's metadata.
import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import { decodeLogModalState } from "../../../use-cases/log-modal-state.js";
import { logPageView } from "../../../use-cases/log-modal.js";
import type { ListenerDeps } from "../../listener-deps.js";

export function logHost(deps: ListenerDeps) {
  return async ({ ack, body, action, client }: SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const state = decodeLogModalState(body.view?.private_metadata);
    const picked = Number((action as { selected_option?: { value?: string } }).selected_option?.value);
    const choice = Number.isSafeInteger(picked) ? state?.choices?.hosts[picked] : undefined;
    if (!state || !body.view || !choice) {
      deps.logger.warn({ user: body.user.id }, "log host picked with unreadable state");
      return;
    }
    // A new host: its own page one, and its own "posted" state.
    const next = { host: choice.host, page: 0, channelId: state.channelId, threadTs: state.threadTs, ...(state.choices ? { choices: state.choices } : {}) };
    try {
      const view = await logPageView(deps, { action: "show_log", team: body.team?.id ?? null, user: body.user.id, state: next });
      await client.views.update({ view_id: body.view.id, view });
    } catch (error) {
      deps.logger.error({ err: error, user: body.user.id }, "could not show the picked host's log");
    }
  };
}
