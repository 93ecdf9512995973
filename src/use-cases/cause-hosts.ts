// A cause's Hosts modal, end to end: the presser is admitted for the channel the report is in,
// the step's digest is read again as them (deterministic: the same hosts give the same causes),
// the cause found by its id, and a page of its hosts comes back; or the host list, one per line,
// for posting to the thread. The view and the post are the caller's (Slack calls).
import type { ModalView } from "@slack/types";
import { z } from "zod";
import { causeHostRef, causeId } from "../core/cause-report.js";
import type { HostRef } from "../core/report-model.js";
import { describeDenial } from "../render/access-denial.js";
import { hostListLine, renderCauseHostsNotice, renderCauseHostsPage, CAUSE_HOSTS_PER_PAGE } from "../render/cause-hosts-modal.js";
import { describeUpstreamError } from "../render/error-message.js";
import { DEFAULT_CAUSE_DIGEST_LIMITS, readCauseDigests } from "./read-cause-digest.js";
import { contextOf, type RequestDeps } from "./request-deps.js";

/** What the modal remembers between clicks (private_metadata). */
export interface CauseHostsState {
  bizId: number;
  jobInstanceId: number;
  stepInstanceId: number;
  causeId: string;
  page: number;
  channelId: string | null;
  threadTs: string | null;
}

const packed = z.object({
  b: z.number().int().positive(),
  j: z.number().int().positive(),
  s: z.number().int().positive(),
  c: z.string().regex(/^[0-9a-f]{8}$/),
  p: z.number().int().min(0),
  ch: z.string().max(40).nullable(),
  t: z.string().max(40).nullable(),
});

export function encodeCauseHostsState(state: CauseHostsState): string {
  return JSON.stringify({ b: state.bizId, j: state.jobInstanceId, s: state.stepInstanceId, c: state.causeId, p: state.page, ch: state.channelId, t: state.threadTs });
}

export function decodeCauseHostsState(metadata: string | undefined): CauseHostsState | null {
  try {
    const parsed = packed.safeParse(JSON.parse(metadata ?? ""));
    if (!parsed.success) return null;
    const { b, j, s, c, p, ch, t } = parsed.data;
    return { bizId: b, jobInstanceId: j, stepInstanceId: s, causeId: c, page: p, channelId: ch, threadTs: t };
  } catch {
    return null;
  }
}

export interface CauseHostsRequest {
  action: "cause_hosts" | "post_hosts";
  team: string | null;
  user: string;
  state: CauseHostsState;
}

/** The cause's hosts and representative line, read as the presser; or the view that says why not. */
async function readCause(deps: RequestDeps, request: CauseHostsRequest) {
  const { state } = request;
  const ref = { bizId: state.bizId, jobInstanceId: state.jobInstanceId };
  const metadata = encodeCauseHostsState(state);
  const admission = await deps.gate.admit({
    action: request.action,
    team: request.team,
    user: request.user,
    channel: state.channelId ? { id: state.channelId } : null,
    ref,
  });
  if (!admission.ok) return { ok: false as const, view: renderCauseHostsNotice(describeDenial(admission.denial, deps.messages), deps.messages, metadata) };
  const context = contextOf(admission);
  const read = context.jobApi.read(ref, { wholeReport: true });
  const status = await read.getJobStatus();
  const digests = status.ok
    ? await readCauseDigests(read, status.value, deps.causeLimits ?? DEFAULT_CAUSE_DIGEST_LIMITS, {}, { stepIds: [state.stepInstanceId] })
    : status;
  if (!digests.ok) {
    admission.finish("upstream_error", digests.error.code);
    const words = describeUpstreamError(digests.error, { ref, actingUser: context.actingUser, timeoutMs: deps.timeoutMs }, deps.messages);
    return { ok: false as const, view: renderCauseHostsNotice(`${deps.messages.errors.heading}\n${words}`, deps.messages, metadata) };
  }
  admission.finish("ok");
  const cause = digests.value.flatMap((step) => step.digest.causes).find((candidate) => causeId(candidate.signature) === state.causeId);
  if (!cause) return { ok: false as const, view: renderCauseHostsNotice(deps.messages.causes.gone, deps.messages, metadata) };
  const hosts: HostRef[] = cause.hosts.map((host) => causeHostRef(ref, state.stepInstanceId, host));
  return { ok: true as const, cause, hosts, stepName: status.ok ? (status.value.steps.find((step) => step.stepInstanceId === state.stepInstanceId)?.name ?? "") : "" };
}

export async function causeHostsView(deps: RequestDeps, request: CauseHostsRequest, notice: string | null = null): Promise<ModalView> {
  const found = await readCause(deps, request);
  if (!found.ok) return found.view;
  const pageCount = Math.max(1, Math.ceil(found.hosts.length / CAUSE_HOSTS_PER_PAGE));
  const state = { ...request.state, page: Math.min(request.state.page, pageCount - 1) };
  return renderCauseHostsPage(
    { line: found.cause.noOutput ? null : found.cause.line, hosts: found.hosts, page: state.page, stepName: found.stepName, representative: causeHostRef({ bizId: state.bizId, jobInstanceId: state.jobInstanceId }, state.stepInstanceId, found.cause.representative) },
    deps.messages,
    encodeCauseHostsState(state),
    notice,
  );
}


export interface PostHostsIo {
  show(view: ModalView): Promise<unknown>;
  /** Posts the list in the thread; a refusal comes back as its reason, in words. */
  post(list: { channelId: string; threadTs: string | null; comment: string; lines: string[] }): Promise<{ ok: true } | { ok: false; reason: string }>;
}

export async function postCauseHosts(deps: RequestDeps, request: CauseHostsRequest, io: PostHostsIo): Promise<void> {
  const found = await readCause(deps, request);
  if (!found.ok) {
    await io.show(found.view);
    return;
  }
  const { messages } = deps;
  const channelId = request.state.channelId;
  const again = (notice: string) => causeHostsView(deps, { ...request, action: "cause_hosts" }, notice);
  if (!channelId) {
    await io.show(await again(messages.causes.postFailed(messages.logModal.notInChannel)));
    return;
  }
  const comment = messages.causes.listComment(String(found.hosts.length), found.stepName, String(request.state.jobInstanceId));
  const posted = await io.post({ channelId, threadTs: request.state.threadTs, comment, lines: found.hosts.map(hostListLine) });
  await io.show(renderCauseHostsPage(
    {
      line: found.cause.noOutput ? null : found.cause.line,
      hosts: found.hosts,
      page: request.state.page,
      stepName: found.stepName,
      representative: causeHostRef({ bizId: request.state.bizId, jobInstanceId: request.state.jobInstanceId }, request.state.stepInstanceId, found.cause.representative),
    },
    messages,
    encodeCauseHostsState(request.state),
    posted.ok ? messages.causes.posted : messages.causes.postFailed(posted.reason),
  ));
}
