// conversations.history / conversations.replies: what joblog reads back, only when it restarts,
// to learn whether a post it was making when it stopped reached Slack (by the message metadata).
// No paging: the fake answers with everything, newest first for history as Slack does.
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

export const conversationsMethods: MethodTable = {
  "conversations.history": history,
  "conversations.replies": replies,
};
