// reactions.add: the cheap status signal on a parent message (✅ / ❌ when a followed job ends).
import { fail, type MethodHandler, type MethodTable } from "../method-context.js";
import { stringParam } from "../request-body.js";
import { BOT } from "../workspace-model.js";

const add: MethodHandler = ({ params, workspace }) => {
  const channel = stringParam(params, "channel");
  const ts = stringParam(params, "timestamp");
  const name = stringParam(params, "name");
  if (channel === undefined) return fail("channel_not_found");
  const channelError = workspace.channelError(channel, "post");
  if (channelError) return fail(channelError);
  const message = ts === undefined ? undefined : workspace.message(channel, ts);
  if (!message) return fail("message_not_found");
  if (name === undefined || name === "") return fail("invalid_name");
  const error = workspace.addReaction(message, name.replace(/^:|:$/g, ""), BOT.userId);
  return error ? fail(error) : { ok: true };
};

export const reactionsMethods: MethodTable = { "reactions.add": add };
