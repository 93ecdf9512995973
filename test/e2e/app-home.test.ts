// The App Home tab, end to end: app_home_opened (signed, as Slack sends it) → views.publish to the
// fake Slack, which checks the view as Slack does (a home view, at most 100 blocks). It shows the
// viewer's watches with Stop buttons and the recent failed runs of a business they asked about.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RecordedCall } from "../../src/local/fake-slack/index.js";
import { validateModal } from "../../src/render/limits.js";
import { startHarness, type Harness } from "../support/harness.js";
import { sendEvent, sendSlashCommand } from "../support/slack-requests.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ env: { JOBLOG_IDENTITY: "fixed" } });
});
afterAll(() => h.close());

async function command(text: string, channel: string) {
  const id = `r-${Math.random()}`;
  await sendSlashCommand(h.appUrl, { text, response_url: h.slack.responseUrl(id, { channel, user: "U0OPS" }), channel_id: channel, user_id: "U0OPS" });
  await h.slack.waitFor((r) => r.kind === "response_url_post" && r.id === id, 10_000);
}

async function openHome(user: string): Promise<RecordedCall> {
  const before = h.slack.callsTo("views.publish").length;
  await sendEvent(h.appUrl, { type: "app_home_opened", user, channel: "D0HOME", tab: "home", event_ts: `${Date.now() / 1000}` });
  return h.slack.waitFor((r): r is RecordedCall => r.kind === "api_call" && r.method === "views.publish" && h.slack.callsTo("views.publish").length > before, 10_000);
}

describe("App Home", () => {
  it("lists the watches with Stop buttons and the failed runs of businesses asked about, within Slack's 100 blocks", async () => {
    await command("recent 1", "C0INCIDENT");
    await command("watch 1 deploy-web", "C0WATCH");
    const published = await openHome("U0OPS");
    expect(published.response.ok).toBe(true);
    const view = published.body.view as { type: string; blocks: { block_id?: string; accessory?: { action_id: string }; elements?: { action_id: string }[] }[] };
    expect(view.type).toBe("home");
    expect(view.blocks.length).toBeLessThanOrEqual(100);
    expect(validateModal({ ...view, type: "modal", title: { type: "plain_text", text: "home" } })).toEqual([]);
    const text = JSON.stringify(view.blocks);
    expect(text).toContain("<#C0WATCH>");
    expect(view.blocks.some((block) => block.accessory?.action_id === "stop_watch")).toBe(true);
    expect(text).toContain("Recent failed runs of business 1");
    const reports = view.blocks.filter((block) => block.block_id?.startsWith("home-run-actions-1-"));
    expect(reports.length).toBeGreaterThan(0);
    const lines = view.blocks.filter((block) => /^home-run-1-\d+$/.test(block.block_id ?? "")).map((block) => JSON.stringify(block));
    expect(lines.length).toBe(reports.length);
    for (const line of lines) expect(line).toContain("❌ *"); // failed runs only
  });

  it("someone who asked about nothing gets the Home with a hint, not an error", async () => {
    const published = await openHome("U0NEW");
    expect(published.response.ok).toBe(true);
    expect(JSON.stringify(published.body.view)).toContain("Ask about a business");
  });
});
