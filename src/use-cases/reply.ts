// A request's answer, whatever carries it: a message, and who may see it (the channel, or only
// the person who asked). Listeners translate it into Slack's shapes (response_type, ephemeral).
import type { SlackMessage } from "../core/slack-message.js";

export interface Reply {
  visibility: "channel" | "only_you";
  message: SlackMessage;
}
