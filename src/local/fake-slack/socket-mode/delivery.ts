// Delivering one envelope the way Slack does: send it on a connection, wait up to 3 s for an
// acknowledgement naming its envelope_id ("Your app must acknowledge … within 3 seconds",
// https://docs.slack.dev/apis/events-api/using-socket-mode/#acknowledge), and then:
// - events_api: Slack retries ("so that Slack knows whether to retry"), with the same envelope_id,
//   retry_attempt 1, 2, 3 and retry_reason "timeout" (frames seen by apps, e.g.
//   https://github.com/slackapi/bolt-js/issues/2487), nearly at once, then after 1 and 5 minutes
//   (https://docs.slack.dev/apis/events-api/#retries). An event that found no connection open is
//   retried the same way (https://github.com/vercel/chat/issues/666).
// - slash_commands and interactive: no retry; the person sees the command fail with
//   `dispatch_failed` (https://github.com/slackapi/bolt-js/issues/2216,
//   https://github.com/slackapi/bolt-python/issues/951). Slack's SDK test frames carry no retry
//   fields on these envelopes.
import { retried } from "./frames.js";
import type { SocketConnection } from "./connections.js";
import type { SentEnvelope, SocketDelivery, SocketEnvelope } from "./socket-mode-types.js";

export interface Acknowledgement {
  connectionId: number;
  payload: Record<string, unknown> | undefined;
}

/** Envelopes waiting for their acknowledgement, by envelope_id. */
export class PendingAcks {
  private readonly waiting = new Map<string, { resolve: (ack: Acknowledgement) => void; acceptsPayload: boolean }>();
  private readonly settled = new Set<string>();

  expect(envelope: SocketEnvelope): Promise<Acknowledgement> {
    return new Promise((resolve) => {
      this.waiting.set(envelope.envelope_id, { resolve, acceptsPayload: envelope.accepts_response_payload });
    });
  }

  settle(envelopeId: string): void {
    this.waiting.delete(envelopeId);
    this.settled.add(envelopeId);
  }

  /** What an acknowledgement was: awaited, too late, or for nothing the fake sent. */
  receive(envelopeId: string, ack: Acknowledgement): "accepted" | "payload_ignored" | "late" | "unknown" {
    const entry = this.waiting.get(envelopeId);
    if (!entry) return this.settled.has(envelopeId) ? "late" : "unknown";
    this.waiting.delete(envelopeId);
    // Slack ignores a payload on an envelope that does not accept one.
    const ignored = ack.payload !== undefined && !entry.acceptsPayload;
    entry.resolve(ignored ? { ...ack, payload: undefined } : ack);
    return ignored ? "payload_ignored" : "accepted";
  }
}

export interface DeliveryDependencies {
  acks: PendingAcks;
  ackTimeoutMs: number;
  retryDelaysMs: readonly number[];
  pick(): SocketConnection | undefined;
  send(connection: SocketConnection, envelope: SocketEnvelope): void;
  /** Aborted when the fake closes. */
  signal: AbortSignal;
}

type Wait = { kind: "ack"; ack: Acknowledgement } | { kind: "timeout" } | { kind: "connection_closed" } | { kind: "fake_closed" };

/** Waits for the acknowledgement, a delay, the connection closing or the fake closing, whichever comes first. */
function waitForAck(acked: Promise<Acknowledgement>, ms: number, signal: AbortSignal, connection?: SocketConnection): Promise<Wait> {
  if (signal.aborted) return Promise.resolve({ kind: "fake_closed" });
  return new Promise((resolve) => {
    let done = false;
    const finish = (wait: Wait) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      signal.removeEventListener("abort", onAbort);
      connection?.onClose.delete(onClose);
      resolve(wait);
    };
    const timer = setTimeout(() => finish({ kind: "timeout" }), ms);
    timer.unref();
    const onAbort = () => finish({ kind: "fake_closed" });
    const onClose = () => finish({ kind: "connection_closed" });
    signal.addEventListener("abort", onAbort);
    connection?.onClose.add(onClose);
    void acked.then((ack) => finish({ kind: "ack", ack }));
  });
}

export async function deliver(first: SocketEnvelope, deps: DeliveryDependencies): Promise<SocketDelivery> {
  const sent: SentEnvelope[] = [];
  const base = { envelopeId: first.envelope_id, type: first.type };
  const acked = deps.acks.expect(first);
  const retryDelays = first.type === "events_api" ? deps.retryDelaysMs : [];
  let reason: Exclude<SocketDelivery, { acknowledged: true }>["reason"] = "no_connection";
  try {
    for (let attempt = 0; ; attempt += 1) {
      const connection = deps.pick();
      let wait: Wait;
      if (connection === undefined) {
        wait = { kind: "timeout" };
        reason = "no_connection";
      } else {
        const frame = attempt === 0 ? first : retried(first, attempt);
        deps.send(connection, frame);
        sent.push({ connectionId: connection.id, envelope: frame });
        wait = await waitForAck(acked, deps.ackTimeoutMs, deps.signal, connection);
        if (wait.kind !== "ack") reason = wait.kind;
      }
      if (wait.kind === "ack") return { ...base, acknowledged: true, payload: wait.ack.payload, connectionId: wait.ack.connectionId, sent };
      if (wait.kind === "fake_closed" || attempt >= retryDelays.length) break;
      // An acknowledgement that comes while Slack waits to retry still counts.
      const pause = await waitForAck(acked, retryDelays[attempt] ?? 0, deps.signal);
      if (pause.kind === "ack") return { ...base, acknowledged: true, payload: pause.ack.payload, connectionId: pause.ack.connectionId, sent };
      if (pause.kind === "fake_closed") {
        reason = "fake_closed";
        break;
      }
    }
    return { ...base, acknowledged: false, reason, sent };
  } finally {
    deps.acks.settle(first.envelope_id);
  }
}
