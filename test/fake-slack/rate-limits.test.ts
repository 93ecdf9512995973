// Scripted failures: HTTP 429 + Retry-After for one channel while another still works, and plain
// Slack error codes, as the real WebClient sees them.
import { ErrorCode, WebAPIRateLimitedError, WebClientEvent } from "@slack/web-api";
import { describe, expect, it } from "vitest";
import { clientFor, start } from "./helpers.js";

describe("failNext", () => {
  it("rate-limits one channel only; the other keeps working", async () => {
    const { fake } = await start();
    const client = clientFor(fake, { rejectRateLimitedCalls: true });
    const rateLimited: number[] = [];
    client.on(WebClientEvent.RATE_LIMITED, (seconds: number) => rateLimited.push(seconds));
    fake.failNext("chat.postMessage", { status: 429, retryAfterSeconds: 7 }, { channel: "C_HOT", times: 2 });

    await expect(client.chat.postMessage({ channel: "C_COLD", text: "fine" })).resolves.toMatchObject({ ok: true });
    const error: unknown = await client.chat.postMessage({ channel: "C_HOT", text: "slow down" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WebAPIRateLimitedError);
    expect(error).toMatchObject({ code: ErrorCode.RateLimitedError, retryAfter: 7 });
    await expect(client.chat.postMessage({ channel: "C_HOT", text: "again" })).rejects.toMatchObject({ retryAfter: 7 });
    await expect(client.chat.postMessage({ channel: "C_HOT", text: "recovered" })).resolves.toMatchObject({ ok: true });

    expect(rateLimited).toEqual([7, 7]);
    expect(fake.callsTo("chat.postMessage").map((c) => [c.body["channel"], c.status, c.response["error"] ?? "ok"])).toEqual([
      ["C_COLD", 200, "ok"],
      ["C_HOT", 429, "ratelimited"],
      ["C_HOT", 429, "ratelimited"],
      ["C_HOT", 200, "ok"],
    ]);
    expect(fake.messages("C_HOT").map((m) => m.text)).toEqual(["recovered"]);
  });

  it("lets a retrying client through after Retry-After", async () => {
    const { fake } = await start();
    const client = clientFor(fake, { retryConfig: { retries: 1, minTimeout: 0, maxTimeout: 0 } });
    fake.failNext("chat.update", { status: 429, retryAfterSeconds: 0 });
    const { ts = "" } = await client.chat.postMessage({ channel: "C1", text: "v1" });
    await expect(client.chat.update({ channel: "C1", ts, text: "v2" })).resolves.toMatchObject({ ok: true });
    expect(fake.callsTo("chat.update").map((c) => c.status)).toEqual([429, 200]);
  });

  it("answers a scripted Slack error once, then behaves", async () => {
    const { fake, client } = await start();
    fake.failNext("views.open", "internal_error");
    await expect(client.views.open({ trigger_id: fake.triggerId(), view: { type: "modal", title: { type: "plain_text", text: "t" }, blocks: [] } })).rejects.toMatchObject({
      code: ErrorCode.PlatformError,
      data: { ok: false, error: "internal_error" },
    });
    await expect(client.auth.test()).resolves.toMatchObject({ ok: true });
  });
});
