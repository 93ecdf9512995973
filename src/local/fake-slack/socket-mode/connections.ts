// The open Socket Mode connections of the one app the fake serves, and which one gets the next
// envelope. Slack: "Socket Mode allows your app to maintain up to 10 open WebSocket connections at
// the same time. When multiple connections are active, each payload may be sent to any of the
// connections." (https://docs.slack.dev/apis/events-api/using-socket-mode/). The fake takes them
// in turn (round-robin), one lawful reading of "any" that lets a test see every connection used.
import type { WebSocket } from "ws";

export const MAX_CONNECTIONS = 10;

export interface SocketConnection {
  readonly id: number;
  readonly socket: WebSocket;
  /** Got `hello` and was not sent a `disconnect` that stops deliveries. */
  ready: boolean;
  closed: boolean;
  /** Closes a socket the app kept open after `disconnect`. */
  closeTimer: NodeJS.Timeout | undefined;
  /** Called once when the connection closes (cleanly or not). */
  readonly onClose: Set<() => void>;
}

export class ConnectionRegistry {
  private readonly open = new Map<number, SocketConnection>();
  private readonly changeWaiters = new Set<() => void>();
  private lastId = 0;
  private turn = 0;
  /** Connections accepted so far. */
  opened = 0;

  add(socket: WebSocket): SocketConnection {
    this.lastId += 1;
    this.opened += 1;
    const connection: SocketConnection = { id: this.lastId, socket, ready: false, closed: false, closeTimer: undefined, onClose: new Set() };
    this.open.set(connection.id, connection);
    return connection;
  }

  markReady(connection: SocketConnection, ready: boolean): void {
    connection.ready = ready && !connection.closed;
    this.changed();
  }

  remove(connection: SocketConnection): void {
    if (connection.closed) return;
    connection.closed = true;
    connection.ready = false;
    clearTimeout(connection.closeTimer);
    this.open.delete(connection.id);
    for (const listener of connection.onClose) listener();
    connection.onClose.clear();
    this.changed();
  }

  /** Open sockets, ready or being disconnected. */
  get size(): number {
    return this.open.size;
  }

  all(): SocketConnection[] {
    return [...this.open.values()];
  }

  readyCount(): number {
    return this.all().filter((connection) => connection.ready).length;
  }

  /** The next ready connection in turn, or undefined when none can take an envelope. */
  pick(): SocketConnection | undefined {
    const ready = this.all().filter((connection) => connection.ready);
    if (ready.length === 0) return undefined;
    const chosen = ready[this.turn % ready.length];
    this.turn += 1;
    return chosen;
  }

  /** Resolves when `count` connections are ready; rejects after `timeoutMs`. */
  waitForReady(count: number, timeoutMs: number): Promise<void> {
    if (this.readyCount() >= count) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const check = () => {
        if (this.readyCount() < count) return;
        clearTimeout(timer);
        this.changeWaiters.delete(check);
        resolve();
      };
      const timer = setTimeout(() => {
        this.changeWaiters.delete(check);
        const state = `${this.readyCount()} ready of ${this.size} open, ${this.opened} accepted so far`;
        reject(new Error(`fake Slack Socket Mode: not ${count} connection(s) within ${timeoutMs} ms (${state})`));
      }, timeoutMs);
      this.changeWaiters.add(check);
    });
  }

  private changed(): void {
    for (const waiter of [...this.changeWaiters]) waiter();
  }
}
