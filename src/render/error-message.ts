// The one place where failures talking to BK-JOB become words a person reads: what went wrong,
// BK-JOB's own code, message and request id, and what to do next. Pure.
import type { KnownBlock } from "@slack/types";
import type { UpstreamError } from "../core/upstream-error.js";
import { truncateText } from "../core/log-text.js";
import type { Messages } from "../i18n/index.js";
import type { JobRef } from "../core/job-ref.js";
import type { SlackMessage } from "../core/slack-message.js";
import { context, section } from "./block-kit.js";
import { escapeMrkdwn, link } from "./mrkdwn.js";

export interface ErrorContext {
  ref: JobRef | null;
  actingUser: string; // the BlueKing user joblog called BK-JOB as
  timeoutMs: number;
}

/** The explanation and next step, as mrkdwn. */
export function describeUpstreamError(error: UpstreamError, where: ErrorContext, messages: Messages): string {
  const words = messages.errors;
  const job = where.ref ? String(where.ref.jobInstanceId) : "?";
  const biz = where.ref ? String(where.ref.bizId) : "?";
  switch (error.kind) {
    case "not_found":
      return words.not_found(job, biz);
    case "no_permission": {
      const lines = [words.no_permission(escapeMrkdwn(where.actingUser))];
      const actions = error.permission?.actions ?? [];
      if (actions.length > 0) {
        const names = actions.map((action) => `${escapeMrkdwn(action.name || action.id)} (\`${escapeMrkdwn(action.id)}\`)`);
        lines.push(words.no_permission_actions(names.join(", ")));
      }
      lines.push(words.no_permission_next);
      if (error.permission?.applyUrl) lines.push(link(error.permission.applyUrl, words.apply_link));
      return lines.join("\n");
    }
    case "business_not_found":
      return words.business_not_found(biz);
    case "bad_credentials":
      return gatewayCredentialWords(error, words) ?? words.bad_credentials;
    case "gateway":
      return gatewayFailureWords(error, words) ?? words.gateway;
    case "rate_limited": {
      // The gateway says when its window resets (X-Bkapi-RateLimit-Reset); ESB does not.
      const seconds = error.rateLimit?.resetSeconds;
      return seconds !== null && seconds !== undefined ? words.rate_limited_reset(String(Math.max(1, Math.ceil(seconds)))) : words.rate_limited;
    }
    case "timeout":
      return words.timeout(escapeMrkdwn(error.api), String(Math.round(where.timeoutMs / 100) / 10));
    case "network":
      return words.network;
    case "bad_response":
      return words.bad_response;
    case "upstream":
      return words.upstream;
  }
}

type ErrorWords = Messages["errors"];

/** The API gateway's own refusals of joblog's app (its error codes: src/bkjob/classify-error.ts). */
function gatewayCredentialWords(error: UpstreamError, words: ErrorWords): string | null {
  if (error.code === 1640001) return words.gateway_credentials; // INVALID_ARGS
  if (error.code === 1640301) return words.gateway_app_no_permission; // APP_NO_PERMISSION
  return null;
}

function gatewayFailureWords(error: UpstreamError, words: ErrorWords): string | null {
  switch (error.code) {
    case 1640302: // IP_NOT_ALLOWED
      return words.gateway_ip_not_allowed;
    case 1640401: // API_NOT_FOUND
      return words.gateway_api_not_found;
    case 1650401: // REQUEST_BACKEND_TIMEOUT
      return words.gateway_backend_timeout(escapeMrkdwn(error.api));
    default:
      return null;
  }
}

/** Kinds whose message is joblog's own account of what happened, not words BK-JOB sent. */
export const JOBLOG_OWN_MESSAGE: ReadonlySet<UpstreamError["kind"]> = new Set(["timeout", "network", "bad_response"]);

/**
 * "BK-JOB code 1244006 · request id abc", with only what is known: a timeout has neither, and
 * then there is no line at all rather than placeholders.
 */
export function errorDetails(error: UpstreamError, messages: Messages): string | null {
  const words = messages.errors;
  const named = error.codeName ? ` ${error.codeName}` : "";
  const code = error.code !== null ? words.detailsCode(`${error.code}${named}`) : error.httpStatus !== null ? `HTTP ${error.httpStatus}` : null;
  const parts = [code, error.requestId ? words.detailsRequestId(error.requestId) : null];
  const known = parts.filter((part): part is string => part !== null);
  return known.length > 0 ? known.join(" · ") : null;
}

export function renderUpstreamError(error: UpstreamError, where: ErrorContext, messages: Messages): SlackMessage {
  const words = messages.errors;
  const explanation = describeUpstreamError(error, where, messages);
  const blocks: KnownBlock[] = [section(`*${words.heading}*\n${explanation}`, "error")];
  if (error.message && !JOBLOG_OWN_MESSAGE.has(error.kind)) {
    blocks.push(section(`${words.bkMessage}: ${escapeMrkdwn(truncateText(error.message, 500))}`, "error-message"));
  }
  const details = errorDetails(error, messages);
  if (details !== null) blocks.push(context([escapeMrkdwn(details)], "error-details"));
  return { text: `${words.heading} ${explanation}`.slice(0, 3_000), blocks };
}

export function renderInternalError(messages: Messages): SlackMessage {
  return { text: messages.errors.internal, blocks: [section(`⚠️ ${messages.errors.internal}`, "error")] };
}
