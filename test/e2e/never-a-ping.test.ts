// Never a ping: the simulator's tricky job (its name `<!channel> & *bold* release`, logs and tags
// with `<@U123ABC>` and `<https://evil.example|click>`) through every surface that shows it.
import { mrkdwnTexts } from "../support/mrkdwn-texts.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SCENARIOS } from "../../src/local/sim/scenarios.js";
import { startHarness, type Harness } from "../support/harness.js";
import { sendEvent, sendSlashCommand } from "../support/slack-requests.js";

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => harness.close());

const { bizId, jobInstanceId } = SCENARIOS.trickyLogs;

/**
 * Every `<…` control sequence in mrkdwn that joblog did not write itself (its own: links to
 * job.example.com and `<!date^…>` times). plain_text and rich_text are never parsed by Slack.
 */
function upstreamControls(payload: { text?: unknown; blocks?: unknown } | unknown): string[] {
  const fallback = (payload as { text?: unknown }).text;
  const texts = [...mrkdwnTexts(payload), ...(typeof fallback === "string" ? [fallback] : [])];
  return texts
    .flatMap((text) => [...text.matchAll(/<(?:!|@|#|https?:)[^>]*>?/g)].map((match) => match[0]))
    .filter((found) => !found.startsWith("<https://job.example.com") && !found.startsWith("<!date^"));
}

async function answer(text: string) {
  const id = `p${Math.random().toString(36).slice(2)}`;
  await sendSlashCommand(harness.appUrl, { text, response_url: harness.slack.responseUrl(id, { channel: "C0INCIDENT", user: "U0OPS" }) });
  const post = await harness.slack.waitFor((r) => r.kind === "response_url_post" && r.id === id, 10_000);
  if (post.kind !== "response_url_post") throw new Error("unexpected record");
  return post.body;
}

describe("upstream text never becomes a ping, a mention or a link", () => {
  it.each([
    ["the report", `${bizId} ${jobInstanceId}`],
    ["the log search", `${bizId} ${jobInstanceId} grep channel`],
  ])("%s", async (_name, text) => {
    const body = await answer(text);
    expect(JSON.stringify(body)).toContain("&lt;!channel&gt;");
    expect(upstreamControls(body)).toEqual([]);
  });

  it("the mention's thread reply and the unfurl", async () => {
    const ts = "1700000700.000100";
    await sendEvent(harness.appUrl, { type: "app_mention", user: "U0OPS", text: `<@U0BOT> ${bizId} ${jobInstanceId}`, ts, channel: "C0INCIDENT", event_ts: ts });
    const reply = await harness.slack.waitFor((r) => r.kind === "api_call" && r.method === "chat.postMessage" && r.body.thread_ts === ts, 10_000);
    if (reply.kind !== "api_call") throw new Error("unexpected record");
    expect(upstreamControls({ text: reply.body.text, blocks: reply.body.blocks })).toEqual([]);

    const url = `https://job.example.com/biz/${bizId}/execute/task/${jobInstanceId}`;
    await sendEvent(harness.appUrl, {
      type: "link_shared",
      user: "U0OPS",
      channel: "C0INCIDENT",
      message_ts: ts,
      links: [{ url, domain: "job.example.com" }],
      event_ts: ts,
    });
    const unfurl = await harness.slack.waitFor((r) => r.kind === "api_call" && r.method === "chat.unfurl", 10_000);
    if (unfurl.kind !== "api_call") throw new Error("unexpected record");
    expect(upstreamControls(unfurl.body.unfurls)).toEqual([]);
  });
});
