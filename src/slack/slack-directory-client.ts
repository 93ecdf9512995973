// The Slack side of the directory port: users.info for a profile e-mail (scope users:read.email)
// and conversations.info for what kind of channel a request came from.
import type { WebClient } from "@slack/web-api";
import type { ChannelKind } from "../core/access-model.js";
import type { SlackDirectoryApi } from "../ports/slack-directory.js";

export function createSlackDirectoryApi(client: WebClient): SlackDirectoryApi {
  return {
    async userEmail(userId) {
      const answer = await client.users.info({ user: userId });
      const user = answer.user;
      if (!user || user.deleted || user.is_bot) return null;
      return user.profile?.email ?? null;
    },
    async channelKind(channelId): Promise<ChannelKind> {
      const answer = await client.conversations.info({ channel: channelId });
      const channel = answer.channel;
      if (channel?.is_im) return "dm";
      if (channel?.is_private || channel?.is_mpim || channel?.is_group) return "private";
      return "public";
    },
  };
}
