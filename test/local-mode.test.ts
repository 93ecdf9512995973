// Local mode end to end without a browser: the simulator, the real joblog app and the fake Slack
// with its console, driven through the console's own HTTP endpoints as the page drives them.
import { WebClient } from "@slack/web-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../src/config.js";
import type { ConsoleEvent } from "../src/local/fake-slack/console/slack-console.js";
import { createLogger } from "../src/logging.js";
import { startLocalMode, type LocalMode } from "../src/local/local-mode.js";
import { silentLogger } from "./fake-slack/helpers.js";
import { captureLog, isAuditOf } from "./support/captured-log.js";

let local: LocalMode;
/** joblog's own log in local mode: its audit lines say which requests reached it. */
const log = captureLog();
const CHANNEL = "C0CONSOLE";
const USER = "U0YOU";

beforeAll(async () => {
  local = await startLocalMode({ config: loadConfig({ LOG_LEVEL: "info" }), logger: createLogger("info", log.stream), consolePort: 0 });
});
afterAll(async () => local.stop());

async function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(new URL(path, local.consoleUrl), {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as { ok: boolean; error?: string } };
}

const send = (text: string, threadTs?: string) => post("/console/send", { text, ...(threadTs ? { threadTs } : {}) });

async function until<T>(read: () => T | undefined, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const text = (value: unknown) => JSON.stringify(value);
const lastBotMessage = (contains: string) =>
  local.fakeSlack.messages(CHANNEL).filter((m) => m.botId !== undefined && text(m.blocks).includes(contains)).at(-1);

describe("the console's page and safety checks", () => {
  it("serves the page with a strict content security policy", async () => {
    const response = await fetch(local.consoleUrl);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-security-policy")).toContain("script-src 'self'");
    expect(await response.text()).toContain("/console/console.js");
    for (const asset of ["/console/console.js", "/console/console.css"]) {
      expect((await fetch(new URL(asset, local.consoleUrl))).status).toBe(200);
    }
  });

  it("refuses a foreign Host (DNS rebinding), cross-origin and non-JSON posts", async () => {
    const { hostname, port } = new URL(local.consoleUrl);
    const rebinding = await new Promise<number>((resolve, reject) => {
      // fetch() does not let us set Host; a raw request does.
      import("node:http").then(({ request }) => {
        const req = request({ host: hostname, port, path: "/", headers: { host: `evil.example:${port}` } }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on("error", reject);
        req.end();
      }, reject);
    });
    expect(rebinding).toBe(403);
    expect((await post("/console/send", { text: "hi" }, { origin: "https://evil.example" })).status).toBe(403);
    expect((await post("/console/send", "text=hi", { "content-type": "application/x-www-form-urlencoded" })).status).toBe(403);
    expect((await post("/console/send", "[1]")).status).toBe(400);
  });

  it("streams a snapshot first, then changes", async () => {
    const controller = new AbortController();
    const response = await fetch(new URL("/console/events", local.consoleUrl), { signal: controller.signal });
    expect(response.headers.get("content-type")).toContain("text/event-stream");
    const reader = response.body!.getReader();
    const events: ConsoleEvent[] = [];
    const readUntil = async (done: () => boolean) => {
      let buffer = "";
      while (!done()) {
        const chunk = await reader.read();
        if (chunk.done) break;
        buffer += new TextDecoder().decode(chunk.value);
        const parts = buffer.split("\n\n");
        buffer = parts.pop() ?? "";
        for (const part of parts) if (part.startsWith("data: ")) events.push(JSON.parse(part.slice(6)) as ConsoleEvent);
      }
    };
    await readUntil(() => events.some((event) => event.type === "hello"));
    expect(events[0]).toEqual({ type: "reset" });
    expect(events[1]).toMatchObject({ type: "hello", channel: { id: CHANNEL }, appConnected: true });
    await send("hello from the stream test");
    await readUntil(() => events.some((event) => event.type === "item" && event.item.html.includes("hello from the stream test")));
    controller.abort();
  });
});

describe("typing in the console", () => {
  it("/joblog 1 100 posts the report in the channel", async () => {
    expect((await send("/joblog 1 100")).body).toEqual({ ok: true });
    const message = await until(() => lastBotMessage("✅ test"), "the report");
    expect(message.threadTs).toBeUndefined();
  });

  it("a malformed command answers with the usage help, only visible to the person", async () => {
    const before = local.fakeSlack.messages(CHANNEL).length;
    expect((await send("/joblog 1 two")).body).toEqual({ ok: true });
    const help = await until(() => local.fakeSlack.ephemerals(CHANNEL, USER).find((e) => text(e.blocks).includes("How to use /joblog")), "the help");
    expect(text(help.blocks)).toContain("is not a positive whole number");
    expect(local.fakeSlack.messages(CHANNEL)).toHaveLength(before);
  });

  it("an unknown slash command is refused as Slack refuses it", async () => {
    const result = await send("/deploy now");
    expect(result.body).toEqual({ ok: false, error: expect.stringContaining("/deploy is not a valid command") });
  });

  it("@joblog posts the person's message and the report comes in its thread", async () => {
    await send("@joblog 1 100");
    const mine = await until(() => local.fakeSlack.messages(CHANNEL).filter((m) => m.user === USER).at(-1), "my message");
    expect(mine.text).toBe("<@U0BOT> 1 100");
    const reply = await until(() => local.fakeSlack.thread(CHANNEL, mine.ts).find((m) => m.botId !== undefined), "the threaded answer");
    expect(text(reply.blocks)).toContain("✅ test");
  });

  it("a plain message is stored as Slack stores it (escaped, links wrapped); the bot is not asked", async () => {
    const calls = local.fakeSlack.calls.length;
    const audits = log.entries().filter(isAuditOf(USER)).length;
    expect((await send("<b>see</b> https://example.com/a?b=1&c=2")).body).toEqual({ ok: true });
    const plain = local.fakeSlack.messages(CHANNEL).at(-1)!;
    expect(plain.text).toBe("&lt;b&gt;see&lt;/b&gt; <https://example.com/a?b=1&amp;c=2>");

    // Proof that joblog is done with whatever reached it: a mention typed next is answered. Had the
    // plain message been sent to joblog too, its answer and its audit line would be there by now.
    await send("@joblog 1 100");
    const mention = await until(() => local.fakeSlack.messages(CHANNEL).find((m) => m.user === USER && m.ts > plain.ts), "the mention");
    await until(() => local.fakeSlack.thread(CHANNEL, mention.ts).find((m) => m.botId !== undefined), "the answer to the mention");
    expect(log.entries().filter(isAuditOf(USER)).slice(audits)).toEqual([expect.objectContaining({ action: "report", jobInstanceId: 100, outcome: "ok" })]);
    const answered = local.fakeSlack.calls.slice(calls);
    expect(answered.map((call) => [call.method, call.body.thread_ts])).toEqual([["chat.postMessage", mention.ts]]);
  });

  it("a refused Web API call becomes a visible notice", async () => {
    local.fakeSlack.failNext("chat.postMessage", "channel_not_found");
    const events: ConsoleEvent[] = [];
    const unsubscribe = local.fakeSlack.console!.subscribe((event) => events.push(event));
    await send("@joblog 1 100");
    const notice = await until(() => events.find((e) => e.type === "item" && e.item.kind === "notice"), "a notice");
    unsubscribe();
    expect(notice.type === "item" && notice.item.html).toContain("chat.postMessage was refused: channel_not_found");
  });
});

describe("pressing buttons", () => {
  it("Log <host> opens the modal with the host's log; Next pages it", async () => {
    await send("/joblog 1 500");
    const report = await until(() => lastBotMessage("dump-5mb"), "the 5 MB report");
    const blocks = report.blocks as { type: string; elements?: { action_id: string }[] }[];
    // The host's Log button (the report's first actions may be the step's Retry buttons).
    const blockIndex = blocks.findIndex((block) => block.type === "actions" && block.elements![0]!.action_id.startsWith("show_log"));
    const actionId = blocks[blockIndex]!.elements![0]!.action_id;
    const opened = local.fakeSlack.views().length;
    const click = await post("/console/action", { container: "message", channel: CHANNEL, ts: report.ts, blockIndex, elementIndex: 0, actionId });
    expect(click.body).toEqual({ ok: true });
    const view = await until(() => {
      const candidate = local.fakeSlack.views()[opened];
      return candidate && text(candidate.view).includes("Lines 1–") ? candidate : undefined;
    }, "the log page");
    expect(text(view.view)).toContain("Next ▶");

    const viewBlocks = view.view["blocks"] as { type: string; elements?: { action_id: string; text: { text: string } }[] }[];
    const navIndex = viewBlocks.findIndex((block) => block.type === "actions");
    const nextIndex = viewBlocks[navIndex]!.elements!.findIndex((element) => element.text.text === "Next ▶");
    const next = viewBlocks[navIndex]!.elements![nextIndex]!;
    const updates = view.updateCount;
    await post("/console/action", { container: "view", viewId: view.id, blockIndex: navIndex, elementIndex: nextIndex, actionId: next.action_id });
    await until(() => (local.fakeSlack.view(view.id)!.updateCount > updates && /Lines [1-9][\d,]*–/.test(text(local.fakeSlack.view(view.id)!.view)) && !text(local.fakeSlack.view(view.id)!.view).includes("Lines 1–") ? true : undefined), "page 2");
  });

  it("a button that is no longer in the message is refused without asking the app", async () => {
    const report = await until(() => lastBotMessage("✅ test"), "a report");
    const result = await post("/console/action", { container: "message", channel: CHANNEL, ts: report.ts, blockIndex: 0, elementIndex: 0, actionId: "gone" });
    expect(result.body).toEqual({ ok: false, error: expect.stringContaining("no longer in the message") });
  });
});

describe("edits from the app", () => {
  it("chat.update reaches the page as a changed item", async () => {
    const report = await until(() => lastBotMessage("✅ test"), "a report");
    const events: ConsoleEvent[] = [];
    const unsubscribe = local.fakeSlack.console!.subscribe((event) => events.push(event));
    const client = new WebClient(local.fakeSlack.botToken, { slackApiUrl: local.fakeSlack.apiUrl, logger: silentLogger(), retryConfig: { retries: 0 } });
    await client.chat.update({ channel: CHANNEL, ts: report.ts, text: "edited", blocks: [{ type: "section", text: { type: "mrkdwn", text: "*edited* in place" } }] });
    unsubscribe();
    const item = events.find((event) => event.type === "item" && event.item.key === `m:${CHANNEL}:${report.ts}`);
    expect(item?.type === "item" && item.item.html).toContain("<b>edited</b> in place");
    expect(item?.type === "item" && item.item.html).toContain("(edited)");
  });
});

describe("with BK_JOB_WEB_URL set", () => {
  it("a pasted JOB link sends link_shared and the preview appears under the message", async () => {
    const config = loadConfig({ LOG_LEVEL: "silent", BK_JOB_WEB_URL: "https://job.example.com" });
    const withWeb = await startLocalMode({ config, logger: createLogger("silent"), consolePort: 0 });
    try {
      const response = await fetch(new URL("/console/send", withWeb.consoleUrl), {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ text: "what happened in https://job.example.com/biz/1/execute/task/200 ?" }),
      });
      expect(await response.json()).toEqual({ ok: true });
      const unfurled = await until(() => withWeb.fakeSlack.messages(CHANNEL).find((m) => Object.keys(m.unfurls).length > 0), "the preview");
      expect(Object.keys(unfurled.unfurls)).toEqual(["https://job.example.com/biz/1/execute/task/200"]);
      expect(text(unfurled.unfurls)).toContain("deploy-web-release");
    } finally {
      await withWeb.stop();
    }
  });
});
