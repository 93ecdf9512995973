// A cause's Hosts button, its modal's paging and "Post host list to thread": open a loading modal
// at once (the trigger_id dies after 3 s), then replace it with the page (use-cases/cause-hosts.ts).
// The host list goes into the report's thread as a message, in a code block when it fits, else
// as a text file (one host a line either way).
import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import { decodeHostRef } from "../../../core/host-ref.js";
import { decodeCauseButton } from "../../../render/cause-digest-blocks.js";
import { renderCauseHostsLoading } from "../../../render/cause-hosts-modal.js";
import { renderLogLoading } from "../../../render/log-modal.js";
import { escapeMrkdwn } from "../../../render/mrkdwn.js";
import { causeHostsView, decodeCauseHostsState, encodeCauseHostsState, postCauseHosts, type CauseHostsState } from "../../../use-cases/cause-hosts.js";
import { encodeLogModalState, type LogModalState } from "../../../use-cases/log-modal-state.js";
import { logPageView, modalHost } from "../../../use-cases/log-modal.js";
import type { ListenerDeps } from "../../listener-deps.js";

type Args = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/** A code block this long still fits one section of a message (3,000 characters, limits.ts). */
const MAX_INLINE_LIST = 2_800;

export function causeHostsButton(deps: ListenerDeps) {
  return async ({ ack, body, action, client }: Args): Promise<void> => {
    await ack();
    const cause = decodeCauseButton(action.value);
    const channelId = body.channel?.id ?? body.container?.channel_id ?? null;
    if (!cause) {
      deps.logger.warn({ user: body.user.id }, "Hosts pressed with an unreadable button value");
      deps.gate.recordInvalid({ team: body.team?.id ?? null, user: body.user.id, channel: channelId ? { id: channelId } : null, action: "cause_hosts" });
      return;
    }
    const message = body.message as { ts?: string; thread_ts?: string } | undefined;
    const state: CauseHostsState = { ...cause, page: 0, channelId, threadTs: message?.thread_ts ?? message?.ts ?? body.container?.message_ts ?? null };
    try {
      const opened = await deps.modals.open(body.trigger_id, renderCauseHostsLoading(deps.messages, encodeCauseHostsState(state)));
      if (!opened.ok) {
        deps.logger.warn({ user: body.user.id, error: opened.error }, "could not open the Hosts modal");
        return;
      }
      await deps.acknowledgements.settled();
      await client.views.update({ view_id: opened.viewId, view: await causeHostsView(deps, { action: "cause_hosts", team: body.team?.id ?? null, user: body.user.id, state }) });
    } catch (error) {
      deps.logger.error({ err: error, user: body.user.id }, "could not show a cause's hosts");
    }
  };
}

export function causeHostsPage(deps: ListenerDeps) {
  return async ({ ack, body, action, client }: Args): Promise<void> => {
    await ack();
    const state = decodeCauseHostsState(body.view?.private_metadata);
    const page = Number(action.value);
    if (!state || !body.view || !Number.isSafeInteger(page) || page < 0) {
      deps.gate.recordInvalid({ team: body.team?.id ?? null, user: body.user.id, channel: null, action: "cause_hosts" });
      return;
    }
    try {
      const view = await causeHostsView(deps, { action: "cause_hosts", team: body.team?.id ?? null, user: body.user.id, state: { ...state, page } });
      await client.views.update({ view_id: body.view.id, view });
    } catch (error) {
      deps.logger.error({ err: error, user: body.user.id }, "could not page a cause's hosts");
    }
  };
}

export function postHostList(deps: ListenerDeps) {
  return async ({ ack, body, client }: Args): Promise<void> => {
    await ack();
    const state = decodeCauseHostsState(body.view?.private_metadata);
    if (!state || !body.view) {
      deps.gate.recordInvalid({ team: body.team?.id ?? null, user: body.user.id, channel: null, action: "post_hosts" });
      return;
    }
    const viewId = body.view.id;
    try {
      await postCauseHosts(deps, { action: "post_hosts", team: body.team?.id ?? null, user: body.user.id, state }, {
        show: (view) => client.views.update({ view_id: viewId, view }),
        async post({ channelId, threadTs, comment, lines }) {
          const list = lines.join("\n");
          const thread = threadTs ? { thread_ts: threadTs } : {};
          try {
            if (list.length <= MAX_INLINE_LIST) {
              const text = `${escapeMrkdwn(comment)}\n\`\`\`\n${list}\n\`\`\``;
              await client.chat.postMessage({ channel: channelId, ...thread, text, blocks: [{ type: "section", text: { type: "mrkdwn", text } }] });
            } else {
              const file = { file: Buffer.from(`${list}\n`, "utf8"), filename: `job-${state.jobInstanceId}-hosts.txt`, title: `job-${state.jobInstanceId}-hosts.txt`, initial_comment: escapeMrkdwn(comment) };
              await (threadTs ? client.filesUploadV2({ ...file, channel_id: channelId, thread_ts: threadTs }) : client.filesUploadV2({ ...file, channel_id: channelId }));
            }
            return { ok: true };
          } catch (error) {
            const code = (error as { data?: { error?: string } }).data?.error ?? "unknown error";
            deps.logger.warn({ err: error, code, channel: channelId }, "could not post a host list");
            return { ok: false, reason: escapeMrkdwn(code) };
          }
        },
      });
    } catch (error) {
      deps.logger.error({ err: error, user: body.user.id }, "could not post a cause's host list");
    }
  };
}

/**
 * The Hosts modal's "Log <host> (representative)": the log goes on top of the host list with
 * views.push, whose trigger comes "from an interaction within the existing modal"
 * (https://docs.slack.dev/reference/methods/views.push); closing it goes back to the list. The
 * log modal's Post to thread posts where the Hosts modal would (its channel and thread).
 */
export function causeHostLog(deps: ListenerDeps) {
  return async ({ ack, body, action, client }: Args): Promise<void> => {
    await ack();
    const host = decodeHostRef(action.value);
    const cause = decodeCauseHostsState(body.view?.private_metadata);
    if (!host || !cause) {
      deps.gate.recordInvalid({ team: body.team?.id ?? null, user: body.user.id, channel: null, action: "show_log" });
      return;
    }
    const state: LogModalState = { host, page: 0, channelId: cause.channelId, threadTs: cause.threadTs };
    try {
      const pushed = await client.views.push({ trigger_id: body.trigger_id, view: renderLogLoading(modalHost(state, "", deps.messages), deps.messages, encodeLogModalState(state)) });
      const viewId = pushed.view?.id;
      if (!viewId) return;
      await deps.acknowledgements.settled();
      const view = await logPageView(deps, { action: "show_log", team: body.team?.id ?? null, user: body.user.id, state });
      await client.views.update({ view_id: viewId, view });
    } catch (error) {
      deps.logger.error({ err: error, user: body.user.id }, "could not show a cause's representative log");
    }
  };
}
