// conversations.history / conversations.replies: what joblog reads back, only when it restarts,
// to learn whether a post it was making when it stopped reached Slack (by the message metadata).
// No paging: the fake answers with everything, newest first for history as Slack does.
// conversations.info says what kind of conversation a channel is, for joblog's access rules.
import { fail, type MethodHandler, type MethodTable } from "../method-context.js";
import { booleanParam, stringParam } from "../request-body.js";
import type { StoredMessage } from "../workspace-model.js";
import { toApiMessage } from "./chat.js";

const withMetadata = (message: StoredMessage, include: boolean) => ({
  ...toApiMessage(message),
  ...(include && message.metadata !== undefined ? { metadata: message.metadata } : {}),
});

const history: MethodHandler = ({ params, workspace }) => {
  const channel = stringParam(params, "channel");
  if (channel === undefined) return fail("channel_not_found");
  const channelError = workspace.channelError(channel, "member");
  if (channelError) return fail(channelError);
  const include = booleanParam(params, "include_all_metadata");
  const messages = [...workspace.messages(channel)].reverse().map((message) => withMetadata(message, include));
  return { ok: true, messages, has_more: false };
};

const replies: MethodHandler = ({ params, workspace }) => {
  const channel = stringParam(params, "channel");
  const ts = stringParam(params, "ts");
  if (channel === undefined) return fail("channel_not_found");
  const channelError = workspace.channelError(channel, "member");
  if (channelError) return fail(channelError);
  if (ts === undefined || !workspace.message(channel, ts)) return fail("thread_not_found");
  const include = booleanParam(params, "include_all_metadata");
  const messages = workspace.thread(channel, ts).map((message) => withMetadata(message, include));
  return { ok: true, messages, has_more: false };
};

/** conversations.info: what kind of conversation a channel is (joblog's access rules ask). */
const info: MethodHandler = ({ params, workspace }) => {
  const id = stringParam(params, "channel");
  if (id === undefined) return fail("channel_not_found");
  const channel = workspace.channel(id);
  if (!channel.exists || (channel.isPrivate && !channel.botIsMember)) return fail("channel_not_found");
  return {
    ok: true,
    channel: {
      id: channel.id,
      name: channel.name,
      is_channel: !channel.isIm && !channel.isPrivate,
      is_group: false,
      is_im: channel.isIm,
      is_mpim: false,
      is_private: channel.isPrivate || channel.isIm,
      is_archived: channel.archived,
      is_member: channel.botIsMember,
    },
  };
};

export const conversationsMethods: MethodTable = {
  "conversations.info": info,
  "conversations.history": history,
  "conversations.replies": replies,
};
