// The answer to "show me job X": fetch, build the report, withhold its logs where the rules say,
// render it, or render what went wrong. Delivery is the caller's.
import type { JobRef } from "../core/job-ref.js";
import type { JobReport } from "../core/report-model.js";
import type { Messages } from "../i18n/index.js";
import type { SlackMessage } from "../core/slack-message.js";
import { reportShown } from "../core/withhold-logs.js";
import { renderUpstreamError } from "../render/error-message.js";
import { renderGrepMessage } from "../render/grep-message.js";
import { renderReportMessage } from "../render/report-message.js";
import { renderWhyMessage } from "../render/why-message.js";
import { actionOptionsFor } from "./action-offer.js";
import { fetchJobReport, type JobReportOptions } from "./job-report.js";
import { DEFAULT_CAUSE_DIGEST_LIMITS } from "./read-cause-digest.js";
import type { RequestContext, RequestDeps } from "./request-deps.js";

export type ReportReply = { kind: "report"; message: SlackMessage } | { kind: "error"; message: SlackMessage; code: number | null };

/** With `grep`, the answer is the log search (only hosts whose log contains the text); with `why`, the digest of causes alone (render/why-message.ts). */
export async function buildReportReply(
  deps: RequestDeps,
  context: RequestContext,
  ref: JobRef,
  options: JobReportOptions & { note?: string; why?: boolean } = {},
): Promise<ReportReply> {
  // The report says why it failed first; a log search answers only its question.
  const causes = options.grep ? null : (deps.causeLimits ?? DEFAULT_CAUSE_DIGEST_LIMITS);
  const result = await fetchJobReport({ ...deps, jobApi: context.jobApi }, ref, { causes, ...options });
  if (!result.ok) {
    const { error } = result;
    deps.logger.warn(
      { ref, kind: error.kind, api: error.api, code: error.code, requestId: error.requestId, httpStatus: error.httpStatus },
      "BK-JOB request failed",
    );
    return {
      kind: "error",
      code: error.code,
      message: renderUpstreamError(error, { ref, actingUser: context.actingUser, timeoutMs: deps.timeoutMs }, deps.messages),
    };
  }
  const shown = reportShown(result.value, context.logsWithheldBy);
  if (options.why) return { kind: "report", message: rendered(result.value, deps.messages, [context.logsWithheldBy, "why"], () => renderWhyMessage(shown, deps.messages)) };
  if (shown.grep) return { kind: "report", message: rendered(result.value, deps.messages, [context.logsWithheldBy, "grep"], () => renderGrepMessage(shown, deps.messages)) };
  const actions = await actionOptionsFor(deps, context, shown);
  const renderOptions = { ...(options.note ? { note: options.note } : {}), ...(actions ? { actions } : {}) };
  return { kind: "report", message: rendered(result.value, deps.messages, [context.logsWithheldBy, renderOptions], () => renderReportMessage(shown, deps.messages, renderOptions)) };
}

/**
 * Messages rendered from one built report, by language and what else went into them. People
 * sharing a fetch share its report (JobRead.derived): in an incident rush 200 askers in a few
 * channels get a handful of different messages, each rendered once. Rendering is pure, so a
 * message is the same whoever it was rendered for; kept as long as the report is.
 */
const renderedMessages = new WeakMap<JobReport, WeakMap<Messages, Map<string, SlackMessage>>>();

function rendered(report: JobReport, messages: Messages, inputs: unknown[], render: () => SlackMessage): SlackMessage {
  let byLanguage = renderedMessages.get(report);
  if (!byLanguage) renderedMessages.set(report, (byLanguage = new WeakMap()));
  let byInputs = byLanguage.get(messages);
  if (!byInputs) byLanguage.set(messages, (byInputs = new Map()));
  const key = JSON.stringify(inputs);
  let message = byInputs.get(key);
  if (!message) byInputs.set(key, (message = render()));
  return message;
}
