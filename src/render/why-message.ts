// `/joblog <biz> <job> why`: the digest of causes alone, under a line naming the job. Pure.
import type { KnownBlock } from "@slack/types";
import type { JobReport } from "../core/report-model.js";
import type { SlackMessage } from "../core/slack-message.js";
import type { Messages } from "../i18n/index.js";
import { ACTION_IDS } from "./action-ids.js";
import { actions, button, section } from "./block-kit.js";
import { causeDigestBlocks, WHY_CAUSES_SHOWN } from "./cause-digest-blocks.js";
import { escapeMrkdwn } from "./mrkdwn.js";
import { PHASE_ICONS } from "./status-labels.js";

export function renderWhyMessage(report: JobReport, messages: Messages): SlackMessage {
  const job = String(report.ref.jobInstanceId);
  const title = `${PHASE_ICONS[report.phase]} ${escapeMrkdwn(messages.causes.whyTitle(job, report.name))}`;
  const digest = causeDigestBlocks(report.causes, messages, { maxCauses: WHY_CAUSES_SHOWN });
  const blocks: KnownBlock[] = [section(title, "why"), ...(digest.length > 0 ? digest : [section(escapeMrkdwn(messages.causes.noFailures(job)), "no-causes")])];
  if (report.webUrl) blocks.push(actions([button({ text: messages.report.openInJob, actionId: ACTION_IDS.openInJob, url: report.webUrl })], "why-actions"));
  return { text: escapeMrkdwn(messages.causes.whyTitle(job, report.name)), blocks };
}
