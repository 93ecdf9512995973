// Public types of the fake Slack's Socket Mode side: what tests program against. The shapes follow
// Slack's "Using Socket Mode" (https://docs.slack.dev/apis/events-api/using-socket-mode/) and the
// frames Slack's own SDKs are tested with (python-slack-sdk, tests/slack_sdk/socket_mode/mock_socket_mode_server.py).

export type EnvelopeType = "slash_commands" | "interactive" | "events_api";

/** One envelope as it goes over the WebSocket. */
export interface SocketEnvelope {
  envelope_id: string;
  type: EnvelopeType;
  payload: Record<string, unknown>;
  accepts_response_payload: boolean;
  /** events_api only: 0 on the first delivery, then 1, 2, 3 on Slack's retries. */
  retry_attempt?: number;
  /** events_api only: "" on the first delivery, "timeout" on retries. */
  retry_reason?: string;
}

/**
 * Why Slack asks the app to go: `refresh_requested` (Slack recycles the connection; reconnect),
 * `warning` (about 10 s before such a disconnect), `link_disabled` (Socket Mode was turned off in
 * the app's settings). `too_many_websockets` is sent by the fake itself to an 11th connection.
 */
export type DisconnectReason = "refresh_requested" | "link_disabled" | "warning";

/** One frame the fake sent an envelope in, and on which connection. */
export interface SentEnvelope {
  connectionId: number;
  envelope: SocketEnvelope;
}

/**
 * How a delivery ended. Slack shows a person `dispatch_failed` for a slash command it could not
 * hand to the app or that the app did not acknowledge within 3 s; events are retried instead.
 */
export type SocketDelivery =
  | {
      acknowledged: true;
      envelopeId: string;
      type: EnvelopeType;
      /** The acknowledgement's payload (e.g. a slash command's answer); undefined when empty. */
      payload: Record<string, unknown> | undefined;
      /** The connection the acknowledgement came on. */
      connectionId: number;
      /** Every frame sent for this envelope: more than one when Slack retried it. */
      sent: SentEnvelope[];
    }
  | {
      acknowledged: false;
      envelopeId: string;
      type: EnvelopeType;
      /** What went wrong with the last attempt. */
      reason: "no_connection" | "timeout" | "connection_closed" | "fake_closed";
      sent: SentEnvelope[];
    };

/** A slash command as the person typed it; every field but `text` has a default. */
export interface SocketSlashCommand {
  text: string;
  command?: string; // default "/joblog"
  user_id?: string; // default "U0OPS"
  user_name?: string;
  channel_id?: string; // default "C0INCIDENT"
  /** Slack sends "directmessage" in a DM and "privategroup" in a private channel. */
  channel_name?: string;
  /** Default: a fresh response_url of this fake, posting into that channel for that user. */
  response_url?: string;
  /** Default: a fresh trigger_id for that user. */
  trigger_id?: string;
}

export interface SocketModeOptions {
  /** The app-level token apps.connections.open accepts; default "xapp-1-A0APP-1-fake". */
  appToken?: string;
  /** How long Slack waits for an acknowledgement: 3 s. */
  ackTimeoutMs?: number;
  /**
   * Delays before Slack's retries of an unacknowledged event: nearly at once, after 1 minute,
   * after 5 minutes (https://docs.slack.dev/apis/events-api/#retries). Tests may shorten them.
   */
  retryDelaysMs?: readonly number[];
  /** After a `disconnect` message, how long before the fake closes a socket the app kept open. */
  disconnectGraceMs?: number;
}

export interface FakeSocketMode {
  readonly appToken: string;
  /** Open connections that got `hello` and are not being disconnected: where envelopes can go. */
  readonly connectionCount: number;
  /** Connections accepted since the fake started (reconnections included). */
  readonly connectionsOpened: number;
  /** Resolves once `count` connections can take envelopes; rejects after `timeoutMs` (default 15 s). */
  waitForConnections(count: number, timeoutMs?: number): Promise<void>;
  sendSlashCommand(fields: SocketSlashCommand): Promise<SocketDelivery>;
  /** An interaction payload (block_actions, view_submission …) as Slack builds it. */
  sendInteraction(payload: Record<string, unknown>): Promise<SocketDelivery>;
  /** An Events API event, wrapped in its `event_callback`. */
  sendEvent(event: Record<string, unknown>, options?: { eventId?: string }): Promise<SocketDelivery>;
  /** Sends `disconnect` with this reason on every open connection; returns how many got it. */
  disconnect(reason: DisconnectReason): number;
  /** Drops every open socket without a close frame, as a network failure would; returns how many. */
  dropConnections(): number;
  /** Every envelope frame sent, in order. */
  readonly sent: readonly SentEnvelope[];
  /** Envelope ids acknowledged after the fake had given up on them. */
  readonly lateAcks: readonly string[];
  /** Frames from the app that Slack would not understand (not JSON, no envelope_id …). */
  readonly protocolErrors: readonly string[];
}
