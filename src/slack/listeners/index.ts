// Every Slack surface joblog answers, registered in one place; one handler per file.
//
// Three Bolt listeners and no global middleware, not a listener per button: Bolt runs every
// listener's middleware for every request, and under a burst of 200 /joblog on two cores ten
// listeners and two global middlewares took the acknowledgement p99 from about 80 ms to 140 ms
// (bench/results.md). Buttons and events are dispatched here by action id and event type, and
// the events' own checks (the bot's own events, re-deliveries) are made here too.
import type { AllMiddlewareArgs, App, BlockButtonAction, SlackActionMiddlewareArgs, SlackEventMiddlewareArgs } from "@slack/bolt";
import { ACTION_IDS } from "../../render/action-ids.js";
import type { ListenerDeps } from "../listener-deps.js";
import { followButton, followModeButton, stopFollowingButton } from "./actions/follow-buttons.js";
import { followShowLog } from "./actions/follow-show-log.js";
import { causeHostLog, causeHostsButton, causeHostsPage, postHostList } from "./actions/cause-hosts.js";
import { logHost } from "./actions/log-host.js";
import { logPage } from "./actions/log-page.js";
import { postLog } from "./actions/post-log.js";
import { showLog } from "./actions/show-log.js";
import { stepActionButton } from "./actions/step-action.js";
import { recentMoreButton, runReportButton, stopWatchButton } from "./actions/run-buttons.js";
import { joblogCommand } from "./commands/joblog-command.js";
import { appMention } from "./events/app-mention.js";
import { claimedDeliveries } from "./events/claimed-deliveries.js";
import { linkShared } from "./events/link-shared.js";
import { appHomeOpened } from "./events/app-home-opened.js";

type ButtonArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;
type ActionId = (typeof ACTION_IDS)[keyof typeof ACTION_IDS];

/** Every joblog button, plain (`post_log`) or numbered per host (`show_log:3`). */
const JOBLOG_ACTION = new RegExp(`^(?:${Object.values(ACTION_IDS).join("|")})(?::\\d+)?$`);

export function registerListeners(app: App, deps: ListenerDeps): void {
  const buttons: Record<ActionId, (args: ButtonArgs) => Promise<void>> = {
    [ACTION_IDS.showLog]: showLog(deps),
    [ACTION_IDS.logPage]: logPage(deps),
    [ACTION_IDS.postLog]: postLog(deps),
    [ACTION_IDS.followJob]: followButton(deps),
    [ACTION_IDS.stopFollowing]: stopFollowingButton(deps),
    // Kept as "follow_report" so live messages posted before it opened a modal still work.
    [ACTION_IDS.followReport]: followShowLog(deps),
    [ACTION_IDS.followMode]: followModeButton(deps),
    [ACTION_IDS.stepAction]: stepActionButton(deps),
    [ACTION_IDS.runReport]: runReportButton(deps),
    [ACTION_IDS.recentMore]: recentMoreButton(deps),
    [ACTION_IDS.stopWatch]: stopWatchButton(deps),
    // A static_select, not a button: its handler reads `selected_option`.
    [ACTION_IDS.logHost]: logHost(deps) as (args: ButtonArgs) => Promise<void>,
    // URL buttons still send an action; it only needs acknowledging.
    [ACTION_IDS.openInJob]: async ({ ack }) => ack(),
    [ACTION_IDS.openPostedLog]: async ({ ack }) => ack(),
    [ACTION_IDS.causeHosts]: causeHostsButton(deps),
    [ACTION_IDS.causeHostsPage]: causeHostsPage(deps),
    [ACTION_IDS.postHostList]: postHostList(deps),
    [ACTION_IDS.causeHostLog]: causeHostLog(deps),
  };
  const mention = appMention(deps);
  const unfurl = linkShared(deps);
  const command = joblogCommand(deps);
  const deliveries = claimedDeliveries(deps.deliveryClaims);
  const homeOpened = appHomeOpened(deps);

  // The same command or press can reach two replicas (a retry that went elsewhere): it is
  // claimed by its trigger_id, acknowledged everywhere, answered where it was claimed first.
  app.command("/joblog", async (args) => {
    if (await deliveries.isRepeat(args.body)) {
      await args.ack();
      deps.logger.info({ triggerId: args.body.trigger_id }, "dropped a repeated delivery");
      return;
    }
    await command(args);
  });
  app.action(JOBLOG_ACTION, async (args) => {
    const button = args as unknown as ButtonArgs;
    if (await deliveries.isRepeat(button.body)) {
      await button.ack();
      deps.logger.info({ triggerId: button.body.trigger_id }, "dropped a repeated delivery");
      return;
    }
    // Every acknowledgement is noted, so work that can wait lets a burst be acknowledged first.
    const ack: ButtonArgs["ack"] = async () => {
      await button.ack();
      deps.acknowledgements.noted();
    };
    await buttons[button.action.action_id.split(":")[0] as ActionId]({ ...button, ack });
  });
  app.event("app_home_opened", async (args) => {
    deps.acknowledgements.noted();
    await homeOpened(args);
  });
  app.event(/^(?:app_mention|link_shared)$/, async (args) => {
    // Bolt acknowledged the event before calling this.
    deps.acknowledgements.noted();
    // What Bolt's ignoreSelf did for these events: nothing the bot itself did is answered.
    const { user } = args.event as { user?: string };
    if (user !== undefined && user === args.context.botUserId) return;
    if (await deliveries.isRepeat(args.body)) {
      deps.logger.info({ eventId: args.body.event_id, retryNum: args.context.retryNum }, "dropped a re-delivered event");
      return;
    }
    if (args.event.type === "app_mention") await mention(args as SlackEventMiddlewareArgs<"app_mention"> & AllMiddlewareArgs);
    else await unfurl(args as SlackEventMiddlewareArgs<"link_shared"> & AllMiddlewareArgs);
  });
}
