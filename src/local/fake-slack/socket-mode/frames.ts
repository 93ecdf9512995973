// The frames Slack sends over a Socket Mode WebSocket, as pure builders. Shapes from Slack's
// "Using Socket Mode" (https://docs.slack.dev/apis/events-api/using-socket-mode/) and the frames
// python-slack-sdk tests its client with (tests/slack_sdk/socket_mode/mock_socket_mode_server.py):
//   {"type":"hello","num_connections":2,"debug_info":{"host":"applink-111-xxx","build_number":10,
//    "approximate_connection_time":18060},"connection_info":{"app_id":"A111"}}
//   {"type":"disconnect","reason":"warning","debug_info":{"host":"applink-13"}}
//   {"envelope_id":"…","payload":{…},"type":"slash_commands","accepts_response_payload":true}
//   {"envelope_id":"…","payload":{…},"type":"events_api","accepts_response_payload":false,
//    "retry_attempt":0,"retry_reason":""}
import { BOT } from "../workspace-model.js";
import type { EnvelopeType, SocketEnvelope } from "./socket-mode-types.js";

/** How long a connection lives before Slack refreshes it, in seconds (Slack's own example value). */
const APPROXIMATE_CONNECTION_SECONDS = 18_060;

export const hostName = (connectionId: number): string => `applink-fake-${connectionId}`;

export function helloFrame(connectionId: number, openConnections: number): Record<string, unknown> {
  return {
    type: "hello",
    num_connections: openConnections,
    debug_info: { host: hostName(connectionId), build_number: 1, approximate_connection_time: APPROXIMATE_CONNECTION_SECONDS },
    connection_info: { app_id: BOT.appId },
  };
}

export function disconnectFrame(connectionId: number, reason: string): Record<string, unknown> {
  return { type: "disconnect", reason, debug_info: { host: hostName(connectionId) } };
}

/**
 * Whether the acknowledgement may carry a payload Slack uses: a slash command's answer, a view
 * submission's response_action, an options request's options. Button presses, shortcuts and
 * events do not (python-slack-sdk's frames: slash_commands true, a shortcut false, events false).
 */
export function acceptsResponsePayload(type: EnvelopeType, payload: Record<string, unknown>): boolean {
  if (type === "slash_commands") return true;
  if (type === "interactive") return payload["type"] === "view_submission" || payload["type"] === "block_suggestion";
  return false;
}

/** The first delivery of an envelope; events carry retry_attempt 0 and an empty retry_reason. */
export function envelope(envelopeId: string, type: EnvelopeType, payload: Record<string, unknown>): SocketEnvelope {
  const base = { envelope_id: envelopeId, type, payload, accepts_response_payload: acceptsResponsePayload(type, payload) };
  return type === "events_api" ? { ...base, retry_attempt: 0, retry_reason: "" } : base;
}

/** Slack's retry of an unacknowledged event: same envelope_id, retry_attempt counted up, reason "timeout". */
export function retried(first: SocketEnvelope, attempt: number): SocketEnvelope {
  return { ...first, retry_attempt: attempt, retry_reason: "timeout" };
}

export interface SlashCommandPayloadFields {
  text: string;
  command: string;
  userId: string;
  userName: string;
  channelId: string;
  channelName: string;
  responseUrl: string;
  triggerId: string;
}

/** A slash command's payload: the same fields as the form Slack posts in HTTP mode, as strings. */
export function slashCommandPayload(fields: SlashCommandPayloadFields): Record<string, unknown> {
  return {
    token: "fake-verification-token",
    team_id: BOT.teamId,
    team_domain: "fake",
    channel_id: fields.channelId,
    channel_name: fields.channelName,
    user_id: fields.userId,
    user_name: fields.userName,
    command: fields.command,
    text: fields.text,
    api_app_id: BOT.appId,
    is_enterprise_install: "false",
    response_url: fields.responseUrl,
    trigger_id: fields.triggerId,
  };
}

/** The `event_callback` an Events API event arrives in. */
export function eventCallbackPayload(event: Record<string, unknown>, eventId: string, nowMs: number): Record<string, unknown> {
  return {
    token: "fake-verification-token",
    team_id: BOT.teamId,
    api_app_id: BOT.appId,
    event,
    type: "event_callback",
    event_id: eventId,
    event_time: Math.floor(nowMs / 1000),
    authorizations: [{ enterprise_id: null, team_id: BOT.teamId, user_id: BOT.userId, is_bot: true, is_enterprise_install: false }],
    is_ext_shared_channel: false,
  };
}
