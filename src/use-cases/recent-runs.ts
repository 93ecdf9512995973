// `recent` and `last`, end to end: the gate admits the asker for the business (rate limits,
// access rules, identity), BK-JOB's get_job_instance_list is asked as them over the last 30
// days, newest first, and the answer is a Reply. `last` then hands the newest match to the
// usual report or follow request (job-request.ts), so it reads and is audited like one.
import type { JobRef } from "../core/job-ref.js";
import { lastThirtyDays, RUN_STATUS_FAILED, type RunPage } from "../core/run-list.js";
import type { SlackMessage } from "../core/slack-message.js";
import type { Result, UpstreamError } from "../core/upstream-error.js";
import { renderDenial } from "../render/access-denial.js";
import { section } from "../render/block-kit.js";
import { renderUpstreamError } from "../render/error-message.js";
import { escapeMrkdwn } from "../render/mrkdwn.js";
import { renderRunList, type RecentQuery } from "../render/run-list-message.js";
import type { FindDeps } from "./find-deps.js";
import { answerJobRequest, type Asker, type JobAnswer } from "./job-request.js";
import type { Reply } from "./reply.js";

/** Runs per page of `recent` (and the terminal's default). */
export const RECENT_PAGE = 10;

export type RecentAnswer = { kind: "denied"; reply: Reply } | { kind: "answered"; reply: Reply };

/** A list the protocol cannot give (ESB without jobv3, a gateway without the resource) says so plainly. */
function listFailure(deps: FindDeps, error: UpstreamError, bizId: number, actingUser: string): SlackMessage {
  if (error.httpStatus === 404 || error.code === 1640401) {
    const text = `⚠️ ${deps.messages.runs.listUnavailable}`;
    return { text, blocks: [section(text, "list-unavailable")] };
  }
  return renderUpstreamError(error, { ref: { bizId, jobInstanceId: 0 }, actingUser, timeoutMs: deps.timeoutMs }, deps.messages);
}

type Listed = { kind: "denied"; reply: Reply } | { kind: "listed"; page: Result<RunPage>; actingUser: string };

/** Admits the asker for the business and lists one page as them; audited as `recent`. */
async function listAsAsker(deps: FindDeps, asker: Asker, query: Omit<RecentQuery, "operator"> & { mine: boolean; length: number }): Promise<Listed> {
  const admission = await deps.gate.admit({ ...asker, action: "recent", ref: null, bizId: query.bizId });
  if (!admission.ok) return { kind: "denied", reply: { visibility: "only_you", message: renderDenial(admission.denial, deps.messages) } };
  deps.asked.noted(asker.user, query.bizId);
  const page = await deps.runLists.forUser(admission.actingAs).listRuns({
    bizId: query.bizId,
    ...lastThirtyDays(deps.clock.now()),
    name: query.name,
    operator: query.mine ? admission.actingAs : null,
    status: query.failedOnly ? RUN_STATUS_FAILED : null,
    start: query.offset,
    length: query.length,
  });
  admission.finish(page.ok ? "ok" : "upstream_error", page.ok ? null : page.error.code);
  return { kind: "listed", page, actingUser: admission.actingAs };
}

/**
 * One page of `recent`, for the asker alone: paging with More replaces it, and the Report
 * button posts a run's report to the channel.
 */
export async function answerRecent(deps: FindDeps, asker: Asker, query: Omit<RecentQuery, "operator"> & { mine: boolean }): Promise<RecentAnswer> {
  const listed = await listAsAsker(deps, asker, { ...query, length: RECENT_PAGE });
  if (listed.kind === "denied") return listed;
  const { page, actingUser } = listed;
  if (!page.ok) return { kind: "answered", reply: { visibility: "only_you", message: listFailure(deps, page.error, query.bizId, actingUser) } };
  const shown: RecentQuery = { bizId: query.bizId, name: query.name, failedOnly: query.failedOnly, operator: query.mine ? actingUser : null, offset: query.offset };
  return { kind: "answered", reply: { visibility: "only_you", message: renderRunList(shown, page.value, deps.messages) } };
}

/** The newest run of the business whose name contains `name`, or the reply saying why there is none. */
export async function findLastRun(deps: FindDeps, asker: Asker, bizId: number, name: string): Promise<{ ok: true; ref: JobRef } | { ok: false; denied: boolean; reply: Reply }> {
  const listed = await listAsAsker(deps, asker, { bizId, name, failedOnly: false, mine: false, offset: 0, length: 1 });
  if (listed.kind === "denied") return { ok: false, denied: true, reply: listed.reply };
  const { page, actingUser } = listed;
  if (!page.ok) return { ok: false, denied: false, reply: { visibility: "only_you", message: listFailure(deps, page.error, bizId, actingUser) } };
  const [newest] = page.value.runs;
  if (!newest) {
    const text = deps.messages.runs.lastNone(String(bizId), escapeMrkdwn(name));
    return { ok: false, denied: false, reply: { visibility: "only_you", message: { text, blocks: [section(text, "last-none")] } } };
  }
  return { ok: true, ref: { bizId, jobInstanceId: newest.jobInstanceId } };
}

/** `<biz> last <name>` and `follow <biz> last <name>`: the newest match, then the usual report or follow. */
export async function answerLast<Note>(
  deps: FindDeps,
  asker: Asker,
  request: { bizId: number; name: string; follow: boolean; failuresOnly: boolean },
  stillAsking: (note: SlackMessage) => Promise<Note>,
): Promise<JobAnswer<Note>> {
  const found = await findLastRun(deps, asker, request.bizId, request.name);
  if (!found.ok) return found.denied ? { kind: "denied", reply: found.reply } : { kind: "answered", reply: found.reply, note: null };
  const job = request.follow ? { kind: "follow" as const, ref: found.ref, failuresOnly: request.failuresOnly } : { kind: "report" as const, ref: found.ref, grep: null };
  return answerJobRequest(deps, asker, job, stillAsking);
}
