// "Post full log to thread": the whole log as a file in the report's thread (files.uploadV2),
// for logs longer than any modal. Posted once per log and thread (use-cases/post-log.ts); this
// listener makes the upload and says in words why Slack refused one.
import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import { escapeMrkdwn } from "../../../render/mrkdwn.js";
import { decodeLogModalState } from "../../../use-cases/log-modal-state.js";
import { postFullLog, type LogFile } from "../../../use-cases/post-log.js";
import type { PostOutcome } from "../../../use-cases/posted-logs.js";
import type { ListenerDeps } from "../../listener-deps.js";

/** Slack error codes that mean "invite me first". */
const NOT_A_MEMBER = new Set(["not_in_channel", "channel_not_found"]);

function slackErrorCode(error: unknown): string | null {
  const data = (error as { data?: { error?: unknown } } | null)?.data;
  return typeof data?.error === "string" ? data.error : null;
}

/** One upload; the link is the file's permalink from Slack's answer (its file object), when given. */
async function upload(client: WebClient, deps: ListenerDeps, log: LogFile): Promise<PostOutcome> {
  const file = { file: Buffer.from(log.text, "utf8"), filename: log.filename, title: log.title, initial_comment: log.initialComment };
  try {
    const answer = await (log.threadTs
      ? client.filesUploadV2({ ...file, channel_id: log.channelId, thread_ts: log.threadTs })
      : client.filesUploadV2({ ...file, channel_id: log.channelId }));
    const permalink = answer.files?.[0]?.files?.[0]?.permalink;
    return { ok: true, link: typeof permalink === "string" && permalink.length > 0 ? permalink : null };
  } catch (error) {
    const code = slackErrorCode(error);
    deps.logger.warn({ err: error, code, channel: log.channelId }, "could not upload a host log");
    return { ok: false, reason: code !== null && NOT_A_MEMBER.has(code) ? deps.messages.logModal.notInChannel : escapeMrkdwn(code ?? "unknown error") };
  }
}

export function postLog(deps: ListenerDeps) {
  return async ({ ack, body, client }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const state = decodeLogModalState(body.view?.private_metadata);
    if (!state || !body.view) {
      deps.logger.warn({ user: body.user.id }, "Post full log pressed with unreadable state");
      deps.gate.recordInvalid({ team: body.team?.id ?? null, user: body.user.id, channel: null, action: "post_log" });
      return;
    }
    const viewId = body.view.id;
    try {
      await postFullLog(deps, { action: "post_log", team: body.team?.id ?? null, user: body.user.id, state }, {
        show: (view) => client.views.update({ view_id: viewId, view }),
        upload: (log) => upload(client, deps, log),
      });
    } catch (error) {
      deps.logger.error({ err: error, user: body.user.id }, "could not post a host log");
    }
  };
}
