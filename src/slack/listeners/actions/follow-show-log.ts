// "📄 Show log" on a followed job's live message: the modal opens at once (the trigger_id dies
// after 3 s) saying it is looking; the log it finds (use-cases/follow-log.ts) replaces that.
import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import { renderJobLogNotice } from "../../../render/log-modal.js";
import { followLogView } from "../../../use-cases/follow-log.js";
import type { ListenerDeps } from "../../listener-deps.js";
import { presser, readJobRef } from "./button-values.js";

export function followShowLog(deps: ListenerDeps) {
  return async ({ ack, body, action, client }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const ref = readJobRef(action.value);
    if (!ref) {
      deps.logger.warn({ user: body.user.id }, "Show log pressed on a follow with an unreadable button value");
      return;
    }
    const { messages } = deps;
    const message = body.message as { ts?: string; thread_ts?: string } | undefined;
    try {
      const opened = await deps.modals.open(body.trigger_id, renderJobLogNotice(messages.logHosts.finding(String(ref.jobInstanceId)), messages));
      if (!opened.ok) {
        deps.logger.warn({ user: body.user.id, error: opened.error }, "could not open the log modal");
        return;
      }
      await deps.acknowledgements.settled();
      // "Post full log to thread" posts in the live message's thread.
      const threadTs = message?.thread_ts ?? message?.ts ?? body.container?.message_ts ?? null;
      const view = await followLogView(deps, presser(body), ref, threadTs);
      await client.views.update({ view_id: opened.viewId, view });
    } catch (error) {
      deps.logger.error({ err: error, user: body.user.id }, "could not show a followed job's log");
    }
  };
}
