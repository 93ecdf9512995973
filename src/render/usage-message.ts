// The usage help, optionally opened by what was wrong with the input. Pure.
import type { UsageProblem } from "../core/command.js";
import type { Messages } from "../i18n/index.js";
import type { SlackMessage } from "../core/slack-message.js";
import { context, header, section } from "./block-kit.js";
import { escapeMrkdwn } from "./mrkdwn.js";

export function describeUsageProblem(problem: UsageProblem, messages: Messages): string {
  const words = messages.usage.problems;
  switch (problem.code) {
    case "empty":
      return words.empty;
    case "tooManyWords":
      return words.tooManyWords;
    case "notANumber":
      return words.notANumber(escapeMrkdwn(problem.word.replace(/`/g, "'")));
    case "tooLarge":
      return words.tooLarge(escapeMrkdwn(problem.word.replace(/`/g, "'")));
    case "missingJob":
      return words.missingJob;
    case "missingBiz":
      return words.missingBiz;
    case "unknownLink":
      return words.unknownLink;
    case "bizMismatch":
      return words.bizMismatch(String(problem.linkBiz), String(problem.givenBiz));
    case "unknownOption":
      return words.unknownOption(escapeMrkdwn(problem.word.replace(/`/g, "'")));
    case "grepNeedsText":
      return words.grepNeedsText;
    case "grepTooLong":
      return words.grepTooLong(String(problem.max));
    case "runsNeedBiz":
      return messages.runs.problems.needBiz(problem.command);
    case "runsNeedName":
      return messages.runs.problems.needName;
    case "runsBadOption":
      return messages.runs.problems.badOption(problem.command, escapeMrkdwn(problem.word.replace(/`/g, "'")), problem.known.map((option) => `\`${option}\``).join(", "));
    case "runsNameTooLong":
      return messages.runs.problems.nameTooLong(String(problem.max));
  }
}

export function renderUsage(messages: Messages, problem: UsageProblem | null = null): SlackMessage {
  const blocks = [];
  const lead = problem ? messages.usage.problem(describeUsageProblem(problem, messages)) : null;
  if (lead) blocks.push(section(`⚠️ ${lead}`, "problem"));
  blocks.push(header(messages.usage.title, "usage-title"), section(messages.usage.body, "usage"), section(messages.runs.usage, "usage-runs"));
  blocks.push(context(["joblog · BK-JOB"], "usage-context"));
  return { text: lead ?? messages.usage.title, blocks };
}
