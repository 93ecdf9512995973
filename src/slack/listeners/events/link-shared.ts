// A JOB execution link pasted in a channel → a compact preview under it (chat.unfurl). Which
// links get previews, and what they say, is use-cases/link-preview.ts.
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from "@slack/bolt";
import type { ChatUnfurlArguments } from "@slack/web-api";
import { previewJobLinks } from "../../../use-cases/link-preview.js";
import type { ListenerDeps } from "../../listener-deps.js";

export function linkShared(deps: ListenerDeps) {
  return async ({ event, client }: SlackEventMiddlewareArgs<"link_shared"> & AllMiddlewareArgs): Promise<void> => {
    const asker = { team: (event as { team?: string }).team ?? null, user: event.user, channel: { id: event.channel } };
    const unfurls = await previewJobLinks(deps, asker, event.links.map((shared) => shared.url));
    if (Object.keys(unfurls).length === 0) return;
    const target: ChatUnfurlArguments =
      event.unfurl_id !== undefined && event.source !== undefined
        ? // Bolt types `source` as a string; Slack sends one of these two (https://docs.slack.dev/reference/events/link_shared).
          { unfurl_id: event.unfurl_id, source: event.source as "composer" | "conversations_history", unfurls }
        : { channel: event.channel, ts: event.message_ts, unfurls };
    try {
      await client.chat.unfurl(target);
    } catch (error) {
      deps.logger.warn({ err: error, channel: event.channel }, "chat.unfurl failed");
    }
  };
}
