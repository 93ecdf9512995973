// The three steps of filesUploadV2: files.getUploadURLExternal hands out an upload URL on this
// server, the client POSTs the bytes there (WebClient: multipart/form-data, one field "body"), and
// files.completeUploadExternal titles the files and shares them into a channel or thread.
// Errors from docs.slack.dev/reference/methods/files.completeUploadExternal: a missing channel is
// `invalid_channel` there (not channel_not_found); a channel the bot is not in is `not_in_channel`.
import { fail, type MethodHandler, type MethodTable } from "../method-context.js";
import { arrayParam, isPlainObject, stringParam } from "../request-body.js";
import type { Workspace } from "../workspace.js";
import { BOT, type StoredFile } from "../workspace-model.js";

const getUploadUrl: MethodHandler = ({ params, workspace, baseUrl }) => {
  const filename = stringParam(params, "filename");
  const length = Number(stringParam(params, "length"));
  if (filename === undefined || filename === "") return fail("invalid_arguments");
  if (!Number.isInteger(length) || length < 0) return fail("invalid_arguments");
  const file = workspace.createFile(filename, length);
  return { ok: true, upload_url: `${baseUrl}/upload/${file.id}`, file_id: file.id };
};

// Slack's file object carries the file's `permalink` (https://api.slack.com/types/file),
// and @slack/web-api types it on files.completeUploadExternal's answer.
const apiFile = (file: StoredFile, baseUrl: string) => ({
  id: file.id,
  created: Math.floor(file.createdAt / 1000),
  name: file.filename,
  title: file.title,
  mimetype: "text/plain",
  filetype: "text",
  user: BOT.userId,
  size: file.content?.length ?? 0,
  channels: file.channel === undefined ? [] : [file.channel],
  permalink: `${baseUrl}/files/${BOT.userId}/${file.id}/${encodeURIComponent(file.filename)}`,
});

const completeUpload: MethodHandler = ({ params, workspace, baseUrl }) => {
  const entries = arrayParam(params, "files");
  if (entries === undefined || entries === "invalid" || entries.length === 0) {
    return fail("invalid_arguments");
  }
  const files: { file: StoredFile; title: string | undefined }[] = [];
  for (const entry of entries) {
    const { id, title } = isPlainObject(entry) ? entry : {};
    const file = typeof id === "string" ? workspace.file(id) : undefined;
    // Never uploaded: there is nothing to finish.
    if (!file || file.content === undefined) return fail("file_not_found");
    files.push({ file, title: typeof title === "string" ? title : undefined });
  }
  // `channels` (comma list) is the legacy spelling; WebClient sends channel_id.
  const channel = stringParam(params, "channel_id") ?? stringParam(params, "channels")?.split(",")[0];
  const threadTs = stringParam(params, "thread_ts");
  if (threadTs !== undefined && channel === undefined) return fail("invalid_arguments");
  if (channel !== undefined) {
    const channelError = workspace.channelError(channel, "member");
    if (channelError) return fail(channelError === "channel_not_found" ? "invalid_channel" : channelError);
  }
  const initialComment = stringParam(params, "initial_comment");
  workspace.completeFiles(files, { channel, threadTs, initialComment });
  return { ok: true, files: files.map(({ file }) => apiFile(file, baseUrl)) };
};

/** The upload URL itself: stores the bytes; answers like files.slack.com, "OK - <length>". */
export function receiveUpload(
  workspace: Workspace,
  fileId: string,
  content: Buffer,
): { status: number; text: string } {
  const file = workspace.file(fileId);
  if (!file) return { status: 404, text: "file_not_found" };
  workspace.storeUpload(file, content);
  return { status: 200, text: `OK - ${content.length}` };
}

export const filesMethods: MethodTable = {
  "files.getUploadURLExternal": getUploadUrl,
  "files.completeUploadExternal": completeUpload,
};
