// chat.* methods: post, update, delete, ephemeral, unfurl, permalink. Answers and error codes follow
// docs.slack.dev/reference/methods/chat.*; block checks come from block-errors.ts.
import { blocksError, truncateText } from "../block-errors.js";
import { fail, type MethodHandler, type MethodTable, type SlackAnswer } from "../method-context.js";
import {
  arrayParam,
  booleanParam,
  isPlainObject,
  objectParam,
  stringParam,
  type Params,
} from "../request-body.js";
import { BOT, type StoredMessage } from "../workspace-model.js";

interface Content {
  text: string;
  blocks: unknown[] | undefined;
  attachments: unknown[] | undefined;
  warning: string | undefined;
}

const isEmpty = (list: unknown[] | undefined): boolean => list === undefined || list.length === 0;

type ReadContent = { content: Content; error?: undefined } | { error: SlackAnswer };

/** text/blocks/attachments of a post, or Slack's error answer for them. */
function readContent(params: Params, options: { allowEmpty?: boolean } = {}): ReadContent {
  const blocks = arrayParam(params, "blocks");
  if (blocks === "invalid") return { error: fail("invalid_blocks_format") };
  const attachments = arrayParam(params, "attachments");
  if (attachments === "invalid") return { error: fail("invalid_attachments") };
  const rawText = stringParam(params, "text") ?? "";
  if (!options.allowEmpty && rawText === "" && isEmpty(blocks) && isEmpty(attachments)) {
    return { error: fail("no_text") };
  }
  if (blocks !== undefined && blocks.length > 0) {
    const error = blocksError(blocks);
    if (error) return { error };
  }
  const { text, warning } = truncateText(rawText);
  return { content: { text, blocks, attachments, warning } };
}

const withWarning = (answer: SlackAnswer, warning: string | undefined): SlackAnswer =>
  warning === undefined ? answer : { ...answer, warning, response_metadata: { warnings: [warning] } };

/** A stored message as Slack's API shows it (chat.postMessage `message`, chat.update `message`). */
export function toApiMessage(message: StoredMessage): SlackAnswer {
  return {
    type: "message",
    ...(message.files.length > 0 ? { subtype: "file_share" } : {}),
    text: message.text,
    user: message.user,
    ...(message.botId !== undefined ? { bot_id: message.botId, app_id: BOT.appId } : {}),
    team: BOT.teamId,
    ts: message.ts,
    ...(message.threadTs !== undefined ? { thread_ts: message.threadTs } : {}),
    ...(message.blocks !== undefined ? { blocks: message.blocks } : {}),
    ...(message.attachments !== undefined ? { attachments: message.attachments } : {}),
    ...(message.editedTs !== undefined ? { edited: { user: message.user, ts: message.editedTs } } : {}),
  };
}

const postMessage: MethodHandler = ({ params, workspace }) => {
  const channel = stringParam(params, "channel");
  if (channel === undefined) return fail("channel_not_found");
  const channelError = workspace.channelError(channel, "post");
  if (channelError) return fail(channelError);
  const read = readContent(params);
  if (read.error) return read.error;
  const { content } = read;
  const message = workspace.postMessage({
    channel,
    text: content.text,
    blocks: content.blocks,
    attachments: content.attachments,
    threadTs: stringParam(params, "thread_ts"),
    replyBroadcast: booleanParam(params, "reply_broadcast"),
    metadata: params["metadata"],
  });
  const answer = { ok: true, channel: message.channel, ts: message.ts, message: toApiMessage(message) };
  return withWarning(answer, content.warning);
};

const update: MethodHandler = ({ params, workspace }) => {
  const channel = stringParam(params, "channel");
  const ts = stringParam(params, "ts") ?? "";
  if (channel === undefined) return fail("channel_not_found");
  const channelError = workspace.channelError(channel, "post");
  if (channelError) return fail(channelError);
  if (workspace.ephemeral(channel, ts)) return fail("cant_update_message"); // ephemerals cannot be edited
  const message = workspace.message(channel, ts);
  if (!message) return fail("message_not_found");
  if (message.user !== BOT.userId) return fail("cant_update_message"); // only the poster's token may edit
  const read = readContent(params, { allowEmpty: true });
  if (read.error) return read.error;
  const { content } = read;
  // Omitted `blocks` keeps the old ones, so no_text is judged on the message as it will look.
  const text = params["text"] === undefined ? undefined : content.text;
  if ((text ?? message.text) === "" && isEmpty(content.blocks ?? message.blocks)) return fail("no_text");
  workspace.updateMessage(message, { text, blocks: content.blocks, attachments: content.attachments });
  const { text: newText, ts: messageTs } = message;
  const answer = { ok: true, channel, ts: messageTs, text: newText, message: toApiMessage(message) };
  return withWarning(answer, content.warning);
};

const deleteMessage: MethodHandler = ({ params, workspace }) => {
  const channel = stringParam(params, "channel");
  if (channel === undefined) return fail("channel_not_found");
  const message = workspace.message(channel, stringParam(params, "ts") ?? "");
  if (!message) return fail("message_not_found");
  if (message.user !== BOT.userId) return fail("cant_delete_message");
  workspace.deleteMessage(message);
  return { ok: true, channel: message.channel, ts: message.ts };
};

const postEphemeral: MethodHandler = ({ params, workspace }) => {
  const channel = stringParam(params, "channel");
  const user = stringParam(params, "user");
  if (channel === undefined) return fail("channel_not_found");
  if (user === undefined) return fail("user_not_found");
  const channelError = workspace.channelError(channel, "member");
  if (channelError) return fail(channelError);
  const read = readContent(params);
  if (read.error) return read.error;
  const { text, blocks, warning } = read.content;
  const threadTs = stringParam(params, "thread_ts");
  const ephemeral = workspace.postEphemeral({ channel, user, text, blocks, threadTs });
  return withWarning({ ok: true, message_ts: ephemeral.ts }, warning);
};

/** JSON-pointer escaping (RFC 6901) so an unfurled URL can sit inside an error path. */
const pointerSegment = (key: string): string => key.replaceAll("~", "~0").replaceAll("/", "~1");

const unfurl: MethodHandler = ({ params, workspace }) => {
  const channel = stringParam(params, "channel");
  const ts = stringParam(params, "ts");
  const unfurlId = stringParam(params, "unfurl_id");
  if ((channel === undefined || ts === undefined) && unfurlId === undefined) return fail("invalid_arguments");
  const unfurls = objectParam(params, "unfurls");
  if (unfurls === undefined) return fail("missing_unfurls");
  if (unfurls === "invalid") return fail("invalid_unfurls_format");
  for (const [url, value] of Object.entries(unfurls)) {
    const blocks = isPlainObject(value) ? value["blocks"] : undefined;
    if (blocks === undefined) continue;
    if (!Array.isArray(blocks)) return fail("invalid_blocks_format");
    const error = blocksError(blocks, `/unfurls/${pointerSegment(url)}`);
    if (error) return error;
  }
  // unfurl_id + source comes from the composer: there is no message to attach the previews to yet.
  if (channel !== undefined && ts !== undefined) workspace.addUnfurls(channel, ts, unfurls);
  return { ok: true };
};

const getPermalink: MethodHandler = ({ params, workspace, baseUrl }) => {
  const message = workspace.message(stringParam(params, "channel") ?? "", stringParam(params, "message_ts") ?? "");
  if (!message) return fail("message_not_found");
  const { channel, ts, threadTs } = message;
  const thread = threadTs === undefined ? "" : `?thread_ts=${threadTs}&cid=${channel}`;
  return { ok: true, channel, permalink: `${baseUrl}/archives/${channel}/p${ts.replace(".", "")}${thread}` };
};

export const chatMethods: MethodTable = {
  "chat.postMessage": postMessage,
  "chat.update": update,
  "chat.delete": deleteMessage,
  "chat.postEphemeral": postEphemeral,
  "chat.unfurl": unfurl,
  "chat.getPermalink": getPermalink,
};
