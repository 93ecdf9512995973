// Builds the Bolt app for the configured transport: Socket Mode when an app-level token is set,
// otherwise HTTP on /slack/events (signed requests only) with the operational routes (/healthz,
// /readyz, /metrics) beside it; in Socket Mode the composition root serves those itself.
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { App, LogLevel, SocketModeReceiver } from "@slack/bolt";
import type { WebClientOptions } from "@slack/web-api";
import { toSlackLogger } from "./bolt-logger.js";
import { SlackHttpReceiver } from "./http-receiver.js";
import { earlyAckFor } from "./listeners/early-ack.js";
import { registerListeners } from "./listeners/index.js";
import type { ListenerDeps } from "./listener-deps.js";

/** How to reach Slack: config.slack, handed in by the composition root. */
export type SlackConnection =
  | { mode: "socket"; botToken: string; appToken: string; apiUrl: string | null }
  | { mode: "http"; botToken: string; signingSecret: string; port: number; apiUrl: string | null };

export interface SlackAppOptions {
  slack: SlackConnection;
  deps: ListenerDeps;
  /** Extra WebClient options (tests use a fast retry policy). */
  clientOptions?: WebClientOptions;
  /** Where to listen in HTTP mode; defaults to all interfaces on the configured port. */
  listen?: { port: number; host?: string };
  /** HTTP mode: more GET routes beside /slack/events (the composition root's /healthz, /readyz, /metrics). */
  routes?: { path: string; method: "GET"; handler: (request: IncomingMessage, response: ServerResponse) => void }[];
}

export interface RunningSlackApp {
  app: App;
  /** The HTTP address in HTTP mode (e.g. "http://127.0.0.1:3000"), null in Socket Mode. */
  url: string | null;
  /** Socket Mode: whether the WebSocket to Slack is open now. HTTP mode: always true. */
  connected(): boolean;
  stop(): Promise<void>;
}

export async function startSlackApp(options: SlackAppOptions): Promise<RunningSlackApp> {
  const { slack, deps } = options;
  const logger = toSlackLogger(deps.logger, LogLevel.INFO);
  const clientOptions: WebClientOptions = {
    ...(slack.apiUrl ? { slackApiUrl: slack.apiUrl.endsWith("/") ? slack.apiUrl : `${slack.apiUrl}/` } : {}),
    ...options.clientOptions,
  };

  // Both transports: no conversation store and no global middleware. joblog keeps no
  // per-conversation state, and Bolt's default store costs an async lookup in front of every
  // acknowledgement; ignoring the bot's own events and re-delivered ones is done where events
  // are dispatched (listeners/index.ts), so commands and buttons go straight to their listener.
  if (slack.mode === "socket") {
    // The receiver Bolt would build for `socketMode: true`, made here to see its connection.
    const receiver = new SocketModeReceiver({ appToken: slack.appToken, logger, installerOptions: { clientOptions } });
    const app = new App({ token: slack.botToken, receiver, logger, clientOptions, convoStore: false, ignoreSelf: false });
    registerListeners(app, deps);
    app.error(async (error) => deps.logger.error({ err: error }, "unhandled error in a Slack listener"));
    await app.start();
    return { app, url: null, connected: () => receiver.client.websocket?.isActive() === true, stop: () => app.stop() as Promise<void> };
  }

  // Acknowledges what it can before Bolt's App runs (http-receiver.ts); signed requests only.
  const receiver = new SlackHttpReceiver({
    signingSecret: slack.signingSecret,
    logger,
    routes: options.routes ?? [],
    earlyAck: earlyAckFor({ defaultBizId: deps.defaultBizId }),
  });
  const app = new App({ token: slack.botToken, receiver, logger, clientOptions, convoStore: false, ignoreSelf: false });
  registerListeners(app, deps);
  app.error(async (error) => deps.logger.error({ err: error }, "unhandled error in a Slack listener"));
  const listen = options.listen ?? { port: slack.port };
  const server = (await app.start({ port: listen.port, ...(listen.host ? { host: listen.host } : {}) })) as Server;
  // The address really bound (HOST 0.0.0.0 shows as such), for the start-up line.
  const { address, port } = server.address() as AddressInfo;
  const url = `http://${address.includes(":") ? `[${address}]` : address}:${port}`;
  return { app, url, connected: () => true, stop: () => app.stop() as Promise<void> };
}
