// Why joblog will not answer a request (rate limits, access rules, no identity), in words, as a
// message only the asker sees. Rule names come from the administrator's file: escaped all the same.
import type { Denial } from "../core/access-model.js";
import type { Messages } from "../i18n/index.js";
import type { SlackMessage } from "../core/slack-message.js";
import { section } from "./block-kit.js";
import { inlineCode } from "./mrkdwn.js";

export function describeDenial(denial: Denial, messages: Messages): string {
  const words = messages.access;
  switch (denial.kind) {
    case "rate_limited":
      return (denial.scope === "user" ? words.rateLimitedUser : words.rateLimitedChannel)(String(denial.retryAfterSeconds));
    case "no_identity":
      return denial.reason === "not_mapped" ? words.notMapped : denial.reason === "no_email" ? words.noEmail : words.lookupFailed;
    case "access": {
      const biz = String(denial.bizId);
      const rule = inlineCode(denial.rule);
      switch (denial.reason) {
        case "channel":
          return words.channelDenied(biz, rule);
        case "follow":
          return words.followDenied(biz, rule);
        case "logs":
          return words.logsDenied(biz, rule);
        case "operate":
          return denial.rule === "" ? messages.stepActions.noAccessFile : messages.stepActions.operateDenied(biz, rule);
        case "no_rule":
          return words.noRule(biz);
        case "watch":
          return messages.runs.watchDenied(biz, rule);
      }
    }
  }
}

export function renderDenial(denial: Denial, messages: Messages): SlackMessage {
  const text = `🚫 ${describeDenial(denial, messages)}`;
  return { text, blocks: [section(text, "denied")] };
}
