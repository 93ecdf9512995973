// Starts the fake Slack on loopback and assembles its parts: workspace model, method families,
// trigger and response_url registries, scripted failures, the call recorder and change listeners.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { FakeSlack, FakeSlackOptions } from "./fake-slack-api.js";
import type { FakeSlackEvent, FakeSlackListener, Recorded, RecordedCall, UploadedFile } from "./fake-slack-types.js";
import { createConsoleRoutes } from "./console/console-routes.js";
import { SlackConsole } from "./console/slack-console.js";
import { createRequestListener } from "./http-server.js";
import { resetIdleConnections } from "./idle-connections.js";
import type { MethodTable } from "./method-context.js";
import { chatMethods } from "./methods/chat.js";
import { conversationsMethods } from "./methods/conversations.js";
import { filesMethods } from "./methods/files.js";
import { reactionsMethods } from "./methods/reactions.js";
import { usersMethods } from "./methods/users.js";
import { viewsMethods } from "./methods/views.js";
import { ResponseUrls } from "./response-urls.js";
import { ScriptedFailures } from "./scripted-failures.js";
import { SocketModeServer } from "./socket-mode/fake-socket-mode.js";
import { TriggerRegistry } from "./triggers.js";
import { Workspace } from "./workspace.js";

export const DEFAULT_BOT_TOKEN = "xoxb-test-token";
const DEFAULT_WAIT_MS = 2_000;

const METHODS: MethodTable = {
  ...chatMethods,
  ...conversationsMethods,
  ...viewsMethods,
  ...filesMethods,
  ...usersMethods,
  ...reactionsMethods,
};

function describe(recorded: Recorded): string {
  if (recorded.kind === "response_url_post") return `response_url ${recorded.id} → ${recorded.status}`;
  const error = recorded.response["error"];
  return `${recorded.method} → ${typeof error === "string" ? error : "ok"}`;
}

export async function startFakeSlack(options: FakeSlackOptions = {}): Promise<FakeSlack> {
  const clock = options.clock ?? { now: () => Date.now() };
  const listeners = new Set<FakeSlackListener>();
  const emit = (event: FakeSlackEvent): void => {
    for (const listener of listeners) {
      try {
        listener(event);
      } catch (error) {
        // A broken listener must not break the HTTP answer; rethrow outside so the test still sees it.
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  };

  const calls: RecordedCall[] = [];
  const recorded: Recorded[] = [];
  const workspace = new Workspace(clock, emit);
  const triggers = new TriggerRegistry(clock);
  const failures = new ScriptedFailures();
  const responseUrls = new ResponseUrls(clock, workspace, (post) => {
    recorded.push(post);
    emit({ type: "response_url_post", post });
  });
  let url = "";
  const slackConsole = options.console
    ? new SlackConsole(
        {
          workspace,
          clock,
          mintTrigger: (user) => triggers.mint(user),
          responseUrl: (context) => `${url}/response/${encodeURIComponent(responseUrls.create(undefined, context))}`,
        },
        options.console,
      )
    : undefined;
  if (slackConsole) listeners.add((event) => slackConsole.observe(event));
  const host = options.host ?? "127.0.0.1";
  const socketMode = new SocketModeServer(
    {
      clock,
      socketBaseUrl: () => url.replace(/^http:/, "ws:"),
      responseUrl: (context) => `${url}/response/${encodeURIComponent(responseUrls.create(undefined, context))}`,
      triggerId: (user) => triggers.mint(user),
    },
    options.socketMode,
  );

  const requestListener = createRequestListener({
    botToken: options.botToken ?? DEFAULT_BOT_TOKEN,
    clock,
    methods: METHODS,
    workspace,
    triggers,
    responseUrls,
    failures,
    baseUrl: () => url,
    record: (call) => {
      calls.push(call);
      recorded.push(call);
      emit({ type: "api_call", call });
    },
    ...(slackConsole ? { console: createConsoleRoutes(slackConsole, workspace, [host.toLowerCase()]) } : {}),
    appLevelMethods: socketMode.appLevelMethods,
  });
  const server = options.idleConnectionMs === undefined ? createServer(requestListener) : createServer();
  const idle = options.idleConnectionMs === undefined ? null : resetIdleConnections(server, requestListener, options.idleConnectionMs);
  server.on("upgrade", (request, socket, head: Buffer) => socketMode.handleUpgrade(request, socket, head));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === "IPv6" ? `[${address.address}]` : address.address;
  url = `http://${shownHost}:${address.port}`;

  function waitFor(
    predicate: (recorded: Recorded) => boolean,
    timeoutMs = DEFAULT_WAIT_MS,
  ): Promise<Recorded> {
    const earlier = recorded.find(predicate);
    if (earlier) return Promise.resolve(earlier);
    return new Promise((resolve, reject) => {
      const stop = (): void => {
        clearTimeout(timer);
        listeners.delete(listener);
      };
      const listener: FakeSlackListener = (event) => {
        const candidate =
          event.type === "api_call"
            ? event.call
            : event.type === "response_url_post"
              ? event.post
              : undefined;
        if (candidate && predicate(candidate)) {
          stop();
          resolve(candidate);
        }
      };
      const timer = setTimeout(() => {
        stop();
        const seen = recorded.slice(-20).map(describe).join(", ") || "nothing";
        reject(new Error(`fake Slack: no matching call within ${timeoutMs} ms; recorded so far: ${seen}`));
      }, timeoutMs);
      listeners.add(listener);
    });
  }

  const fake: FakeSlack = {
    url,
    apiUrl: `${url}/api/`,
    botToken: options.botToken ?? DEFAULT_BOT_TOKEN,
    calls,
    callsTo: (method) => calls.filter((call) => call.method === method),
    responseUrl: (id, context) => `${url}/response/${encodeURIComponent(responseUrls.create(id, context))}`,
    responses: (id) => responseUrls.posts(id).filter((post) => post.accepted).map((post) => post.body),
    responsePosts: (id) => responseUrls.posts(id),
    triggerId: (user) => triggers.mint(user),
    waitFor: waitFor as FakeSlack["waitFor"],
    failNext: (method, error, failOptions) => failures.add(method, error, failOptions),
    uploadedFiles: () =>
      workspace.files().flatMap((file): UploadedFile[] =>
        file.content === undefined
          ? []
          : [
              {
                id: file.id,
                filename: file.filename,
                content: file.content,
                ...(file.title !== undefined ? { title: file.title } : {}),
                ...(file.channel !== undefined ? { channel: file.channel } : {}),
                ...(file.threadTs !== undefined ? { threadTs: file.threadTs } : {}),
                ...(file.initialComment !== undefined ? { initialComment: file.initialComment } : {}),
              },
            ],
      ),
    setChannel: (id, settings) => void workspace.setChannel(id, settings),
    setUser: (id, settings) => void workspace.setUser(id, settings),
    channels: () => workspace.channels(),
    messages: (channel) => workspace.messages(channel),
    message: (channel, ts) => workspace.message(channel, ts),
    thread: (channel, ts) => workspace.thread(channel, ts),
    ephemerals: (channel, user) => workspace.ephemerals(channel, user),
    views: () => workspace.views(),
    view: (id) => workspace.view(id),
    files: () => workspace.files(),
    user: (id) => workspace.user(id),
    subscribe: (listener) => {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    workspace,
    console: slackConsole,
    socketMode,
    idleResets: () => idle?.resets ?? 0,
    close: () =>
      new Promise<void>((resolve, reject) => {
        void socketMode.close();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections(); // WebClient's fetch keeps sockets alive; don't wait for them
      }),
  };
  return fake;
}
