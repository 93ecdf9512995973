// Shared set-up for the Socket Mode tests of the fake Slack: a REAL Bolt app in Socket Mode (its
// own SocketModeClient, undici WebSocket, reconnection logic) pointed at the fake through
// clientOptions.slackApiUrl, and a bare `ws` client for checking frames one by one.
import { App, SocketModeReceiver } from "@slack/bolt";
import { afterEach } from "vitest";
import { WebSocket } from "ws";
import type { FakeSlack } from "../../src/local/fake-slack/index.js";
import { BOT_TOKEN, silentLogger } from "./helpers.js";

const stops: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  // Registered after helpers.ts's afterEach, so (hooks run as a stack) apps stop before the fake closes.
  await Promise.all(stops.splice(0).map((stop) => stop().catch(() => undefined)));
});

/** A Bolt app in Socket Mode, as `new App({ socketMode: true, appToken })` builds it; started, stopped after the test. */
export async function startBoltApp(fake: FakeSlack, register: (app: App) => void): Promise<App> {
  const app = new App({
    token: BOT_TOKEN,
    appToken: fake.socketMode.appToken,
    socketMode: true,
    logger: silentLogger(),
    clientOptions: { slackApiUrl: fake.apiUrl },
  });
  register(app);
  stops.push(() => app.stop());
  await app.start(); // resolves once Slack's `hello` arrived
  return app;
}

/** Bolt's Socket Mode client on its own, for tests that decide when (and whether) to acknowledge. */
export async function startSocketModeClient(fake: FakeSlack): Promise<SocketModeReceiver["client"]> {
  const receiver = new SocketModeReceiver({
    appToken: fake.socketMode.appToken,
    logger: silentLogger(),
    installerOptions: { clientOptions: { slackApiUrl: fake.apiUrl } },
  });
  stops.push(() => receiver.client.disconnect());
  await receiver.client.start();
  return receiver.client;
}

/** Asks apps.connections.open for a WebSocket URL with the given Authorization header. */
export async function openConnection(fake: FakeSlack, authorization?: string, init: RequestInit = {}): Promise<Record<string, unknown>> {
  const response = await fetch(`${fake.apiUrl}apps.connections.open`, {
    method: "POST",
    ...init,
    headers: { "content-type": "application/x-www-form-urlencoded", ...(authorization ? { authorization } : {}) },
  });
  return (await response.json()) as Record<string, unknown>;
}

/** A bare WebSocket client that keeps every frame it receives. */
export class RawSocket {
  readonly frames: Record<string, unknown>[] = [];
  private readonly waiters = new Set<() => void>();
  readonly closed: Promise<number>;

  private constructor(readonly socket: WebSocket) {
    socket.on("message", (data: Buffer) => {
      this.frames.push(JSON.parse(data.toString()) as Record<string, unknown>);
      for (const waiter of [...this.waiters]) waiter();
    });
    this.closed = new Promise((resolve) => socket.on("close", (code) => resolve(code)));
    stops.push(async () => socket.terminate());
  }

  static connect(url: string): Promise<RawSocket> {
    const socket = new WebSocket(url);
    const raw = new RawSocket(socket);
    return new Promise((resolve, reject) => {
      socket.once("open", () => resolve(raw));
      socket.once("error", reject);
    });
  }

  /** The `index`-th frame received (0-based), waiting for it if needed. */
  frame(index: number, timeoutMs = 5_000): Promise<Record<string, unknown>> {
    const have = this.frames[index];
    if (have) return Promise.resolve(have);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`no frame #${index} within ${timeoutMs} ms; got ${JSON.stringify(this.frames)}`));
      }, timeoutMs);
      const check = () => {
        const frame = this.frames[index];
        if (!frame) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve(frame);
      };
      this.waiters.add(check);
    });
  }

  send(frame: unknown): void {
    this.socket.send(typeof frame === "string" ? frame : JSON.stringify(frame));
  }
}

/** Connects a bare client with the fake's app-level token and waits for its `hello`. */
export async function connectRaw(fake: FakeSlack): Promise<RawSocket> {
  const opened = await openConnection(fake, `Bearer ${fake.socketMode.appToken}`);
  const raw = await RawSocket.connect(String(opened["url"]));
  await raw.frame(0);
  return raw;
}
