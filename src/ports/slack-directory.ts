// What joblog asks Slack about people and channels (users.info, conversations.info), as a port.
// The WebClient adapter is src/slack/slack-directory-client.ts; src/access/slack-directory.ts
// caches its answers. Throwing means "unknown".
import type { ChannelKind } from "../core/access-model.js";

export interface SlackDirectoryApi {
  userEmail(userId: string): Promise<string | null>;
  channelKind(channelId: string): Promise<ChannelKind>;
}
