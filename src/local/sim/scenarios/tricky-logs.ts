// "tricky-output": text that breaks naive renderers. Chinese, emoji (skin tone, ZWJ family),
// Slack control sequences (<!channel>, <@U…>, <url|label>), literal "&" and "&amp;", fences,
// ANSI colours, tabs, a CRLF line, a 5,000-character line, and hostile tags and job name.
import { beijingTime } from "../beijing-time.js";
import { HOST_STATUS, RUN_STATUS, type SimJob } from "../model.js";
import { scriptLog, simHost, simJob, simStep } from "./builders.js";

const LONG_LINE_LENGTH = 5000;

export const TRICKY_TEXT = {
  jobName: "<!channel> & *bold* release",
  stepName: "notify <@U123ABC> & `deploy`",
  chinese: "磁盘空间不足，部署失败",
  emoji: "🔥 deploy failed 👍🏽 👨‍👩‍👧‍👦",
  mentions: "<!channel> <!here> <@U123ABC> see <https://evil.example|click>",
  ampersands: "AT&T said R&D & &amp; are different",
  fence: "```\nrm -rf /tmp/build\n```",
  ansi: "\u001b[31mERROR\u001b[0m config check \u001b[1;32mpassed\u001b[0m",
  tab: "name\tstatus\texit",
  crlfLine: "windows tool output\r",
  longLine: `ERROR: ${"x".repeat(LONG_LINE_LENGTH - "ERROR: ".length)}`,
  // Longer than the 256 characters real bk-job keeps (§6): tests the bot's own limits.
  longTag: `tag-${"0123456789".repeat(30)}`.slice(0, 300),
  channelTag: "<!channel> deploy failed",
} as const;

const T0 = beijingTime("2024-07-07 07:07:07");
const at = (seconds: number): number => T0 + seconds * 1000;

export function trickyLogsJob(ids: { bizId: number; jobInstanceId: number }): SimJob {
  const failed = (ip: string, pid: number, tag: string, exitCode: number, lines: string[]) =>
    simHost({
      ip,
      ipStatus: HOST_STATUS.nonZeroExitCode,
      tag,
      exitCode,
      startTime: at(5),
      endTime: at(9),
      log: scriptLog(at(5), pid, [[0, "job_start"], ...lines, [4, "job_fail"]]),
    });

  return simJob({
    ...ids,
    bkJobId: 3003,
    name: TRICKY_TEXT.jobName,
    status: RUN_STATUS.failed,
    createTime: T0,
    startTime: T0,
    endTime: at(9.5),
    currentStepInstanceId: 30002,
    steps: [
      simStep({
        stepInstanceId: 30001,
        name: TRICKY_TEXT.stepName,
        status: RUN_STATUS.success,
        createTime: T0,
        startTime: T0,
        endTime: at(4),
        hosts: [
          simHost({
            ip: "10.0.3.1",
            startTime: T0,
            endTime: at(4),
            log: scriptLog(T0, 7001, [[0, "job_start"], TRICKY_TEXT.emoji, [4, "job_success"]]),
          }),
        ],
      }),
      simStep({
        stepInstanceId: 30002,
        name: "deploy 🔥",
        status: RUN_STATUS.failed,
        createTime: T0,
        startTime: at(5),
        endTime: at(9.5),
        hosts: [
          failed("10.0.3.11", 7011, "", 1, [TRICKY_TEXT.chinese, TRICKY_TEXT.emoji, TRICKY_TEXT.ampersands]),
          failed("10.0.3.12", 7012, TRICKY_TEXT.channelTag, 1, [TRICKY_TEXT.mentions, TRICKY_TEXT.fence]),
          failed("10.0.3.13", 7013, TRICKY_TEXT.longTag, 3, [TRICKY_TEXT.ansi, TRICKY_TEXT.tab, TRICKY_TEXT.crlfLine]),
          failed("10.0.3.14", 7014, "", 2, [TRICKY_TEXT.longLine]),
        ],
      }),
    ],
  });
}
