// One host's log in a modal: a loading view (opened at once, inside the trigger's 3 s) and the
// page views that follow, with paging and "post full log to thread" buttons. Pure.
import type { Button, KnownBlock, ModalView, PlainTextOption } from "@slack/types";
import { chunkLines } from "../core/log-pages.js";
import { truncateText } from "../core/log-text.js";
import type { Messages } from "../i18n/index.js";
import { ACTION_IDS, CALLBACK_IDS } from "./action-ids.js";
import { actions, button, context, preformatted, section } from "./block-kit.js";
import { formatCount } from "./format.js";
import { SLACK_LIMITS } from "./limits.js";
import { escapeMrkdwn, inlineCode } from "./mrkdwn.js";

const PREFORMATTED_CHUNK = 2_900;

export interface LogModalHost {
  label: string; // IP, or a stand-in for IPv6-only hosts
  bkCloudId: number;
  stepName: string;
  jobInstanceId: number;
  /** Other hosts to switch to, with a line saying why these; the shown one is `chosen`. */
  picker?: { note: string; options: { label: string; value: string }[]; chosen: string };
}

export interface LogModalPage {
  page: number; // 0-based
  pageCount: number;
  firstLine: number;
  lastLine: number;
  totalLines: number;
  lines: string[];
}

function modal(messages: Messages, blocks: KnownBlock[], privateMetadata: string): ModalView {
  return {
    type: "modal",
    callback_id: CALLBACK_IDS.logModal,
    title: { type: "plain_text", text: truncateText(messages.logModal.title, SLACK_LIMITS.viewTitle) },
    close: { type: "plain_text", text: truncateText(messages.logModal.close, SLACK_LIMITS.viewClose) },
    private_metadata: privateMetadata,
    blocks,
  };
}

function hostPicker(picker: NonNullable<LogModalHost["picker"]>, messages: Messages): KnownBlock[] {
  const options: PlainTextOption[] = picker.options.slice(0, SLACK_LIMITS.selectOptions).map((option) => ({
    text: { type: "plain_text", text: truncateText(option.label, SLACK_LIMITS.optionText), emoji: true },
    value: option.value,
  }));
  const chosen = options.find((option) => option.value === picker.chosen);
  return [
    context([escapeMrkdwn(picker.note)], "host-picker-note"),
    {
      type: "actions",
      block_id: "host-picker",
      elements: [
        {
          type: "static_select",
          action_id: ACTION_IDS.logHost,
          placeholder: { type: "plain_text", text: truncateText(messages.logHosts.placeholder, SLACK_LIMITS.placeholder) },
          options,
          ...(chosen ? { initial_option: chosen } : {}),
        },
      ],
    },
  ];
}

function hostHeading(host: LogModalHost, messages: Messages): KnownBlock[] {
  const heading = section(
    [
      `*${inlineCode(host.label)}*`,
      `${messages.report.bkNet} ${host.bkCloudId}`,
      escapeMrkdwn(truncateText(host.stepName, 100)),
      `${messages.report.job} ${host.jobInstanceId}`,
    ].join(" · "),
    "host",
  );
  return host.picker && host.picker.options.length > 1 ? [heading, ...hostPicker(host.picker, messages)] : [heading];
}

export function renderLogLoading(host: LogModalHost, messages: Messages, privateMetadata: string): ModalView {
  return modal(messages, [...hostHeading(host, messages), context([escapeMrkdwn(messages.logModal.loading(host.label))], "loading")], privateMetadata);
}

/** A modal that only says something (an error, or that the host is gone). */
export function renderLogNotice(host: LogModalHost, notice: string, messages: Messages, privateMetadata: string): ModalView {
  return modal(messages, [...hostHeading(host, messages), section(notice, "notice")], privateMetadata);
}

/** Before any host is known: "Finding the host to show in job N…", or why there is none (mrkdwn). */
export function renderJobLogNotice(notice: string, messages: Messages): ModalView {
  return modal(messages, [section(notice, "notice")], "");
}

export function renderLogPage(
  host: LogModalHost,
  page: LogModalPage,
  messages: Messages,
  privateMetadata: string,
  notice: string | null = null,
  posted: { link: string | null } | null = null,
): ModalView {
  const blocks: KnownBlock[] = [...hostHeading(host, messages)];
  if (notice) blocks.push(context([notice], "notice"));
  if (page.totalLines === 0) {
    blocks.push(section(messages.logModal.empty, "empty"));
  } else {
    const count = (value: number) => formatCount(value, messages);
    blocks.push(context([messages.logModal.lines(count(page.firstLine), count(page.lastLine), count(page.totalLines))], "range"));
    for (const [index, chunk] of chunkLines(page.lines, PREFORMATTED_CHUNK).entries()) {
      blocks.push(preformatted(chunk, `log-${page.page}-${index}`));
    }
  }
  const navigation: Button[] = [];
  const pageButton = (text: string, target: number, slot: number) =>
    button({ text, actionId: `${ACTION_IDS.logPage}:${slot}`, value: String(target) });
  if (page.page > 0) {
    navigation.push(pageButton(messages.logModal.first, 0, 0), pageButton(messages.logModal.previous, page.page - 1, 1));
  }
  if (page.page < page.pageCount - 1) {
    navigation.push(
      pageButton(messages.logModal.next, page.page + 1, 2),
      pageButton(messages.logModal.last, page.pageCount - 1, 3),
    );
  }
  // Once posted, the button says so and opens the file (or goes, when Slack gave no link).
  if (page.totalLines > 0 && posted === null) {
    navigation.push(button({ text: messages.logModal.postToThread, actionId: ACTION_IDS.postLog, value: "post" }));
  } else if (page.totalLines > 0 && posted?.link) {
    navigation.push(button({ text: messages.postedLog.button, actionId: ACTION_IDS.openPostedLog, url: posted.link }));
  }
  if (navigation.length > 0) blocks.push(actions(navigation, `nav-${page.page}`));
  if (page.totalLines > 0 && posted?.link === null) blocks.push(context([messages.postedLog.done], "posted"));
  return modal(messages, blocks, privateMetadata);
}
