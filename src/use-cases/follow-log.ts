// "📄 Show log" on a followed job's live message, end to end: the presser is admitted, the hosts
// worth reading are found (the failing ones, else those of the latest step that printed), and
// the first one's log comes back as the modal's view, with a picker when there are several.
import type { ModalView } from "@slack/types";
import type { JobRef } from "../core/job-ref.js";
import type { Messages } from "../i18n/index.js";
import { describeDenial } from "../render/access-denial.js";
import { describeUpstreamError } from "../render/error-message.js";
import { renderJobLogNotice } from "../render/log-modal.js";
import { hostLabel } from "../render/report-message.js";
import { hostStatusLabel } from "../render/status-labels.js";
import type { HostChoice, LogModalState } from "./log-modal-state.js";
import { loadPageView, pageOutcome } from "./log-modal.js";
import { findLogHosts, type LogHost } from "./log-hosts.js";
import { contextOf, type RequestDeps } from "./request-deps.js";

function choiceOf(host: LogHost, messages: Messages): HostChoice {
  return {
    host: host.ref,
    label: messages.logHosts.choice(hostLabel(host.ref), `${host.stepIndex}. ${host.stepName}`, hostStatusLabel(host.status, messages)),
  };
}

/** `threadTs`: the live message's thread, where "Post full log to thread" posts. */
export async function followLogView(
  deps: RequestDeps,
  asker: { team: string | null; user: string; channel: { id: string; name?: string | null } | null },
  ref: JobRef,
  threadTs: string | null,
): Promise<ModalView> {
  const { messages } = deps;
  const admission = await deps.gate.admit({ ...asker, action: "show_log", ref });
  if (!admission.ok) return renderJobLogNotice(describeDenial(admission.denial, messages), messages);
  const context = contextOf(admission);
  const found = await findLogHosts(context, ref);
  if (!found.ok) {
    admission.finish("upstream_error", found.error.code);
    const explanation = describeUpstreamError(found.error, { ref, actingUser: context.actingUser, timeoutMs: deps.timeoutMs }, messages);
    return renderJobLogNotice(`${messages.errors.heading}\n${explanation}`, messages);
  }
  if (found.value.kind === "none") {
    admission.finish("ok");
    return renderJobLogNotice(messages.logHosts.none(String(ref.jobInstanceId)), messages);
  }
  const [first] = found.value.hosts;
  const state: LogModalState = {
    host: first!.ref,
    page: 0,
    channelId: asker.channel?.id ?? null,
    threadTs,
    ...(found.value.hosts.length > 1 ? { choices: { kind: found.value.kind, hosts: found.value.hosts.map((host) => choiceOf(host, messages)) } } : {}),
  };
  const loaded = await loadPageView(deps, context, state);
  admission.finish(pageOutcome(loaded), loaded.error);
  return loaded.view;
}
