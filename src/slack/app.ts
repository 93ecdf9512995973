// Builds the Bolt app for the configured transport: Socket Mode when an app-level token is set,
// otherwise HTTP on /slack/events (signed requests only) with GET /healthz beside it.
import type { Server } from "node:http";
import { App, HTTPReceiver, LogLevel } from "@slack/bolt";
import type { WebClientOptions } from "@slack/web-api";
import { toSlackLogger } from "./bolt-logger.js";
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
}

export interface RunningSlackApp {
  app: App;
  /** The HTTP address in HTTP mode (e.g. "http://127.0.0.1:3000"), null in Socket Mode. */
  url: string | null;
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
    const app = new App({ token: slack.botToken, appToken: slack.appToken, socketMode: true, logger, clientOptions, convoStore: false, ignoreSelf: false });
    registerListeners(app, deps);
    app.error(async (error) => deps.logger.error({ err: error }, "unhandled error in a Slack listener"));
    await app.start();
    return { app, url: null, stop: () => app.stop() as Promise<void> };
  }

  const receiver = new HTTPReceiver({
    signingSecret: slack.signingSecret,
    endpoints: "/slack/events",
    logger,
    customRoutes: [
      {
        path: "/healthz",
        method: ["GET"],
        handler: (_request, response) => {
          response.writeHead(200, { "content-type": "application/json" });
          response.end(JSON.stringify({ ok: true }));
        },
      },
    ],
  });
  const app = new App({ token: slack.botToken, receiver, logger, clientOptions, convoStore: false, ignoreSelf: false });
  registerListeners(app, deps);
  app.error(async (error) => deps.logger.error({ err: error }, "unhandled error in a Slack listener"));
  const listen = options.listen ?? { port: slack.port };
  const server = (await app.start({ port: listen.port, ...(listen.host ? { host: listen.host } : {}) })) as Server;
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : listen.port;
  const host = listen.host ?? "127.0.0.1";
  return { app, url: `http://${host.includes(":") ? `[${host}]` : host}:${port}`, stop: () => app.stop() as Promise<void> };
}
