// "📄 Show log" on a followed job's live message: the log modal of the failing host, or of the
// host that printed last, with a picker when several hosts are candidates. The modal opens at
// once (the trigger_id dies after 3 s) saying it is looking; the log replaces that.
import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import type { ModalView } from "@slack/types";
import { hostStatusLabel } from "../../../render/status-labels.js";
import { describeDenial } from "../../../render/access-denial.js";
import { describeUpstreamError } from "../../../render/error-message.js";
import { renderJobLogNotice } from "../../../render/log-modal.js";
import { hostLabel } from "../../../render/report-message.js";
import type { Messages } from "../../../i18n/index.js";
import { findLogHosts, type LogHost } from "../../../use-cases/log-hosts.js";
import { acknowledgements } from "../../acknowledge.js";
import type { HostChoice, LogModalState } from "../../log-modal-state.js";
import { loadPageView, pageOutcome } from "../../log-modal-views.js";
import { servicesFor, type Services } from "../../services.js";
import { presser, readJobRef } from "./button-values.js";

function choiceOf(host: LogHost, messages: Messages): HostChoice {
  return {
    host: host.ref,
    label: messages.logHosts.choice(hostLabel(host.ref), `${host.stepIndex}. ${host.stepName}`, hostStatusLabel(host.status, messages)),
  };
}

export function followShowLog(services: Services) {
  return async ({ ack, body, action, client }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const ref = readJobRef(action.value);
    if (!ref) {
      services.logger.warn({ user: body.user.id }, "Show log pressed on a follow with an unreadable button value");
      return;
    }
    const { messages } = services;
    const message = body.message as { ts?: string; thread_ts?: string } | undefined;
    const who = presser(body);
    try {
      const opened = await services.modals.open(body.trigger_id, renderJobLogNotice(messages.logHosts.finding(String(ref.jobInstanceId)), messages));
      if (!opened.ok) {
        services.logger.warn({ user: body.user.id, error: opened.error }, "could not open the log modal");
        return;
      }
      const show = (view: ModalView) => client.views.update({ view_id: opened.viewId, view });
      await acknowledgements.settled();
      const admission = await services.gate.admit({ ...who, action: "show_log", ref });
      if (!admission.ok) {
        await show(renderJobLogNotice(describeDenial(admission.denial, messages), messages));
        return;
      }
      const asker = servicesFor(services, admission);
      const found = await findLogHosts(asker, ref);
      if (!found.ok) {
        admission.finish("upstream_error", found.error.code);
        const explanation = describeUpstreamError(found.error, { ref, actingUser: asker.actingUser, timeoutMs: services.timeoutMs }, messages);
        await show(renderJobLogNotice(`${messages.errors.heading}\n${explanation}`, messages));
        return;
      }
      if (found.value.kind === "none") {
        admission.finish("ok");
        await show(renderJobLogNotice(messages.logHosts.none(String(ref.jobInstanceId)), messages));
        return;
      }
      const [first] = found.value.hosts;
      const state: LogModalState = {
        host: first!.ref,
        page: 0,
        channelId: who.channel?.id ?? null,
        // "Post full log to thread" posts in the live message's thread.
        threadTs: message?.thread_ts ?? message?.ts ?? body.container?.message_ts ?? null,
        ...(found.value.hosts.length > 1 ? { choices: { kind: found.value.kind, hosts: found.value.hosts.map((host) => choiceOf(host, messages)) } } : {}),
      };
      const loaded = await loadPageView(asker, state);
      admission.finish(pageOutcome(loaded), loaded.error);
      await show(loaded.view);
    } catch (error) {
      services.logger.error({ err: error, user: body.user.id }, "could not show a followed job's log");
    }
  };
}
