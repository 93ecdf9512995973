// apps.connections.open (https://docs.slack.dev/reference/methods/apps.connections.open/): an
// app-level token, "in the HTTP Authorization header of your request; passing it as a POST
// parameter will result in an error", buys a single-use WebSocket URL
//   {"ok": true, "url": "wss://wss-somethiing.slack.com/link/?ticket=12348&app_id=5678"}
// Errors as the method's page and Slack's token rules give them:
//   missing_args            no app-level token in the Authorization header ("An app-level token wasn't provided")
//   not_allowed_token_type  a token of another kind (a bot token xoxb-, a user token xoxp-)
//   invalid_auth            an app-level token this app does not have
//   insecure_request        "The method was not called via a POST request."
import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { fail, type SlackAnswer } from "../method-context.js";
import { BOT } from "../workspace-model.js";

export const LINK_PATH = "/link/";

export class ConnectionTickets {
  private readonly unused = new Set<string>();

  constructor(
    private readonly appToken: string,
    /** "ws://127.0.0.1:PORT", known once the server listens. */
    private readonly socketBaseUrl: () => string,
  ) {}

  open(request: IncomingMessage): SlackAnswer {
    if (request.method !== "POST") return fail("insecure_request");
    const token = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? "")?.[1];
    if (token === undefined) return fail("missing_args");
    if (!token.startsWith("xapp-")) return fail("not_allowed_token_type");
    if (token !== this.appToken) return fail("invalid_auth");
    const ticket = randomUUID();
    this.unused.add(ticket);
    return { ok: true, url: `${this.socketBaseUrl()}${LINK_PATH}?ticket=${ticket}&app_id=${BOT.appId}` };
  }

  /** True once for a ticket this fake handed out: the URL is good for one connection. */
  redeem(requestUrl: string | undefined): boolean {
    const url = new URL(requestUrl ?? "/", "http://fake-slack.invalid");
    const ticket = url.searchParams.get("ticket");
    return url.pathname === LINK_PATH && ticket !== null && this.unused.delete(ticket);
  }
}
