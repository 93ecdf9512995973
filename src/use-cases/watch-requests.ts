// `watch`, `watches`, `unwatch` and the Stop button, end to end. Starting a watch passes the gate
// as the asker (rate limits, the access file's `watchers:`, identity) and lists the business once
// as them, so BK-JOB's own permission decides too; polls then read as joblog's own identity,
// like a follow's (README). Stopping needs no BlueKing identity (audited as `unwatch`).
import type { SlackMessage } from "../core/slack-message.js";
import type { WatchRecord } from "../core/watch-model.js";
import { lastThirtyDays } from "../core/run-list.js";
import { renderDenial } from "../render/access-denial.js";
import { renderUpstreamError } from "../render/error-message.js";
import { note, renderWatchList, renderWatchPost, renderWatchStarted, watchWhat } from "../render/watch-messages.js";
import type { JobReport } from "../core/report-model.js";
import type { RunSummary } from "../core/run-list.js";
import type { Messages } from "../i18n/index.js";
import type { FindDeps } from "./find-deps.js";
import type { Asker } from "./job-request.js";
import type { Reply } from "./reply.js";

export async function answerWatch(deps: FindDeps, asker: Asker, request: { bizId: number; name: string | null; all: boolean }): Promise<Reply> {
  const admission = await deps.gate.admit({ ...asker, action: "watch", ref: null, bizId: request.bizId });
  if (!admission.ok) return { visibility: "only_you", message: renderDenial(admission.denial, deps.messages) };
  deps.asked.noted(asker.user, request.bizId);
  const probe = await deps.runLists.forUser(admission.actingAs).listRuns({ bizId: request.bizId, ...lastThirtyDays(deps.clock.now()), start: 0, length: 1 });
  if (!probe.ok) {
    admission.finish("upstream_error", probe.error.code);
    const where = { ref: { bizId: request.bizId, jobInstanceId: 0 }, actingUser: admission.actingAs, timeoutMs: deps.timeoutMs };
    return { visibility: "only_you", message: renderUpstreamError(probe.error, where, deps.messages) };
  }
  const started = await deps.watches.start({ team: asker.team, bizId: request.bizId, name: request.name, all: request.all, channelId: asker.channel.id, userId: asker.user });
  admission.finish("ok");
  return { visibility: started.kind === "started" ? "channel" : "only_you", message: renderWatchStarted(started.watch, started.kind === "already", deps.messages) };
}

export async function answerWatches(deps: FindDeps, channelId: string): Promise<Reply> {
  const watches = (await deps.watches.list()).filter((watch) => watch.channelId === channelId);
  return { visibility: "only_you", message: renderWatchList(watches, deps.messages) };
}

export async function answerUnwatch(deps: FindDeps, asker: Asker, request: { bizId: number; name: string | null }): Promise<Reply> {
  const admission = await deps.gate.admit({ ...asker, action: "unwatch", ref: null, bizId: request.bizId });
  if (!admission.ok) return { visibility: "only_you", message: renderDenial(admission.denial, deps.messages) };
  const ended = await deps.watches.stopMatching(asker.channel.id, request.bizId, request.name);
  admission.finish(ended ? "ok" : "invalid");
  const biz = String(request.bizId);
  const what = watchWhat(request.name, deps.messages);
  return ended
    ? { visibility: "channel", message: note(deps.messages.runs.unwatched(biz, what), "unwatched") }
    : { visibility: "only_you", message: note(deps.messages.runs.unwatchNone(biz, what), "unwatch-none") };
}

/** The Stop button (on `/joblog watches` or the App Home): ends that watch, wherever it posts. */
export async function stopWatchById(deps: FindDeps, presser: { team: string | null; user: string; channel: { id: string; name?: string | null } | null }, watchId: string): Promise<{ ended: WatchRecord | null; message: SlackMessage }> {
  const ended = await deps.watches.stop(watchId);
  const admission = await deps.gate.admit({ ...presser, action: "unwatch", ref: null, bizId: ended?.bizId ?? null });
  if (admission.ok) admission.finish(ended ? "ok" : "invalid");
  const message = ended
    ? note(deps.messages.runs.unwatched(String(ended.bizId), watchWhat(ended.name, deps.messages)), "unwatched")
    : note(deps.messages.runs.stopped, "unwatched");
  return { ended, message };
}

/**
 * What a watch posts about one run. The cause digest (the digest issue) goes here: compute it
 * from `report` and hand its blocks to renderWatchPost's `digest`, which puts them first after
 * the compact report.
 */
export function watchPostRenderer(messages: Messages) {
  return async (watch: WatchRecord, run: RunSummary, report: JobReport | null): Promise<SlackMessage> => renderWatchPost(watch, run, report, messages);
}
