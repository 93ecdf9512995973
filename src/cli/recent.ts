// `joblog recent <biz> [name] [--failed] [--json]`: a business's latest runs (the last 30 days,
// newest first, 10 unless --limit), as lines for a person or as JSON for a script. The same list
// the bot's `/joblog recent` shows, from get_job_instance_list (ESB jobv3 in esb-v2 mode).
import { createRunListApi } from "../bkjob/run-list-api.js";
import type { BkJobOnlyConfig } from "../config.js";
import { lastThirtyDays, RUN_STATUS_FAILED } from "../core/run-list.js";
import { parseRunCommand } from "../core/run-command.js";
import { runPhase } from "../core/status.js";
import type { UpstreamError } from "../core/upstream-error.js";
import type { Messages } from "../i18n/index.js";
import type { Clock } from "../ports/clock.js";
import type { Logger } from "../ports/logger.js";
import { formatBkTime, formatDuration } from "../render/format.js";
import { mrkdwnToPlain } from "../render/mrkdwn-plain.js";
import { describeUsageProblem } from "../render/usage-message.js";
import { PHASE_ICONS, runStatusLabel } from "../render/status-labels.js";

export interface RecentIo {
  argv: readonly string[];
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  fetch: typeof fetch;
  clock: Clock;
  logger: Logger;
}

/** Whether the words ask for `recent` (the first word that is not an option). */
export const wantsRecent = (argv: readonly string[]): boolean => argv.find((arg) => !arg.startsWith("--"))?.toLowerCase() === "recent";

export async function runRecent(io: RecentIo, config: BkJobOnlyConfig, messages: Messages, describeError: (error: UpstreamError, bizId: number) => string): Promise<number> {
  const json = io.argv.includes("--json");
  const words = io.argv.filter((arg) => arg !== "--json" && arg !== "--sim");
  const parsed = parseRunCommand(words);
  if (parsed === null || parsed.kind === "runsInvalid" || parsed.kind !== "recent") {
    const problem = parsed?.kind === "runsInvalid" ? mrkdwnToPlain(describeUsageProblem(parsed.problem, messages)) : "usage: joblog recent <biz> [name] [--failed] [--json]";
    io.stderr.write(`joblog: ${problem}\n`);
    return 2;
  }
  if (parsed.mine) {
    io.stderr.write("joblog: --mine is for Slack (it names the asker); in a terminal, runs are listed as BK_USERNAME\n");
    return 2;
  }
  const api = createRunListApi(config.bkJob, { fetch: io.fetch, logger: io.logger, language: config.language });
  const page = await api.listRuns({
    bizId: parsed.bizId,
    ...lastThirtyDays(io.clock.now()),
    name: parsed.name,
    status: parsed.failedOnly ? RUN_STATUS_FAILED : null,
    start: 0,
    length: 10,
  });
  if (!page.ok) {
    io.stderr.write(`${describeError(page.error, parsed.bizId)}\n`);
    return 2;
  }
  if (json) {
    io.stdout.write(`${JSON.stringify(page.value, null, 2)}\n`);
    return 0;
  }
  if (page.value.runs.length === 0) io.stdout.write(`${messages.runs.none}\n`);
  for (const run of page.value.runs) {
    const started = run.startTime ?? run.createTime;
    const parts = [
      `${PHASE_ICONS[runPhase(run.status)]} ${run.name}`,
      runStatusLabel(run.status, messages),
      run.operator ?? "",
      started === null ? "" : formatBkTime(new Date(started)),
      run.totalTimeMs === null ? "" : formatDuration(run.totalTimeMs, messages),
      `${parsed.bizId} ${run.jobInstanceId}`,
    ];
    io.stdout.write(`${parts.filter((part) => part !== "").join("  ·  ")}\n`);
  }
  return 0;
}
