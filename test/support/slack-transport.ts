// The same Slack request over either transport joblog speaks: signed HTTP to the Bolt receiver
// (slack-requests.ts) or a Socket Mode envelope through the fake Slack's WebSocket. Either way the
// test gets what Slack got back: whether the app acknowledged in time, and the acknowledgement's
// body (an HTTP response body, or the envelope acknowledgement's payload).
import type { Harness } from "./harness.js";
import { sendEvent, sendInteraction, sendSlashCommand, type SentResponse, type SlashCommandFields } from "./slack-requests.js";

export type Transport = "http" | "socket";
export const TRANSPORTS: readonly Transport[] = ["http", "socket"];

export interface Acknowledgement {
  acknowledged: boolean;
  /** The acknowledgement's JSON body; undefined when empty. */
  body: Record<string, unknown> | undefined;
}

export interface SlackSender {
  command(fields: SlashCommandFields): Promise<Acknowledgement>;
  interaction(payload: Record<string, unknown>): Promise<Acknowledgement>;
  event(event: Record<string, unknown>, options?: { eventId?: string }): Promise<Acknowledgement>;
}

function fromHttp(response: SentResponse): Acknowledgement {
  const body = response.body.trim() === "" ? undefined : (JSON.parse(response.body) as Record<string, unknown>);
  return { acknowledged: response.status === 200, body };
}

export function slackSender(harness: Harness, transport: Transport): SlackSender {
  if (transport === "http") {
    return {
      command: async (fields) => fromHttp(await sendSlashCommand(harness.appUrl, fields)),
      interaction: async (payload) => fromHttp(await sendInteraction(harness.appUrl, payload)),
      event: async (event, options) => fromHttp(await sendEvent(harness.appUrl, event, options)),
    };
  }
  const socket = harness.slack.socketMode;
  const acknowledgement = (delivery: Awaited<ReturnType<typeof socket.sendEvent>>): Acknowledgement =>
    delivery.acknowledged ? { acknowledged: true, body: delivery.payload } : { acknowledged: false, body: undefined };
  return {
    command: async (fields) => acknowledgement(await socket.sendSlashCommand(fields)),
    interaction: async (payload) => acknowledgement(await socket.sendInteraction(payload)),
    event: async (event, options) => acknowledgement(await socket.sendEvent(event, options)),
  };
}

/** GET one of joblog's operational routes (/healthz, /readyz, /metrics). */
export async function getRoute(harness: Harness, path: string): Promise<{ status: number; text: string }> {
  const response = await fetch(`${harness.appUrl}${path}`);
  return { status: response.status, text: await response.text() };
}

/** One sample's value in Prometheus' text format, e.g. sample(text, "joblog_requests_total", { action: "report" }); 0 when absent. */
export function sample(metricsText: string, name: string, labels: Record<string, string> = {}): number {
  let total = 0;
  for (const line of metricsText.split("\n")) {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const have = Object.fromEntries([...(match[2] ?? "").matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([key, value]) => have[key] === value)) total += Number(match[3]);
  }
  return total;
}
