// The App Home tab, built when someone opens it (app_home_opened): their running follows, the
// workspace's watches they could have started (the access file's `watchers:` for that channel),
// and the recent failed runs of the businesses they asked about lately, each listed as them.
// Slack allows 100 blocks in a Home view; the sections are capped to stay well inside.
import type { KnownBlock } from "@slack/types";
import type { FollowRecord } from "../core/follow-model.js";
import { lastThirtyDays, RUN_STATUS_FAILED } from "../core/run-list.js";
import { context, header, section } from "../render/block-kit.js";
import { runButtons, runLine } from "../render/run-list-message.js";
import { stopWatchButton, watchWhat } from "../render/watch-messages.js";
import type { FindDeps } from "./find-deps.js";

/** Lines per section: 10 follows + 10 watches + 3 × 5 runs (2 blocks each) + headings ≈ 60 blocks. */
const HOME_FOLLOWS = 10;
const HOME_WATCHES = 10;
const HOME_RUNS = 5;

export interface HomeView {
  type: "home";
  blocks: KnownBlock[];
}

export async function buildHome(deps: FindDeps & { runningFollows(): Promise<FollowRecord[]> }, user: { team: string | null; id: string }): Promise<HomeView> {
  const words = deps.messages.runs;
  const blocks: KnownBlock[] = [header(words.homeTitle, "home-title"), context([words.homeIntro], "home-intro")];

  const follows = (await deps.runningFollows()).filter((follow) => follow.startedBy === user.id);
  blocks.push(section(`*${words.homeFollows}*`, "home-follows"));
  if (follows.length === 0) blocks.push(context([words.homeFollowsNone], "home-follows-none"));
  for (const [index, follow] of follows.slice(0, HOME_FOLLOWS).entries()) {
    blocks.push(section(words.homeFollowLine(`${follow.ref.bizId} ${follow.ref.jobInstanceId}`, `<#${follow.channelId}>`), `home-follow-${index}`));
  }
  if (follows.length > HOME_FOLLOWS) blocks.push(context([words.homeMore(String(follows.length - HOME_FOLLOWS))], "home-follows-more"));

  const watches = [];
  for (const watch of await deps.watches.list()) {
    if (watch.team !== null && user.team !== null && watch.team !== user.team) continue;
    if (await deps.gate.mayWatchFrom(watch.bizId, user.id, watch.channelId)) watches.push(watch);
  }
  blocks.push(section(`*${words.homeWatches}*`, "home-watches"));
  if (watches.length === 0) blocks.push(context([words.homeWatchesNone], "home-watches-none"));
  for (const [index, watch] of watches.slice(0, HOME_WATCHES).entries()) {
    const line = words.homeWatchLine(String(watch.bizId), watchWhat(watch.name, deps.messages), watch.all, `<#${watch.channelId}>`);
    blocks.push({ ...section(line, `home-watch-${index}`), accessory: stopWatchButton(watch, deps.messages) } as KnownBlock);
  }
  if (watches.length > HOME_WATCHES) blocks.push(context([words.homeMore(String(watches.length - HOME_WATCHES))], "home-watches-more"));

  const businesses = deps.asked.of(user.id);
  if (businesses.length === 0) blocks.push(context([words.homeNoBusinesses], "home-no-businesses"));
  for (const bizId of businesses) {
    blocks.push(section(`*${words.homeFailed(String(bizId))}*`, `home-failed-${bizId}`));
    const admission = await deps.gate.admit({ team: user.team, user: user.id, channel: null, action: "recent", ref: null, bizId });
    if (!admission.ok) {
      blocks.push(context([words.homeCouldNotList(String(bizId))], `home-failed-${bizId}-denied`));
      continue;
    }
    const page = await deps.runLists.forUser(admission.actingAs).listRuns({ bizId, ...lastThirtyDays(deps.clock.now()), status: RUN_STATUS_FAILED, start: 0, length: HOME_RUNS });
    admission.finish(page.ok ? "ok" : "upstream_error", page.ok ? null : page.error.code);
    if (!page.ok) blocks.push(context([words.homeCouldNotList(String(bizId))], `home-failed-${bizId}-error`));
    else if (page.value.runs.length === 0) blocks.push(context([words.homeFailedNone], `home-failed-${bizId}-none`));
    for (const [index, run] of (page.ok ? page.value.runs : []).entries()) {
      blocks.push(section(runLine(run, deps.messages), `home-run-${bizId}-${index}`), runButtons(run, deps.messages, `home-run-actions-${bizId}-${index}`));
    }
  }
  return { type: "home", blocks };
}
