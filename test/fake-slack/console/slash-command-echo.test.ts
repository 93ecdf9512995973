// The console shares a typed slash command in the channel exactly when Slack does: when the app's
// acknowledgement is `response_type: in_channel` ("both the response message and the initial
// message typed by the user will be shared in the channel"), not for ephemeral acknowledgements
// and not for in_channel answers sent later through response_url ("delayed responses will not
// include the initial command"): https://api.slack.com/interactivity/slash-commands and
// github.com/slackhq/slack-api-docs, index_slash_commands.md. joblog always acknowledges with an
// empty body, so the app here is a small real HTTP server that answers each way on request.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeSlack } from "../../../src/local/fake-slack/index.js";
import type { FakeSlack } from "../../../src/local/fake-slack/fake-slack-api.js";

const CHANNEL = "C0CONSOLE";
/** What the app acknowledges each command text with. */
const ACKS: Record<string, string> = {
  answered: JSON.stringify({ response_type: "in_channel", text: "pong" }),
  bare: JSON.stringify({ response_type: "in_channel" }),
  private: JSON.stringify({ response_type: "ephemeral", text: "only you" }),
  later: "",
};

let fakeSlack: FakeSlack;
let app: Server;
let lastResponseUrl = "";

beforeAll(async () => {
  fakeSlack = await startFakeSlack({ console: {} });
  app = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
    request.on("end", () => {
      const form = new URLSearchParams(body);
      lastResponseUrl = form.get("response_url") ?? "";
      const ack = ACKS[form.get("text") ?? ""] ?? "";
      response.writeHead(200, { "content-type": ack === "" ? "text/plain" : "application/json" });
      response.end(ack);
    });
  });
  await new Promise<void>((resolve) => app.listen(0, "127.0.0.1", resolve));
  fakeSlack.console!.connectApp({ eventsUrl: `http://127.0.0.1:${(app.address() as AddressInfo).port}/slack/events`, signingSecret: "test-secret" });
});

afterAll(async () => {
  await new Promise((resolve) => app.close(resolve));
  await fakeSlack.close();
});

/** The channel's messages after `action`, as "author: text". */
async function channelAfter(action: () => Promise<unknown>): Promise<string[]> {
  const before = fakeSlack.messages(CHANNEL).length;
  await action();
  return fakeSlack.messages(CHANNEL).slice(before).map((message) => `${message.botId !== undefined ? "bot" : message.user}: ${message.text}`);
}

describe("a slash command in the console's channel", () => {
  it("is shared under the person's name, above the answer, when the acknowledgement is in_channel", async () => {
    const posted = await channelAfter(() => fakeSlack.console!.send({ text: "/joblog answered" }));
    expect(posted).toEqual(["U0YOU: /joblog answered", "bot: pong"]);
  });

  it("is shared alone for a bare in_channel acknowledgement, with no empty answer", async () => {
    expect(await channelAfter(() => fakeSlack.console!.send({ text: "/joblog bare" }))).toEqual(["U0YOU: /joblog bare"]);
  });

  it("keeps Slack's escaping of what was typed", async () => {
    ACKS["&lt;b&gt;&amp;"] = ACKS["answered"]!; // the text the app receives is escaped too
    const posted = await channelAfter(() => fakeSlack.console!.send({ text: "/joblog <b>&" }));
    expect(posted[0]).toBe("U0YOU: /joblog &lt;b&gt;&amp;");
  });

  it("is not shared when the acknowledgement is ephemeral", async () => {
    const posted = await channelAfter(() => fakeSlack.console!.send({ text: "/joblog private" }));
    expect(posted).toEqual([]);
    expect(fakeSlack.console!.snapshot().some((event) => event.type === "item" && event.item.kind === "ephemeral" && event.item.html.includes("only you"))).toBe(true);
  });

  it("is not shared when the in_channel answer comes later through response_url", async () => {
    const posted = await channelAfter(async () => {
      expect(await fakeSlack.console!.send({ text: "/joblog later" })).toEqual({ ok: true });
      const answer = await fetch(lastResponseUrl, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ response_type: "in_channel", text: "the report" }),
      });
      expect(answer.status).toBe(200);
    });
    expect(posted).toEqual(["bot: the report"]);
  });
});
