// "Post full log to thread", end to end: the presser is admitted, the log read as them, and the
// whole log uploaded once per log and thread (PostedLogs): a second press, or one racing the
// first, points at the file instead. The modal says each step (uploading, posted, why not). The
// upload itself is the caller's (a Slack call); this decides what to upload and when.
import type { ModalView } from "@slack/types";
import { hostKey } from "../core/host-ref.js";
import { escapeMrkdwn, link } from "../render/mrkdwn.js";
import { hostLabel } from "../render/report-message.js";
import type { CachedHostLog } from "./host-log-cache.js";
import type { LogModalState } from "./log-modal-state.js";
import { admitModalRequest, loadPageView, pageOutcome, pageView, type ModalRequest } from "./log-modal.js";
import type { PostedLogs, PostOutcome } from "./posted-logs.js";
import type { RequestDeps } from "./request-deps.js";

/** The file a host's log goes up as. */
export interface LogFile {
  channelId: string;
  threadTs: string | null;
  filename: string;
  title: string;
  initialComment: string;
  text: string;
}

export interface PostLogIo {
  /** Replaces the modal's view. */
  show(view: ModalView): Promise<unknown>;
  /** Uploads the file; a refusal comes back as its reason, in words. */
  upload(file: LogFile): Promise<PostOutcome>;
}

/** The same log (same length: a running job's log grows) to the same thread. */
function postKey(state: LogModalState, channelId: string, log: CachedHostLog): string {
  const { host } = state;
  return [channelId, state.threadTs ?? "", host.bizId, host.jobInstanceId, host.stepInstanceId, hostKey(host), log.text.length].join("/");
}

function logFile(deps: RequestDeps, state: LogModalState, channelId: string, log: CachedHostLog): LogFile {
  const label = hostLabel(state.host);
  const safeName = label.replace(/[^0-9A-Za-z.:_-]/g, "_").replace(/:/g, "_");
  return {
    channelId,
    threadTs: state.threadTs,
    filename: `job-${state.host.jobInstanceId}-step-${state.host.stepInstanceId}-${safeName}.log`,
    // File titles are shown as typed: no mrkdwn, but keep < > out all the same.
    title: `${label} · ${log.stepName}`.replace(/[<>]/g, ""),
    initialComment: escapeMrkdwn(deps.messages.logModal.fileComment(label, log.stepName, String(state.host.jobInstanceId))),
    text: log.text,
  };
}

export async function postFullLog(deps: RequestDeps & { postedLogs: PostedLogs }, request: ModalRequest, io: PostLogIo): Promise<void> {
  const { messages } = deps;
  const { state } = request;
  const gate = await admitModalRequest(deps, request);
  if (!gate.ok) {
    await io.show(gate.view);
    return;
  }
  const loaded = await loadPageView(deps, gate.context, state);
  const { log, view } = loaded;
  if (!log) {
    gate.admitted.finish(pageOutcome(loaded), loaded.error);
    await io.show(view);
    return;
  }
  const channelId = state.channelId;
  if (!channelId) {
    gate.admitted.finish("ok");
    await io.show(pageView(log, state, messages, messages.logModal.postFailed(messages.logModal.notInChannel)));
    return;
  }
  await io.show(pageView(log, state, messages, messages.logModal.uploading));
  const { fresh, outcome } = await deps.postedLogs.once(postKey(state, channelId, log), () => io.upload(logFile(deps, state, channelId, log)));
  // The audit line is about BK-JOB; a refused upload is logged as a warning.
  gate.admitted.finish("ok");
  if (!outcome.ok) {
    await io.show(pageView(log, state, messages, messages.logModal.postFailed(outcome.reason)));
    return;
  }
  const notice = fresh
    ? messages.logModal.posted
    : outcome.link
      ? messages.postedLog.already(link(outcome.link, messages.postedLog.open))
      : messages.postedLog.alreadyNoLink;
  await io.show(pageView(log, { ...state, posted: { link: outcome.link } }, messages, notice));
}
