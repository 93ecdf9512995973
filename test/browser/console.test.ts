// The local Slack console in a real browser (Debian's Chromium driven by playwright-core), as a
// person evaluating joblog uses it: local mode started as `npm start` starts it, commands typed
// in the message box, buttons pressed, modals paged, edits and thread replies arriving live.
// Screenshots go to .test-artifacts/; UPDATE_SCREENSHOT=1 also rewrites docs/console.png for the
// README (kept out of normal runs so tests never change the tree).
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { WebClient } from "@slack/web-api";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { createLogger } from "../../src/logging.js";
import { startLocalMode, type LocalMode } from "../../src/local/local-mode.js";
import { silentLogger } from "../fake-slack/helpers.js";
import { chromiumPath } from "../support/chromium.js";

const ARTIFACTS = new URL("../../.test-artifacts/", import.meta.url).pathname;
const README_SCREENSHOT = new URL("../../docs/console.png", import.meta.url).pathname;
const UPDATE_SCREENSHOT = process.env["UPDATE_SCREENSHOT"] === "1";

let local: LocalMode;
let browser: BrowserContext;
let profile: string;
const pageErrors: string[] = [];

beforeAll(async () => {
  const executablePath = chromiumPath();
  local = await startLocalMode({ config: loadConfig({ LOG_LEVEL: "silent" }), logger: createLogger("silent"), consolePort: 0 });
  profile = mkdtempSync(join(tmpdir(), "joblog-chromium-"));
  mkdirSync(ARTIFACTS, { recursive: true });
  browser = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--no-first-run",
      "--disable-sync",
      "--disable-quic",
    ],
    viewport: { width: 1280, height: 860 },
    timezoneId: "Asia/Shanghai",
    locale: "en-US",
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await local?.stop();
  if (profile) rmSync(profile, { recursive: true, force: true });
  expect(pageErrors).toEqual([]);
});

async function openConsole(): Promise<Page> {
  const page = await browser.newPage();
  page.on("pageerror", (error) => pageErrors.push(error.message));
  await page.goto(local.consoleUrl);
  await expect.poll(() => page.locator("#examples-section").isVisible()).toBe(true); // the stream is connected
  return page;
}

async function type(page: Page, text: string, box = "#composer-input"): Promise<void> {
  await page.locator(box).fill(text);
  await page.locator(box).press("Enter");
}

/** The newest bot message in the channel whose text contains `text`. */
const botMessage = (page: Page, text: string) => page.locator("#timeline .msg-bot").filter({ hasText: text }).last();

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(ARTIFACTS, `console-${name}.png`) });
}

describe("the local Slack console", () => {
  it("/joblog 1 100 shows the seed example's report", async () => {
    const page = await openConsole();
    await type(page, "/joblog 1 100");
    const report = botMessage(page, "Business 1 · Job 100");
    await report.waitFor();
    await expect.poll(() => report.locator("h3.sk-header").textContent()).toBe("✅ test");
    expect(await report.textContent()).toContain("1. test · Success · 1m 1s · ✓ 1");
    // <!date^…> is drawn in the reader's time zone (Asia/Shanghai here), not as the fallback text.
    expect(await report.locator("time.sk-date").textContent()).toMatch(/^March 15, 2018|^Mar 15, 2018/);
    await shot(page, "seed-report");
    await page.close();
  });

  it("a failing job: press Log on a host, page through its log in the modal", async () => {
    const page = await openConsole();
    await type(page, "/joblog 1 500");
    const report = botMessage(page, "dump-5mb");
    await report.waitFor();
    expect(await report.textContent()).toContain("Failing hosts (1)");
    await report.getByRole("button", { name: "Log 10.0.5.1" }).click();

    const modal = page.locator("#modal-layer .modal");
    await expect.poll(() => modal.locator(".modal-title").textContent()).toBe("Host log");
    const range = modal.locator('[data-block-id="range"]');
    await expect.poll(() => range.textContent(), { timeout: 15_000 }).toMatch(/^Lines 1–[\d,]+ of [\d,]+$/);
    const firstPage = (await range.textContent()) ?? "";
    await shot(page, "log-modal-page-1");

    await modal.getByRole("button", { name: "Next ▶" }).click();
    await expect.poll(() => range.textContent(), { timeout: 15_000 }).not.toBe(firstPage);
    expect(await range.textContent()).toMatch(/^Lines (?!1–)[\d,]+–[\d,]+ of [\d,]+$/);
    await modal.getByRole("button", { name: "End ⏭" }).click();
    await expect.poll(async () => (await modal.getByRole("button", { name: "Next ▶" }).count()) === 0, { timeout: 15_000 }).toBe(true);
    await shot(page, "log-modal-last-page");
    await modal.getByRole("button", { name: "◀ Prev" }).click();
    await expect.poll(() => modal.getByRole("button", { name: "Next ▶" }).count(), { timeout: 15_000 }).toBe(1);

    await modal.getByRole("button", { name: "Close", exact: true }).click();
    expect(await page.locator("#modal-layer").isHidden()).toBe(true);
    await page.close();
  });

  it("a failed step: Retry failed hosts asks first (Cancel sends nothing), then the report says who retried it", async () => {
    const page = await openConsole();
    await type(page, "/joblog 1 1500");
    const report = botMessage(page, "Business 1 · Job 1500");
    await report.waitFor();
    const dialog = page.getByRole("dialog");
    await report.getByRole("button", { name: "🔁 Retry failed hosts" }).click();
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain("Retry the 4 failed hosts of step 2 deploy in job 1500?");
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await dialog.waitFor({ state: "detached" });
    expect(await report.textContent()).not.toContain("Retry of the failed hosts");

    await report.getByRole("button", { name: "🔁 Retry failed hosts" }).click();
    await dialog.getByRole("button", { name: "Retry", exact: true }).click();
    // The report is replaced by a fresh one: the job runs again, headed by who retried it.
    const retried = botMessage(page, "Retry of the failed hosts of step 2 deploy started by");
    await retried.waitFor();
    expect(await retried.textContent()).toContain("Running");
    expect(await retried.getByRole("button", { name: "⏹ Terminate job" }).count()).toBe(1);
    await shot(page, "retry");
    await page.close();
  });

  it("a malformed command shows the usage help, marked as only visible to you", async () => {
    const page = await openConsole();
    await type(page, "/joblog 1 two");
    const help = page.locator("#timeline .msg-ephemeral").filter({ hasText: "How to use /joblog" }).last();
    await help.waitFor();
    expect(await help.textContent()).toContain("is not a positive whole number");
    expect(await help.locator(".ephemeral-note").textContent()).toContain("Only visible to you");
    await shot(page, "usage-help");
    await help.getByRole("button", { name: "Dismiss" }).click();
    expect(await help.count()).toBe(0);
    await page.close();
  });

  it("@joblog answers in a thread that opens beside the channel; typed markup stays text", async () => {
    const page = await openConsole();
    await type(page, "@joblog 1 100 <img src=x onerror=window.__pwned=1>");
    const mine = page.locator("#timeline .msg-user").last();
    await mine.waitFor();
    expect(await mine.locator(".msg-body").textContent()).toBe("@joblog 1 100 <img src=x onerror=window.__pwned=1>");
    expect(await page.evaluate(() => (globalThis as { __pwned?: number }).__pwned)).toBeUndefined();
    // The mention has extra words, so joblog answers with its usage help, in the thread.
    await mine.getByRole("button", { name: "1 reply" }).click();
    await page.locator("#thread .msg-bot").filter({ hasText: "How to use /joblog" }).waitFor();
    await type(page, "@joblog 1 100", "#thread-input");
    await page.locator("#thread .msg-bot").filter({ hasText: "Business 1 · Job 100" }).waitFor();
    await shot(page, "thread");
    await page.close();
  });

  it("shows chat.update edits live, without a reload", async () => {
    const page = await openConsole();
    await type(page, "/joblog 1 100");
    const report = botMessage(page, "Business 1 · Job 100");
    await report.waitFor();
    const stored = local.fakeSlack.messages("C0CONSOLE").filter((message) => JSON.stringify(message.blocks ?? []).includes("Job 100")).at(-1)!;
    const client = new WebClient(local.fakeSlack.botToken, { slackApiUrl: local.fakeSlack.apiUrl, logger: silentLogger(), retryConfig: { retries: 0 } });
    await client.chat.update({ channel: "C0CONSOLE", ts: stored.ts, text: "edited", blocks: [{ type: "section", text: { type: "mrkdwn", text: "*edited* in place :white_check_mark:" } }] });
    const edited = page.locator(`#timeline [data-ts="${stored.ts}"]`);
    await expect.poll(() => edited.locator(".msg-body").textContent()).toBe("edited in place ✅");
    expect(await edited.locator(".msg-edited").textContent()).toBe("(edited)");
    await page.close();
  });

  it("follow: the parent message updates in place and thread replies arrive", async () => {
    const page = await openConsole();
    await type(page, "/joblog follow 1 700");
    const first = botMessage(page, "rolling-restart");
    await first.waitFor({ timeout: 15_000 });
    // The same message (same ts) is edited: not a new message per change.
    const parent = page.locator(`#timeline article[data-ts="${await first.getAttribute("data-ts")}"]`);
    // Step 1 of the simulator's rolling restart ends 20 s after its start: an edit and a reply.
    await parent.locator(".msg-edited").waitFor({ timeout: 45_000 });
    const replies = parent.locator(".thread-link");
    await replies.waitFor({ timeout: 45_000 });
    await shot(page, "follow-parent");
    await replies.click();
    await expect.poll(() => page.locator("#thread .msg-bot").count(), { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
    await shot(page, "follow-thread");
    await page.close();
  }, 90_000);

  it("README screenshot: a failed deploy's report", async () => {
    const page = await openConsole();
    await type(page, "/joblog 1 200");
    const report = botMessage(page, "deploy-web-release");
    await report.waitFor();
    // The typed command, shared above the report as Slack shows an in_channel acknowledgement.
    const typed = page.locator(".msg-user", { hasText: "/joblog 1 200" }).last();
    await typed.waitFor();
    await typed.evaluate((element) => element.scrollIntoView({ block: "start" }));
    await shot(page, "failed-deploy");
    if (UPDATE_SCREENSHOT) await page.screenshot({ path: README_SCREENSHOT });
    await page.close();
  });

  it("marks a reply also sent to the channel: 'replied to a thread' there, 'Also sent to the channel' in the thread", async () => {
    const page = await openConsole();
    await type(page, "/joblog 1 100");
    await botMessage(page, "Business 1 · Job 100").waitFor();
    const parent = local.fakeSlack.messages("C0CONSOLE").filter((message) => JSON.stringify(message.blocks ?? []).includes("Job 100")).at(-1)!;
    // As joblog's follow posts a job's end: a thread reply with reply_broadcast, and a plain one.
    const client = new WebClient(local.fakeSlack.botToken, { slackApiUrl: local.fakeSlack.apiUrl, logger: silentLogger(), retryConfig: { retries: 0 } });
    await client.chat.postMessage({ channel: "C0CONSOLE", thread_ts: parent.ts, text: "quiet reply" });
    const { ts } = await client.chat.postMessage({ channel: "C0CONSOLE", thread_ts: parent.ts, reply_broadcast: true, text: "the job ended" });

    const inChannel = page.locator(`#timeline article[data-ts="${ts}"]`);
    await inChannel.waitFor();
    expect(await inChannel.locator(".broadcast-in-channel").innerText()).toMatch(/^replied to a thread: ✅ test/);
    expect(await inChannel.locator(".broadcast-in-thread").isVisible()).toBe(false);
    expect(await page.locator("#timeline").innerText()).not.toContain("quiet reply");

    await inChannel.locator(".broadcast-parent").click(); // opens the thread, as in Slack
    const inThread = page.locator(`#thread article[data-ts="${ts}"]`);
    await inThread.waitFor();
    expect(await inThread.locator(".broadcast-in-thread").innerText()).toBe("Also sent to the channel");
    expect(await inThread.locator(".broadcast-in-channel").isVisible()).toBe(false);
    const quiet = page.locator("#thread article").filter({ hasText: "quiet reply" });
    expect(await quiet.locator(".broadcast-in-thread").count()).toBe(0);
    await shot(page, "broadcast-reply");
    await page.close();
  });

  it("draws emoji in colour and Chinese with a Simplified Chinese font, with the fonts README names", async () => {
    const page = await openConsole();
    await type(page, "/joblog 1 300");
    const report = botMessage(page, "Business 1 · Job 300");
    await report.waitFor();
    const cdp = await browser.newCDPSession(page);
    await cdp.send("DOM.enable");
    await cdp.send("CSS.enable");
    /** The font families Chromium drew an element's text with (DevTools' "Rendered Fonts"). */
    const fontsOf = async (element: ReturnType<Page["locator"]>): Promise<string[]> => {
      await element.evaluate((node) => node.setAttribute("data-font-probe", ""));
      const { root } = await cdp.send("DOM.getDocument", { depth: -1 });
      const { nodeId } = await cdp.send("DOM.querySelector", { nodeId: root.nodeId, selector: "[data-font-probe]" });
      const { fonts } = await cdp.send("CSS.getPlatformFontsForNode", { nodeId });
      await element.evaluate((node) => node.removeAttribute("data-font-probe"));
      return fonts.map((font) => font.familyName);
    };
    // "❌ <!channel> …": the cross is a colour emoji, not a text font's black symbol.
    const missing = "the fonts README names: apt-get install fonts-noto-color-emoji fonts-noto-cjk";
    expect(await fontsOf(report.locator("h3.sk-header")), missing).toContain("Noto Color Emoji");
    const tail = report.locator("pre").filter({ hasText: "磁盘空间不足" });
    const tailFonts = await fontsOf(tail);
    expect(tailFonts, missing).toContain("Noto Color Emoji");
    expect(tailFonts, missing).toContain("Noto Sans Mono CJK SC");
    await shot(page, "emoji-and-chinese");
    await page.close();
  });
});

describe("the log modal's host picker (a static_select)", () => {
  it("follow → 📄 Show log: choosing another host in the picker shows that host's log in the modal", async () => {
    // A local mode of its own: its simulator starts the running job 700 now, so Show log is pressed
    // in the job's first step, while three hosts have printed and none failed: the modal offers them
    // in a picker (src/use-cases/log-hosts.ts). The shared one's job 700 is wherever earlier tests left it.
    const fresh = await startLocalMode({ config: loadConfig({ LOG_LEVEL: "silent" }), logger: createLogger("silent"), consolePort: 0 });
    try {
      const page = await browser.newPage();
      page.on("pageerror", (error) => pageErrors.push(error.message));
      await page.goto(fresh.consoleUrl);
      await expect.poll(() => page.locator("#examples-section").isVisible()).toBe(true);
      await type(page, "/joblog follow 1 700");
      const live = botMessage(page, "rolling-restart");
      await live.waitFor({ timeout: 15_000 });
      await live.getByRole("button", { name: "📄 Show log" }).click();

      const modal = page.locator("#modal-layer .modal");
      const picker = modal.locator('[data-block-id="host-picker"] select');
      await picker.waitFor({ timeout: 15_000 });
      const heading = modal.locator('[data-block-id="host"]');
      const ipOf = (label: string) => label.split(" · ")[0] ?? "";
      const shown = (await picker.locator("option:checked").textContent()) ?? "";
      expect(await heading.textContent()).toContain(`${ipOf(shown)} · BK-Net 0`);
      const labels = await picker.locator("option[data-option-index]").allTextContents();
      expect(labels.length).toBeGreaterThan(1);
      const other = labels.find((label) => ipOf(label) !== ipOf(shown)) ?? "";

      await picker.selectOption({ label: other });
      await expect.poll(() => heading.textContent(), { timeout: 15_000 }).toContain(`${ipOf(other)} · BK-Net 0`);
      expect(await picker.locator("option:checked").textContent()).toBe(other);
      expect(await modal.locator('[data-block-id="range"]').textContent()).toMatch(/^Lines 1–\d+ of \d+$/);
      expect(await modal.locator("pre.sk-pre").first().textContent()).toContain("job_start");
      await shot(page, "log-modal-host-picker");
      await page.close();
    } finally {
      await fresh.stop();
    }
  }, 60_000);
});
