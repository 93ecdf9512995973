// What a load balancer in front of Slack does with a kept-alive connection nobody used for a
// while: it forgets it without telling the client (no FIN), so the client still holds it as
// reusable, and the next request sent on it is answered with a TCP reset. AWS's load balancers
// behave so: "if a client or a target sends data after the idle timeout period elapses, it
// receives a TCP RST packet to indicate that the connection is no longer valid"
// (https://docs.aws.amazon.com/elasticloadbalancing/latest/network/update-idle-timeout.html).
// The request never reaches Slack: it is neither handled nor recorded. Real time, not the fake's
// clock: idleness is the network's.
import type { RequestListener, Server } from "node:http";
import type { Socket } from "node:net";

export interface IdleConnections {
  /** Requests answered with a reset because their connection had been idle too long. */
  readonly resets: number;
}

export function resetIdleConnections(server: Server, listener: RequestListener, idleMs: number): IdleConnections {
  /** When each connection last finished an answer; absent while it has not answered yet. */
  const lastAnswered = new WeakMap<Socket, number>();
  const state = { resets: 0 };
  // The load balancer, not Node, decides when idle connections end: Node's own close (with its
  // Keep-Alive hint) would tell the client, which a load balancer does not.
  server.keepAliveTimeout = 0;
  server.on("request", (request, response) => {
    const socket = request.socket;
    const since = lastAnswered.get(socket);
    if (since !== undefined && performance.now() - since >= idleMs) {
      state.resets += 1;
      socket.resetAndDestroy();
      return;
    }
    response.once("finish", () => lastAnswered.set(socket, performance.now()));
    listener(request, response);
  });
  return state;
}
