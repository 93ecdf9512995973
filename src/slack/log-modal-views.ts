// Builds the log modal's views from a host's log and the modal's state: shared by the Show log,
// paging and post-to-thread listeners.
import { pageLines } from "../core/log-pages.js";
import type { Messages } from "../i18n/messages.js";
import { describeUpstreamError } from "../render/error-message.js";
import { renderLogNotice, renderLogPage, type LogModalHost } from "../render/log-modal.js";
import { hostLabel } from "../render/report-message.js";
import { fetchHostLog } from "../use-cases/host-log.js";
import type { CachedHostLog } from "../use-cases/host-log-cache.js";
import { encodeLogModalState, type LogModalState } from "./log-modal-state.js";
import type { Services } from "./services.js";

export function modalHost(state: LogModalState, stepName: string): LogModalHost {
  return {
    label: hostLabel(state.host),
    bkCloudId: state.host.bkCloudId,
    stepName,
    jobInstanceId: state.host.jobInstanceId,
  };
}

export function pageView(log: CachedHostLog, state: LogModalState, messages: Messages, notice: string | null = null) {
  const pageCount = Math.max(1, log.index.pages.length);
  const page = Math.min(Math.max(0, state.page), pageCount - 1);
  const entry = log.index.pages[page];
  const settled = { ...state, page };
  return renderLogPage(
    modalHost(settled, log.stepName),
    {
      page,
      pageCount,
      firstLine: entry?.firstLine ?? 0,
      lastLine: entry?.lastLine ?? 0,
      totalLines: log.index.totalLines,
      lines: pageLines(log.text, log.index, page),
    },
    messages,
    encodeLogModalState(settled),
    notice,
  );
}

/** The view for a state: the page, or a notice saying why there is none. Also returns the log. */
export async function loadPageView(services: Services, state: LogModalState) {
  const result = await fetchHostLog({ jobApi: services.jobApi, cache: services.hostLogCache }, state.host);
  const metadata = encodeLogModalState(state);
  if (!result.ok) {
    const explanation = describeUpstreamError(
      result.error,
      { ref: state.host, actingUser: services.actingUser, timeoutMs: services.timeoutMs },
      services.messages,
    );
    return { log: null, view: renderLogNotice(modalHost(state, ""), `${services.messages.errors.heading}\n${explanation}`, services.messages, metadata) };
  }
  if (result.value === null) {
    return { log: null, view: renderLogNotice(modalHost(state, ""), services.messages.logModal.hostGone, services.messages, metadata) };
  }
  return { log: result.value, view: pageView(result.value, state, services.messages) };
}
