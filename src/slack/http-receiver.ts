// HTTP mode's receiver (Bolt's custom receiver interface: init, start, stop, and each request
// handed to app.processEvent): Slack's signed requests on /slack/events and the operational GET
// routes beside them, on one node:http server.
//
// Why not Bolt's HTTPReceiver: it answers Slack only when a listener calls ack(), after Bolt's
// App has built the request's context and run its middleware, so under a burst of 200 /joblog
// every acknowledgement waited for the App's work on the requests before it (p99 about 3.5 × a
// bare node:http server's that verifies the same signatures: bench/profile-notes.md). Here, when
// the answer to a request is known from its body alone (`earlyAck`, kept beside the listeners
// whose acks it mirrors), it is sent as soon as the signature is verified, and the App runs after
// the burst's other requests have been answered. Anything else is acknowledged by its listener,
// exactly as Bolt's HTTPReceiver does. Reading, verifying and parsing the body is signed-body.ts
// (Bolt's own took most of an acknowledgement's time); ssl_check, url_verification, the retry
// headers and error answers are Bolt's functions (HTTPModuleFunctions), so they behave as before.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { type App, HTTPModuleFunctions as httpFunctions, HTTPResponseAck, type Logger, type Receiver, type ReceiverEvent, ReceiverMultipleAckError } from "@slack/bolt";
import { readSignedBody } from "./signed-body.js";

/** What to answer Slack at once: `body` is the acknowledgement's content (none: an empty 200). */
export interface EarlyAck {
  body?: Record<string, unknown>;
}

export interface HttpReceiverOptions {
  signingSecret: string;
  logger: Logger;
  /** The acknowledgement a request gets whatever its listener does, or null: its listener acknowledges it. */
  earlyAck: (body: Record<string, unknown>) => EarlyAck | null;
  routes: { path: string; method: "GET"; handler: (request: IncomingMessage, response: ServerResponse) => void }[];
  endpoint?: string;
}

/** Bolt's HTTPReceiver's time before it says a request was never acknowledged. */
const UNHANDLED_REQUEST_TIMEOUT_MS = 3_001;

export class SlackHttpReceiver implements Receiver {
  private app: App | null = null;
  private server: Server | null = null;
  private readonly endpoint: string;
  /** The App's work on requests answered early, waiting for its turn (later()). */
  private readonly queued: (() => void)[] = [];

  constructor(private readonly options: HttpReceiverOptions) {
    this.endpoint = options.endpoint ?? "/slack/events";
  }

  init(app: App): void {
    this.app = app;
  }

  start(listen: { port: number; host?: string }): Promise<Server> {
    return new Promise((resolve, reject) => {
      const server = createServer((request, response) => this.route(request, response));
      server.once("error", reject);
      server.listen(listen.port, listen.host, () => {
        server.off("error", reject);
        this.server = server;
        resolve(server);
      });
    });
  }

  stop(): Promise<void> {
    return new Promise((resolve, reject) => {
      if (!this.server) return resolve();
      this.server.close((error) => (error ? reject(error) : resolve()));
      this.server.closeIdleConnections();
      this.server = null;
    });
  }

  private route(request: IncomingMessage, response: ServerResponse): void {
    const path = (request.url ?? "/").split("?")[0];
    if (request.method === "POST" && path === this.endpoint) return void this.receive(request, response);
    const route = this.options.routes.find((candidate) => candidate.path === path && candidate.method === request.method);
    if (route) return route.handler(request, response);
    this.options.logger.info(`Unhandled HTTP request (${String(request.method)}) made to ${String(request.url)}`);
    httpFunctions.buildNoBodyResponse(response, 404);
  }

  private async receive(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const { logger } = this.options;
    const signed = await readSignedBody(request, { signingSecret: this.options.signingSecret, limit: httpFunctions.defaultBodyLimit, nowMs: Date.now() });
    if (!signed.ok) {
      logger.warn(signed.status === 413 ? signed.reason : signed.status === 401 ? `Failed to parse and verify the request data: ${signed.reason}` : `Malformed request body: ${signed.reason}`);
      return httpFunctions.buildNoBodyResponse(response, signed.status);
    }
    const { body } = signed;
    const buffered = Object.assign(request, { rawBody: signed.rawBody });
    if (body["ssl_check"] === "1") return httpFunctions.buildSSLCheckResponse(response);
    if (body["type"] === "url_verification") return httpFunctions.buildUrlVerificationResponse(response, body);

    const early = this.options.earlyAck(body);
    const event: ReceiverEvent = {
      body,
      ack: early ? this.answeredAck(early) : new HTTPResponseAck({
        logger,
        processBeforeResponse: false,
        unhandledRequestHandler: httpFunctions.defaultUnhandledRequestHandler,
        unhandledRequestTimeoutMillis: UNHANDLED_REQUEST_TIMEOUT_MS,
        httpRequest: buffered,
        httpRequestBody: body,
        httpResponse: response,
      }).bind(),
      retryNum: httpFunctions.extractRetryNumFromHTTPRequest(request),
      retryReason: httpFunctions.extractRetryReasonFromHTTPRequest(request),
      customProperties: {},
    };
    const run = async () => {
      try {
        await this.app?.processEvent(event);
      } catch (error) {
        await httpFunctions.defaultProcessEventErrorHandler({ error: error as Error, logger, request, response, storedResponse: undefined });
      }
    };
    if (!early) return run();
    httpFunctions.buildContentResponse(response, early.body);
    this.later(() => void run());
  }

  /**
   * The App's work on requests already answered, one request a turn of the event loop: a burst's
   * requests still arriving are read and answered between them, rather than each waiting for the
   * work on every request that arrived before it (the first part of a request's work, up to its
   * first call out, runs at once when it starts).
   */
  private later(work: () => void): void {
    this.queued.push(work);
    if (this.queued.length === 1) setImmediate(this.next);
  }

  private readonly next = (): void => {
    this.queued.shift()?.();
    if (this.queued.length > 0) setImmediate(this.next);
  };

  /** The listener's ack() for a request already answered: the same answer, or a warning that it differs. */
  private answeredAck(early: EarlyAck): ReceiverEvent["ack"] {
    let acked = false;
    return async (response?: unknown) => {
      if (acked) throw new ReceiverMultipleAckError();
      acked = true;
      if (JSON.stringify(response ?? null) !== JSON.stringify(early.body ?? null)) {
        this.options.logger.warn(`a listener acknowledged with ${JSON.stringify(response ?? null)} a request already answered with ${JSON.stringify(early.body ?? null)}`);
      }
    };
  }
}
