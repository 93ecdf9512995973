// The fake Slack's Socket Mode side: apps.connections.open hands out a ws:// URL on the fake's own
// HTTP server, the WebSocket upgrade is accepted once per ticket, Slack's `hello` follows, and then
// tests push envelopes (slash commands, interactions, events) and read back the acknowledgements.
// It judges by Slack's Socket Mode documentation, not by what the app under test does: see
// frames.ts (shapes), connections.ts (up to 10 connections, envelopes spread over them) and
// delivery.ts (3 s acknowledgements, retries).
import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer, type RawData, type WebSocket } from "ws";
import type { Clock, ResponseUrlContext } from "../fake-slack-types.js";
import { isPlainObject } from "../request-body.js";
import type { SlackAnswer } from "../method-context.js";
import { ConnectionTickets } from "./connection-tickets.js";
import { ConnectionRegistry, MAX_CONNECTIONS, type SocketConnection } from "./connections.js";
import { deliver, PendingAcks } from "./delivery.js";
import { disconnectFrame, envelope, eventCallbackPayload, helloFrame, slashCommandPayload } from "./frames.js";
import type {
  DisconnectReason,
  EnvelopeType,
  FakeSocketMode,
  SentEnvelope,
  SocketDelivery,
  SocketEnvelope,
  SocketModeOptions,
  SocketSlashCommand,
} from "./socket-mode-types.js";

export const DEFAULT_APP_TOKEN = "xapp-1-A0APP-1-fake";
const ACK_TIMEOUT_MS = 3_000;
const EVENT_RETRY_DELAYS_MS = [0, 60_000, 5 * 60_000] as const;
/** Slack's `warning` comes "about 10 seconds" before it closes the connection. */
const DISCONNECT_GRACE_MS = 10_000;
const CONNECTION_WAIT_MS = 15_000;

export interface SocketModeDependencies {
  clock: Clock;
  /** "ws://127.0.0.1:PORT", known once the fake listens. */
  socketBaseUrl: () => string;
  /** What Slack hands out with a slash command: a response_url and a trigger_id. */
  responseUrl: (context: ResponseUrlContext) => string;
  triggerId: (user: string) => string;
}

export class SocketModeServer implements FakeSocketMode {
  readonly appToken: string;
  readonly sent: SentEnvelope[] = [];
  readonly lateAcks: string[] = [];
  readonly protocolErrors: string[] = [];
  /** Web API methods that take the app-level token instead of the bot token. */
  readonly appLevelMethods: Readonly<Record<string, (request: IncomingMessage) => SlackAnswer>>;

  private readonly tickets: ConnectionTickets;
  private readonly connections = new ConnectionRegistry();
  private readonly acks = new PendingAcks();
  private readonly server = new WebSocketServer({ noServer: true, clientTracking: false });
  private readonly closing = new AbortController();
  private readonly ackTimeoutMs: number;
  private readonly retryDelaysMs: readonly number[];
  private readonly disconnectGraceMs: number;
  private eventSequence = 0;

  constructor(
    private readonly deps: SocketModeDependencies,
    options: SocketModeOptions = {},
  ) {
    this.appToken = options.appToken ?? DEFAULT_APP_TOKEN;
    this.ackTimeoutMs = options.ackTimeoutMs ?? ACK_TIMEOUT_MS;
    this.retryDelaysMs = options.retryDelaysMs ?? EVENT_RETRY_DELAYS_MS;
    this.disconnectGraceMs = options.disconnectGraceMs ?? DISCONNECT_GRACE_MS;
    this.tickets = new ConnectionTickets(this.appToken, deps.socketBaseUrl);
    this.appLevelMethods = { "apps.connections.open": (request) => this.tickets.open(request) };
  }

  get connectionCount(): number {
    return this.connections.readyCount();
  }

  get connectionsOpened(): number {
    return this.connections.opened;
  }

  waitForConnections(count: number, timeoutMs = CONNECTION_WAIT_MS): Promise<void> {
    return this.connections.waitForReady(count, timeoutMs);
  }

  /** The HTTP server's `upgrade` event: a WebSocket only for a ticket apps.connections.open handed out. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    if (this.closing.signal.aborted || !this.tickets.redeem(request.url)) {
      socket.end("HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
      return;
    }
    this.server.handleUpgrade(request, socket, head, (websocket) => this.accept(websocket));
  }

  sendSlashCommand(fields: SocketSlashCommand): Promise<SocketDelivery> {
    const userId = fields.user_id ?? "U0OPS";
    const channelId = fields.channel_id ?? "C0INCIDENT";
    const payload = slashCommandPayload({
      text: fields.text,
      command: fields.command ?? "/joblog",
      userId,
      userName: fields.user_name ?? "ops",
      channelId,
      channelName: fields.channel_name ?? "incident",
      responseUrl: fields.response_url ?? this.deps.responseUrl({ channel: channelId, user: userId }),
      triggerId: fields.trigger_id ?? this.deps.triggerId(userId),
    });
    return this.send("slash_commands", payload);
  }

  sendInteraction(payload: Record<string, unknown>): Promise<SocketDelivery> {
    return this.send("interactive", payload);
  }

  sendEvent(event: Record<string, unknown>, options: { eventId?: string } = {}): Promise<SocketDelivery> {
    this.eventSequence += 1;
    const eventId = options.eventId ?? `Ev0FAKE${String(this.eventSequence).padStart(6, "0")}`;
    return this.send("events_api", eventCallbackPayload(event, eventId, this.deps.clock.now()));
  }

  disconnect(reason: DisconnectReason): number {
    const open = this.connections.all();
    for (const connection of open) {
      this.write(connection, disconnectFrame(connection.id, reason));
      // After `warning` Slack still delivers until it closes the socket; after the others it does not.
      if (reason !== "warning") this.connections.markReady(connection, false);
      clearTimeout(connection.closeTimer);
      connection.closeTimer = setTimeout(() => {
        this.connections.remove(connection);
        connection.socket.close(1000);
      }, this.disconnectGraceMs);
      connection.closeTimer.unref();
    }
    return open.length;
  }

  dropConnections(): number {
    const open = this.connections.all();
    for (const connection of open) {
      this.connections.remove(connection);
      connection.socket.terminate();
    }
    return open.length;
  }

  async close(): Promise<void> {
    this.closing.abort();
    this.dropConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private send(type: EnvelopeType, payload: Record<string, unknown>): Promise<SocketDelivery> {
    return deliver(envelope(randomUUID(), type, payload), {
      acks: this.acks,
      ackTimeoutMs: this.ackTimeoutMs,
      retryDelaysMs: this.retryDelaysMs,
      pick: () => this.connections.pick(),
      send: (connection, frame) => this.sendEnvelope(connection, frame),
      signal: this.closing.signal,
    });
  }

  private sendEnvelope(connection: SocketConnection, frame: SocketEnvelope): void {
    this.sent.push({ connectionId: connection.id, envelope: frame });
    this.write(connection, frame);
  }

  private accept(websocket: WebSocket): void {
    if (this.connections.size >= MAX_CONNECTIONS) {
      // Slack refuses an 11th connection of one app this way (https://github.com/slackapi/bolt-js/issues/2238).
      websocket.send(JSON.stringify(disconnectFrame(0, "too_many_websockets")));
      websocket.close(1000);
      return;
    }
    const connection = this.connections.add(websocket);
    websocket.on("message", (data, isBinary) => this.receive(connection, data, isBinary));
    websocket.on("close", () => this.connections.remove(connection));
    // An abrupt drop surfaces as `close` too; the error itself says nothing Slack would act on.
    websocket.on("error", () => this.connections.remove(connection));
    this.write(connection, helloFrame(connection.id, this.connections.size));
    this.connections.markReady(connection, true);
  }

  private write(connection: SocketConnection, frame: object): void {
    if (!connection.closed) connection.socket.send(JSON.stringify(frame));
  }

  /** Acknowledgements: `{"envelope_id": "…", "payload": {…}}`, the payload optional. */
  private receive(connection: SocketConnection, data: RawData, isBinary: boolean): void {
    const text = isBinary ? undefined : Array.isArray(data) ? Buffer.concat(data).toString() : Buffer.from(new Uint8Array(data)).toString();
    let frame: unknown;
    try {
      frame = text === undefined ? undefined : JSON.parse(text);
    } catch {
      frame = undefined;
    }
    const envelopeId = isPlainObject(frame) ? frame["envelope_id"] : undefined;
    if (!isPlainObject(frame) || typeof envelopeId !== "string") {
      this.protocolErrors.push(`connection ${connection.id}: not an acknowledgement: ${(text ?? "<binary frame>").slice(0, 200)}`);
      return;
    }
    const payload = isPlainObject(frame["payload"]) && Object.keys(frame["payload"]).length > 0 ? frame["payload"] : undefined;
    const outcome = this.acks.receive(envelopeId, { connectionId: connection.id, payload });
    if (outcome === "late") this.lateAcks.push(envelopeId);
    if (outcome === "unknown") this.protocolErrors.push(`connection ${connection.id}: acknowledgement of unknown envelope ${envelopeId}`);
    if (outcome === "payload_ignored") {
      this.protocolErrors.push(`connection ${connection.id}: envelope ${envelopeId} accepts no response payload; Slack ignores it`);
    }
  }
}
