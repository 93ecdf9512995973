// Every Slack surface joblog answers, registered in one place; one handler per file.
import type { App } from "@slack/bolt";
import { ACTION_IDS, actionPattern } from "../../render/action-ids.js";
import type { Services } from "../services.js";
import { followButton, followReportButton, stopFollowingButton } from "./actions/follow-buttons.js";
import { logPage } from "./actions/log-page.js";
import { postLog } from "./actions/post-log.js";
import { showLog } from "./actions/show-log.js";
import { joblogCommand } from "./commands/joblog-command.js";
import { appMention } from "./events/app-mention.js";
import { linkShared } from "./events/link-shared.js";

export function registerListeners(app: App, services: Services): void {
  app.command("/joblog", joblogCommand(services));
  app.event("app_mention", appMention(services));
  app.event("link_shared", linkShared(services));
  app.action(actionPattern(ACTION_IDS.showLog), showLog(services) as never);
  app.action(actionPattern(ACTION_IDS.logPage), logPage(services) as never);
  app.action(ACTION_IDS.postLog, postLog(services) as never);
  app.action(ACTION_IDS.followJob, followButton(services) as never);
  app.action(ACTION_IDS.stopFollowing, stopFollowingButton(services) as never);
  app.action(ACTION_IDS.followReport, followReportButton(services) as never);
  // URL buttons still send an action; it only needs acknowledging.
  app.action(ACTION_IDS.openInJob, async ({ ack }) => {
    await ack();
  });
}
