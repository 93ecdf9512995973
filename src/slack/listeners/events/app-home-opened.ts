// app_home_opened: the Home tab is built afresh (use-cases/app-home.ts) and published with
// views.publish each time the person opens it (https://docs.slack.dev/reference/events/app_home_opened).
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from "@slack/bolt";
import { buildHome } from "../../../use-cases/app-home.js";
import type { ListenerDeps } from "../../listener-deps.js";

export async function publishHome(deps: ListenerDeps, client: AllMiddlewareArgs["client"], userId: string, team: string | null = null): Promise<void> {
  const view = await buildHome(deps, { team, id: userId });
  await client.views.publish({ user_id: userId, view });
}

export function appHomeOpened(deps: ListenerDeps) {
  return async ({ event, body, client }: SlackEventMiddlewareArgs<"app_home_opened"> & AllMiddlewareArgs): Promise<void> => {
    // The Messages tab opens this event too; only the Home tab is ours to draw.
    if (event.tab !== "home") return;
    try {
      await publishHome(deps, client, event.user, (body as { team_id?: string }).team_id ?? null);
    } catch (error) {
      deps.logger.error({ err: error, user: event.user }, "could not publish the App Home");
    }
  };
}
