// Sends requests to the Bolt HTTP receiver exactly as Slack does: form or JSON bodies, signed
// with HMAC-SHA256 over `v0:{timestamp}:{body}` (https://api.slack.com/authentication/verifying-requests-from-slack).
import { createHmac } from "node:crypto";

export const SIGNING_SECRET = "test-signing-secret";

export function signature(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac("sha256", secret).update(`v0:${timestamp}:${body}`).digest("hex")}`;
}

export interface SendOptions {
  secret?: string;
  timestamp?: number;
  /** Sign one body and send another (a tampered request). */
  tamper?: (body: string) => string;
  omitSignature?: boolean;
}

export interface SentResponse {
  status: number;
  body: string;
  elapsedMs: number;
}

async function send(appUrl: string, body: string, contentType: string, options: SendOptions = {}): Promise<SentResponse> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = { "content-type": contentType, "x-slack-request-timestamp": String(timestamp) };
  if (!options.omitSignature) headers["x-slack-signature"] = signature(options.secret ?? SIGNING_SECRET, timestamp, body);
  const started = performance.now();
  const response = await fetch(`${appUrl}/slack/events`, {
    method: "POST",
    headers,
    body: options.tamper ? options.tamper(body) : body,
  });
  const text = await response.text();
  return { status: response.status, body: text, elapsedMs: performance.now() - started };
}

export interface SlashCommandFields {
  text: string;
  response_url: string;
  trigger_id?: string;
  user_id?: string;
  channel_id?: string;
  /** Slack sends "directmessage" in a DM and "privategroup" in a private channel. */
  channel_name?: string;
}

let triggerCounter = 0;
/** Slack gives every command and press a trigger_id of its own (https://api.slack.com/interactivity/handling#modal_responses). */
const freshTriggerId = (): string => `${Date.now()}.${++triggerCounter}.trigger`;

/** The form body Slack posts for a `/joblog` slash command. */
export function slashCommandBody(fields: SlashCommandFields): string {
  return new URLSearchParams({
    token: "deprecated-verification-token",
    team_id: "T0001",
    team_domain: "acme",
    channel_id: fields.channel_id ?? "C0INCIDENT",
    channel_name: fields.channel_name ?? "incident",
    user_id: fields.user_id ?? "U0OPS",
    user_name: "ops",
    command: "/joblog",
    text: fields.text,
    api_app_id: "A0JOBLOG",
    response_url: fields.response_url,
    trigger_id: fields.trigger_id ?? freshTriggerId(),
  }).toString();
}

/** The form body Slack posts for an interaction (a button press in a message or a modal). */
export const interactionBody = (payload: Record<string, unknown>): string => new URLSearchParams({ payload: JSON.stringify(payload) }).toString();

export function sendSlashCommand(appUrl: string, fields: SlashCommandFields, options?: SendOptions): Promise<SentResponse> {
  return send(appUrl, slashCommandBody(fields), "application/x-www-form-urlencoded", options);
}

export function sendInteraction(appUrl: string, payload: Record<string, unknown>, options?: SendOptions): Promise<SentResponse> {
  return send(appUrl, interactionBody(payload), "application/x-www-form-urlencoded", options);
}

let eventCounter = 0;

export function sendEvent(appUrl: string, event: Record<string, unknown>, options?: SendOptions & { eventId?: string }): Promise<SentResponse> {
  eventCounter += 1;
  const body = JSON.stringify({
    token: "deprecated-verification-token",
    team_id: "T0001",
    api_app_id: "A0JOBLOG",
    type: "event_callback",
    event_id: options?.eventId ?? `Ev${Date.now()}${eventCounter}`,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ team_id: "T0001", user_id: "U0BOT", is_bot: true }],
    event,
  });
  return send(appUrl, body, "application/json", options);
}

/** A block_actions payload for a button in a message, as Slack sends it. */
export function messageButtonPayload(options: {
  actionId: string;
  value: string;
  blockId?: string;
  triggerId: string;
  channel: string;
  messageTs: string;
  threadTs?: string;
  responseUrl?: string;
  user?: string;
}): Record<string, unknown> {
  return {
    type: "block_actions",
    team: { id: "T0001", domain: "acme" },
    user: { id: options.user ?? "U0OPS", username: "ops", team_id: "T0001" },
    api_app_id: "A0JOBLOG",
    token: "deprecated-verification-token",
    container: { type: "message", message_ts: options.messageTs, channel_id: options.channel, is_ephemeral: false },
    trigger_id: options.triggerId,
    channel: { id: options.channel, name: "incident" },
    message: { type: "message", ts: options.messageTs, ...(options.threadTs ? { thread_ts: options.threadTs } : {}), text: "" },
    response_url: options.responseUrl ?? "http://127.0.0.1:1/none",
    actions: [
      {
        type: "button",
        action_id: options.actionId,
        block_id: options.blockId ?? "report-actions",
        value: options.value,
        action_ts: `${Date.now() / 1000}`,
        text: { type: "plain_text", text: "Log" },
      },
    ],
  };
}

/** A block_actions payload for a button inside a modal. */
export function viewButtonPayload(options: {
  actionId: string;
  value: string;
  view: { id: string; private_metadata?: string; hash?: string; callback_id?: string };
  triggerId?: string;
  user?: string;
}): Record<string, unknown> {
  return {
    type: "block_actions",
    team: { id: "T0001", domain: "acme" },
    user: { id: options.user ?? "U0OPS", username: "ops", team_id: "T0001" },
    api_app_id: "A0JOBLOG",
    token: "deprecated-verification-token",
    container: { type: "view", view_id: options.view.id },
    trigger_id: options.triggerId ?? freshTriggerId(),
    view: { type: "modal", ...options.view },
    actions: [
      {
        type: "button",
        action_id: options.actionId,
        block_id: "nav",
        value: options.value,
        action_ts: `${Date.now() / 1000}`,
        text: { type: "plain_text", text: "page" },
      },
    ],
  };
}
