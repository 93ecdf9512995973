// A cause's Hosts modal: its representative line, a page of its hosts (one per line, as BK-JOB's
// IP input takes them), paging, "Post host list to thread" and the representative host's log
// (the log modal's Show log button). Pure.
import type { Button, KnownBlock, ModalView } from "@slack/types";
import { encodeHostRef } from "../core/host-ref.js";
import { truncateText } from "../core/log-text.js";
import type { HostRef } from "../core/report-model.js";
import type { Messages } from "../i18n/index.js";
import { ACTION_IDS, CALLBACK_IDS } from "./action-ids.js";
import { actions, button, context, preformatted, section } from "./block-kit.js";
import { MAX_LOG_LINE, MAX_STEP_NAME } from "./display-caps.js";
import { formatCount } from "./format.js";
import { hostLabel } from "./host-label.js";
import { SLACK_LIMITS } from "./limits.js";
import { escapeMrkdwn, inlineCode } from "./mrkdwn.js";

export const CAUSE_HOSTS_PER_PAGE = 100;

export interface CauseHostsPage {
  /** The representative line as printed (masked); null when the hosts printed nothing. */
  line: string | null;
  hosts: readonly HostRef[];
  page: number;
  stepName: string;
  representative: HostRef;
}

function modal(messages: Messages, blocks: KnownBlock[], privateMetadata: string): ModalView {
  return {
    type: "modal",
    callback_id: CALLBACK_IDS.causeHostsModal,
    title: { type: "plain_text", text: truncateText(messages.causes.modalTitle, SLACK_LIMITS.viewTitle) },
    close: { type: "plain_text", text: truncateText(messages.logModal.close, SLACK_LIMITS.viewClose) },
    private_metadata: privateMetadata,
    blocks,
  };
}

export function renderCauseHostsNotice(notice: string, messages: Messages, privateMetadata: string): ModalView {
  return modal(messages, [section(notice, "notice")], privateMetadata);
}

export function renderCauseHostsLoading(messages: Messages, privateMetadata: string): ModalView {
  return modal(messages, [context([escapeMrkdwn(messages.causes.loading)], "loading")], privateMetadata);
}

/** One host a line, as BK-JOB's IP input takes them: the IP (BK-Net:IP outside BK-Net 0), else the IPv6. */
export const hostListLine = (host: HostRef) => (host.ip === "" ? hostLabel(host) : host.bkCloudId === 0 ? host.ip : `${host.bkCloudId}:${host.ip}`);

export function renderCauseHostsPage(page: CauseHostsPage, messages: Messages, privateMetadata: string, notice: string | null = null): ModalView {
  const count = (value: number) => formatCount(value, messages);
  const total = page.hosts.length;
  const pageCount = Math.max(1, Math.ceil(total / CAUSE_HOSTS_PER_PAGE));
  const first = page.page * CAUSE_HOSTS_PER_PAGE;
  const shown = page.hosts.slice(first, first + CAUSE_HOSTS_PER_PAGE);
  const heading = [
    `*${escapeMrkdwn(messages.causes.hosts(count(total)))}*`,
    escapeMrkdwn(messages.causes.step(truncateText(page.stepName, MAX_STEP_NAME))),
  ].join(" · ");
  const blocks: KnownBlock[] = [section(page.line === null ? heading : `${heading}\n${inlineCode(truncateText(page.line.replace(/\s+/g, " "), MAX_LOG_LINE))}`, "cause")];
  if (notice) blocks.push(context([notice], "notice"));
  blocks.push(context([messages.causes.modalRange(count(first + 1), count(first + shown.length), count(total))], "range"));
  blocks.push(preformatted(shown.map(hostListLine).join("\n"), `hosts-${page.page}`));
  const navigation: Button[] = [];
  const pageButton = (text: string, target: number, slot: number) => button({ text, actionId: `${ACTION_IDS.causeHostsPage}:${slot}`, value: String(target) });
  if (page.page > 0) navigation.push(pageButton(messages.logModal.previous, page.page - 1, 0));
  if (page.page < pageCount - 1) navigation.push(pageButton(messages.logModal.next, page.page + 1, 1));
  navigation.push(button({ text: messages.causes.postList, actionId: ACTION_IDS.postHostList, value: "post" }));
  navigation.push(button({ text: messages.causes.representative(hostLabel(page.representative)), actionId: ACTION_IDS.causeHostLog, value: encodeHostRef(page.representative) }));
  blocks.push(actions(navigation, `nav-${page.page}`));
  return modal(messages, blocks, privateMetadata);
}
