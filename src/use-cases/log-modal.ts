// One host's log in a modal, end to end: the gate admits the presser for the channel the modal
// posts to, the log is read as them (cached, so paging does not fetch it again), the audit line
// is written, and the view to show comes back. Shared by Show log, paging, the host picker and
// post-to-thread.
import { hostKey } from "../core/host-ref.js";
import { pageLines } from "../core/log-pages.js";
import type { Messages } from "../i18n/index.js";
import type { Admitted } from "../access/request-gate.js";
import type { ModalView } from "@slack/types";
import { describeDenial } from "../render/access-denial.js";
import { describeUpstreamError } from "../render/error-message.js";
import { renderLogNotice, renderLogPage, type LogModalHost } from "../render/log-modal.js";
import { hostLabel } from "../render/report-message.js";
import { fetchHostLog } from "./host-log.js";
import type { CachedHostLog } from "./host-log-cache.js";
import { encodeLogModalState, type LogModalState } from "./log-modal-state.js";
import { contextOf, type RequestContext, type RequestDeps } from "./request-deps.js";

/** Where the state's host is among its picker's choices, or -1. */
export function chosenIndex(state: LogModalState): number {
  const shown = `${state.host.stepInstanceId}/${hostKey(state.host)}`;
  return state.choices?.hosts.findIndex((choice) => `${choice.host.stepInstanceId}/${hostKey(choice.host)}` === shown) ?? -1;
}

export function modalHost(state: LogModalState, stepName: string, messages: Messages): LogModalHost {
  const host: LogModalHost = {
    label: hostLabel(state.host),
    bkCloudId: state.host.bkCloudId,
    stepName,
    jobInstanceId: state.host.jobInstanceId,
  };
  if (state.choices) {
    host.picker = {
      note: state.choices.kind === "failing" ? messages.logHosts.failing : messages.logHosts.recent,
      // An option's value is its place in the list; the hosts themselves stay in the metadata.
      options: state.choices.hosts.map((choice, index) => ({ label: choice.label, value: String(index) })),
      chosen: String(chosenIndex(state)),
    };
  }
  return host;
}

export function pageView(log: CachedHostLog, state: LogModalState, messages: Messages, notice: string | null = null) {
  const pageCount = Math.max(1, log.index.pages.length);
  const page = Math.min(Math.max(0, state.page), pageCount - 1);
  const entry = log.index.pages[page];
  const settled = { ...state, page };
  return renderLogPage(
    modalHost(settled, log.stepName, messages),
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
    state.posted ?? null,
  );
}

/** The view for a state: the page, or a notice saying why there is none. Also returns the log. */
export async function loadPageView(deps: RequestDeps, context: RequestContext, state: LogModalState) {
  const result = await fetchHostLog({ jobApi: context.jobApi, cache: deps.hostLogCache, cacheScope: context.actingUser }, state.host);
  const metadata = encodeLogModalState(state);
  if (!result.ok) {
    const explanation = describeUpstreamError(
      result.error,
      { ref: state.host, actingUser: context.actingUser, timeoutMs: deps.timeoutMs },
      deps.messages,
    );
    return {
      log: null,
      error: result.error.code,
      view: renderLogNotice(modalHost(state, "", deps.messages), `${deps.messages.errors.heading}\n${explanation}`, deps.messages, metadata),
    };
  }
  if (result.value === null) {
    return { log: null, view: renderLogNotice(modalHost(state, "", deps.messages), deps.messages.logModal.hostGone, deps.messages, metadata) };
  }
  return { log: result.value, view: pageView(result.value, state, deps.messages) };
}

export interface ModalRequest {
  action: "show_log" | "log_page" | "post_log";
  team: string | null;
  user: string;
  state: LogModalState;
  channelName?: string | null;
}

/**
 * Passes a log-modal request (Show log, a page, post to thread) through the gate, as the person
 * who pressed, for the channel the modal posts to. Refused: the view that says why instead.
 */
export async function admitModalRequest(
  deps: RequestDeps,
  request: ModalRequest,
): Promise<{ ok: true; admitted: Admitted; context: RequestContext } | { ok: false; view: ModalView }> {
  const { state } = request;
  const admission = await deps.gate.admit({
    action: request.action,
    team: request.team,
    user: request.user,
    channel: state.channelId ? { id: state.channelId, name: request.channelName ?? null } : null,
    ref: state.host,
  });
  if (!admission.ok) {
    const view = renderLogNotice(modalHost(state, "", deps.messages), describeDenial(admission.denial, deps.messages), deps.messages, encodeLogModalState(state));
    return { ok: false, view };
  }
  return { ok: true, admitted: admission, context: contextOf(admission) };
}

/** The audit outcome of a loaded page view. */
export function pageOutcome(result: { log: CachedHostLog | null; error?: number | null }): "ok" | "upstream_error" {
  return result.error !== undefined ? "upstream_error" : "ok";
}

/**
 * A page of the log (Show log, a page button, a host picked): admitted for the modal's state,
 * read, audited; the view of `shown` (another page of it) to show.
 */
export async function logPageView(deps: RequestDeps, request: ModalRequest, shown: LogModalState = request.state): Promise<ModalView> {
  const gate = await admitModalRequest(deps, request);
  if (!gate.ok) return gate.view;
  const loaded = await loadPageView(deps, gate.context, shown);
  gate.admitted.finish(pageOutcome(loaded), loaded.error);
  return loaded.view;
}
