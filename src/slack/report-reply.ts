// The answer to "show me job X": fetch, build the report, render it, or render what went wrong.
// Shared by the slash command and mentions; delivery is the caller's.
import { withholdLogs } from "../core/withhold-logs.js";
import { renderUpstreamError } from "../render/error-message.js";
import type { SlackMessage } from "../core/slack-message.js";
import { renderGrepMessage } from "../render/grep-message.js";
import { renderReportMessage } from "../render/report-message.js";
import { fetchJobReport, type JobReportOptions } from "../use-cases/job-report.js";
import type { JobRef } from "../core/job-ref.js";
import type { Services } from "./services.js";

export type ReportReply = { kind: "report"; message: SlackMessage } | { kind: "error"; message: SlackMessage; code: number | null };

/** With `grep`, the answer is the log search (only hosts whose log contains the text). */
export async function buildReportReply(services: Services, ref: JobRef, options: JobReportOptions = {}): Promise<ReportReply> {
  const result = await fetchJobReport(services, ref, options);
  if (!result.ok) {
    const { error } = result;
    services.logger.warn(
      { ref, kind: error.kind, api: error.api, code: error.code, requestId: error.requestId, httpStatus: error.httpStatus },
      "BK-JOB request failed",
    );
    return {
      kind: "error",
      code: error.code,
      message: renderUpstreamError(error, { ref, actingUser: services.actingUser, timeoutMs: services.timeoutMs }, services.messages),
    };
  }
  const render = result.value.grep ? renderGrepMessage : renderReportMessage;
  const report = services.logsWithheldBy === null ? result.value : withholdLogs(result.value, services.logsWithheldBy);
  return { kind: "report", message: render(report, services.messages) };
}
