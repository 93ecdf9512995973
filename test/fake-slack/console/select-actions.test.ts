// A static_select chosen in the console reaches the app as Slack sends it: a signed block_actions
// form post whose actions[0] is { type: "static_select", action_id, block_id, selected_option,
// action_ts }, with the surface's full state (view.state.values in a modal, state.values in a
// message): https://docs.slack.dev/reference/interaction-payloads/block_actions-payload and
// https://api.slack.com/changelog/2020-09-full-state-on-view-submisson-and-block-actions. The app is
// a small real HTTP server that records what it receives and checks the signature itself.
import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { WebClient } from "@slack/web-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeSlack } from "../../../src/local/fake-slack/index.js";
import type { FakeSlack } from "../../../src/local/fake-slack/fake-slack-api.js";
import { clientFor } from "../helpers.js";

const CHANNEL = "C0CONSOLE";
const SECRET = "select-test-secret";

interface Received {
  signed: boolean;
  payload: Record<string, any>;
}

let fakeSlack: FakeSlack;
let client: WebClient;
let app: Server;
const received: Received[] = [];

/** Slack's request signature, computed here rather than with the console's own helper. */
function signedBySlack(secret: string, timestamp: string, body: string, signature: string): boolean {
  const expected = Buffer.from(`v0=${createHmac("sha256", secret).update(`v0:${timestamp}:${body}`).digest("hex")}`);
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

beforeAll(async () => {
  fakeSlack = await startFakeSlack({ console: {} });
  client = clientFor(fakeSlack, { token: fakeSlack.botToken });
  app = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
    request.on("end", () => {
      const timestamp = String(request.headers["x-slack-request-timestamp"] ?? "");
      const signature = String(request.headers["x-slack-signature"] ?? "");
      const form = new URLSearchParams(body);
      received.push({ signed: signedBySlack(SECRET, timestamp, body, signature), payload: JSON.parse(form.get("payload") ?? "{}") });
      response.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => app.listen(0, "127.0.0.1", resolve));
  fakeSlack.console!.connectApp({ eventsUrl: `http://127.0.0.1:${(app.address() as AddressInfo).port}/slack/events`, signingSecret: SECRET });
});

afterAll(async () => {
  await new Promise((resolve) => app.close(resolve));
  await fakeSlack.close();
});

const option = (text: string, value: string) => ({ text: { type: "plain_text", text, emoji: true }, value });
const placeholder = { type: "plain_text", text: "Choose a host", emoji: true };
const hosts = [option("10.0.7.1", "0"), option("10.0.7.2", "1"), option("10.0.7.3", "2")];

function pickerBlocks(initial: Record<string, unknown> | undefined) {
  return [
    { type: "section", block_id: "host", text: { type: "mrkdwn", text: "a host" } },
    {
      type: "actions",
      block_id: "host-picker",
      elements: [{ type: "static_select", action_id: "log_host", placeholder, options: hosts, ...(initial ? { initial_option: initial } : {}) }],
    },
    { type: "actions", block_id: "paging", elements: [{ type: "button", action_id: "log_page:2", text: { type: "plain_text", text: "Next ▶" }, value: "1" }] },
  ];
}

/** What the app received for one console action. */
async function sentFor(action: () => Promise<unknown>): Promise<Received> {
  const before = received.length;
  expect(await action()).toEqual({ ok: true });
  expect(received.length).toBe(before + 1);
  return received[before]!;
}

/** The page's request for a chosen option, over the console's HTTP route. */
function choose(body: Record<string, unknown>): Promise<unknown> {
  return fetch(`${fakeSlack.url}/console/action`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) }).then((response) => response.json());
}

describe("a static_select in a modal", () => {
  it("sends the chosen option as actions[0] and in view.state.values, signed", async () => {
    const { view } = await client.views.open({
      trigger_id: fakeSlack.triggerId("U0YOU"),
      view: { type: "modal", callback_id: "log_modal", private_metadata: "{\"page\":0}", title: { type: "plain_text", text: "Host log" }, blocks: pickerBlocks(hosts[0]) as never },
    });
    const viewId = String(view!.id);

    const { signed, payload } = await sentFor(() =>
      fakeSlack.console!.click({ container: "view", viewId, blockIndex: 1, elementIndex: 0, actionId: "log_host", optionIndex: 2 }),
    );
    expect(signed).toBe(true);
    expect(payload["type"]).toBe("block_actions");
    expect(payload["user"]["id"]).toBe("U0YOU");
    expect(payload["container"]).toEqual({ type: "view", view_id: viewId });
    expect(payload["actions"]).toEqual([
      {
        type: "static_select",
        action_id: "log_host",
        block_id: "host-picker",
        selected_option: option("10.0.7.3", "2"),
        initial_option: option("10.0.7.1", "0"),
        placeholder,
        action_ts: expect.stringMatching(/^\d+\.\d{6}$/),
      },
    ]);
    expect(payload["view"]).toMatchObject({ id: viewId, callback_id: "log_modal", private_metadata: "{\"page\":0}" });
    expect(payload["view"]["state"]).toEqual({ values: { "host-picker": { log_host: { type: "static_select", selected_option: option("10.0.7.3", "2") } } } });
    expect(payload["state"]).toBeUndefined(); // a modal's state travels in `view`

    // A button pressed next in the same modal carries the choice the page shows.
    const next = await sentFor(() => fakeSlack.console!.click({ container: "view", viewId, blockIndex: 2, elementIndex: 0, actionId: "log_page:2" }));
    expect(next.payload["actions"][0]).toMatchObject({ type: "button", action_id: "log_page:2", block_id: "paging", value: "1" });
    expect(next.payload["view"]["state"]["values"]["host-picker"]["log_host"]["selected_option"]).toEqual(option("10.0.7.3", "2"));

    // The app redraws the modal (views.update): the page shows its initial_option again, and so does the state.
    await client.views.update({ view_id: viewId, view: { type: "modal", title: { type: "plain_text", text: "Host log" }, blocks: pickerBlocks(hosts[1]) as never } });
    const redrawn = await sentFor(() => fakeSlack.console!.click({ container: "view", viewId, blockIndex: 2, elementIndex: 0, actionId: "log_page:2" }));
    expect(redrawn.payload["view"]["state"]["values"]["host-picker"]["log_host"]["selected_option"]).toEqual(option("10.0.7.2", "1"));
  });
});

describe("a static_select in a message", () => {
  it("sends the option chosen on the page, with the message and its state.values", async () => {
    const { ts } = await client.chat.postMessage({ channel: CHANNEL, text: "pick a host", blocks: pickerBlocks(undefined) as never });
    const where = { container: "message", channel: CHANNEL, ts: String(ts), actionId: "log_host" };

    const { signed, payload } = await sentFor(() => choose({ ...where, blockIndex: 1, elementIndex: 0, optionIndex: 1 }));
    expect(signed).toBe(true);
    expect(payload["container"]).toMatchObject({ type: "message", message_ts: String(ts), channel_id: CHANNEL });
    expect(payload["message"]["ts"]).toBe(String(ts));
    expect(payload["actions"]).toEqual([
      {
        type: "static_select",
        action_id: "log_host",
        block_id: "host-picker",
        selected_option: option("10.0.7.2", "1"),
        placeholder,
        action_ts: expect.stringMatching(/^\d+\.\d{6}$/),
      },
    ]);
    expect(payload["state"]).toEqual({ values: { "host-picker": { log_host: { type: "static_select", selected_option: option("10.0.7.2", "1") } } } });
  });

  it("reports a select nothing was chosen in as null in the state of a button press", async () => {
    const { ts } = await client.chat.postMessage({ channel: CHANNEL, text: "pick a host", blocks: pickerBlocks(undefined) as never });
    const { payload } = await sentFor(() =>
      fakeSlack.console!.click({ container: "message", channel: CHANNEL, ts: String(ts), blockIndex: 2, elementIndex: 0, actionId: "log_page:2" }),
    );
    expect(payload["state"]).toEqual({ values: { "host-picker": { log_host: { type: "static_select", selected_option: null } } } });
  });

  it("refuses an option the menu does not have, without asking the app", async () => {
    const { ts } = await client.chat.postMessage({ channel: CHANNEL, text: "pick a host", blocks: pickerBlocks(undefined) as never });
    const before = received.length;
    const where = { container: "message" as const, channel: CHANNEL, ts: String(ts), blockIndex: 1, elementIndex: 0 as const, actionId: "log_host" };
    expect(await fakeSlack.console!.click({ ...where, optionIndex: 3 })).toEqual({ ok: false, error: expect.stringContaining("no longer in the menu") });
    expect(await fakeSlack.console!.click(where)).toEqual({ ok: false, error: expect.stringContaining("no longer in the menu") });
    expect(await choose({ ...where, optionIndex: -1 })).toEqual({ ok: false, error: expect.stringContaining("not a button press or choice") });
    expect(received.length).toBe(before);
  });
});
