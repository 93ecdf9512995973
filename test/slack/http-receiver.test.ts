// HTTP mode's receiver on its own (src/slack/http-receiver.ts, signed-body.ts): a real Bolt App
// over real loopback HTTP, requests signed as Slack signs them. What Slack sees: the answer to a
// request whose acknowledgement is known from its body comes before the App's work; any other
// gets its listener's answer; every bad request gets its status, never a hang.
import { App, LogLevel, type Logger } from "@slack/bolt";
import { afterEach, describe, expect, it } from "vitest";
import { SlackHttpReceiver, type EarlyAck } from "../../src/slack/http-receiver.js";
import { messageButtonPayload, sendInteraction, sendSlashCommand, signature, SIGNING_SECRET } from "../support/slack-requests.js";

interface Started {
  app: App;
  url: string;
  warnings: string[];
}

const started: App[] = [];
afterEach(async () => {
  for (const app of started.splice(0)) await app.stop();
});

function capturingLogger(warnings: string[]): Logger {
  return {
    debug() {},
    info() {},
    warn: (...message: unknown[]) => void warnings.push(message.map(String).join(" ")),
    error: (...message: unknown[]) => void warnings.push(message.map(String).join(" ")),
    setLevel() {},
    getLevel: () => LogLevel.INFO,
    setName() {},
  };
}

/** The App with `register`'s listeners, answering early what `earlyAck` says (joblog's rule is tested in e2e). */
async function start(register: (app: App) => void, earlyAck: (body: Record<string, unknown>) => EarlyAck | null): Promise<Started> {
  const warnings: string[] = [];
  const logger = capturingLogger(warnings);
  const receiver = new SlackHttpReceiver({ signingSecret: SIGNING_SECRET, logger, earlyAck, routes: [] });
  const app = new App({ receiver, logger, authorize: async () => ({ botToken: "xoxb-test", botId: "B0BOT", botUserId: "U0BOT" }), ignoreSelf: false });
  register(app);
  const server = (await app.start({ port: 0, host: "127.0.0.1" })) as import("node:http").Server;
  started.push(app);
  const address = server.address() as import("node:net").AddressInfo;
  return { app, url: `http://127.0.0.1:${address.port}`, warnings };
}

const reportAck = (body: Record<string, unknown>): EarlyAck | null => (body["text"] === "help" ? null : body["command"] ? { body: { response_type: "in_channel" } } : body["type"] === "block_actions" ? {} : null);

/** A promise and the function that settles it. */
function gate(): { opened: Promise<void>; open(): void } {
  let open = () => {};
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

async function post(url: string, body: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  const response = await fetch(`${url}/slack/events`, { method: "POST", headers, body });
  return { status: response.status, body: await response.text() };
}

function signedHeaders(body: string, contentType: string, timestamp = Math.floor(Date.now() / 1000)): Record<string, string> {
  return { "content-type": contentType, "x-slack-request-timestamp": String(timestamp), "x-slack-signature": signature(SIGNING_SECRET, timestamp, body) };
}

describe("acknowledgements", () => {
  it("answers a report at once, while its listener is still at work, with what the listener acknowledges", async () => {
    const listener = gate();
    const done = gate();
    const { url, warnings } = await start((app) => {
      app.command("/joblog", async ({ ack }) => {
        await listener.opened;
        await ack({ response_type: "in_channel" });
        done.open();
      });
    }, reportAck);
    const answer = await sendSlashCommand(url, { text: "2 10001", response_url: "http://127.0.0.1:9/unused" });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({ response_type: "in_channel" });
    listener.open();
    await done.opened;
    expect(warnings).toEqual([]);
  });

  it("leaves a request whose answer only its listener knows (usage help) to that listener", async () => {
    const { url } = await start((app) => {
      app.command("/joblog", async ({ ack }) => ack({ response_type: "ephemeral", text: "Usage: /joblog <bk_biz_id> <job_instance_id>" }));
    }, reportAck);
    const answer = await sendSlashCommand(url, { text: "help", response_url: "http://127.0.0.1:9/unused" });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ text: "Usage: /joblog <bk_biz_id> <job_instance_id>" });
  });

  it("answers once when a listener acknowledges differently, and says so in the log", async () => {
    const done = gate();
    const { url, warnings } = await start((app) => {
      app.action("press", async ({ ack }) => {
        await ack({ text: "something else" } as never);
        done.open();
      });
    }, reportAck);
    const payload = messageButtonPayload({ actionId: "press", value: "v", triggerId: "1.2.t", channel: "C0INCIDENT", messageTs: "1.000" });
    const answer = await sendInteraction(url, payload);
    expect(answer).toMatchObject({ status: 200, body: "" });
    await done.opened;
    expect(warnings.join("\n")).toMatch(/acknowledged with .*something else.* already answered/);
  });
});

describe("requests that are not Slack's, or not readable", () => {
  const form = "command=%2Fjoblog&text=2+10001";
  const formType = "application/x-www-form-urlencoded";

  it.each([
    ["a wrong signature", { ...signedHeaders(form, formType), "x-slack-signature": "v0=" + "0".repeat(64) }],
    ["no signature", { "content-type": formType, "x-slack-request-timestamp": String(Math.floor(Date.now() / 1000)) }],
    ["a timestamp six minutes old", signedHeaders(form, formType, Math.floor(Date.now() / 1000) - 360)],
    ["a timestamp six minutes ahead", signedHeaders(form, formType, Math.floor(Date.now() / 1000) + 360)],
    ["a timestamp that is not a number", { ...signedHeaders(form, formType), "x-slack-request-timestamp": "soon" }],
  ])("refuses %s with 401", async (_, headers) => {
    const { url, warnings } = await start(() => {}, reportAck);
    expect((await post(url, form, headers)).status).toBe(401);
    expect(warnings.join("\n")).toContain("Failed to parse and verify the request data");
  });

  it("refuses a body over 4 MB with 413", async () => {
    const { url } = await start(() => {}, reportAck);
    const huge = `text=${"a".repeat(5 * 1024 * 1024)}`;
    expect((await post(url, huge, signedHeaders(huge, formType))).status).toBe(413);
  });

  it("answers a signed body that is not JSON with 400", async () => {
    const { url } = await start(() => {}, reportAck);
    const broken = "payload=%7Bnot-json";
    expect((await post(url, broken, signedHeaders(broken, formType))).status).toBe(400);
  });

  it("answers Slack's unsigned SSL check, and its URL verification challenge", async () => {
    const { url } = await start(() => {}, reportAck);
    expect((await post(url, "ssl_check=1&token=x", { "content-type": formType })).status).toBe(200);
    const challenge = JSON.stringify({ type: "url_verification", challenge: "c-123", token: "x" });
    expect(await post(url, challenge, signedHeaders(challenge, "application/json"))).toEqual({ status: 200, body: JSON.stringify({ challenge: "c-123" }) });
  });
});
