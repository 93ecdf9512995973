import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger } from "../src/logging.js";

function capture() {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, logger: createLogger("debug", sink) };
}

describe("createLogger", () => {
  it("writes structured JSON lines", () => {
    const { lines, logger } = capture();
    logger.info({ ref: { bizId: 1, jobInstanceId: 100 } }, "hello");
    const entry = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(entry).toMatchObject({ msg: "hello", name: "joblog", ref: { bizId: 1, jobInstanceId: 100 } });
  });

  it.each([
    ["a bot token", { token: "xoxb-secret-1" }],
    ["nested tokens", { slack: { botToken: "xoxb-secret-1", appToken: "xapp-secret-1", signingSecret: "secret-1" } }],
    ["the BK app secret", { request: { bk_app_secret: "secret-1" } }],
    ["a deeper BK app secret", { call: { body: { bk_app_secret: "secret-1" } } }],
    ["the gateway authorisation header", { headers: { "x-bkapi-authorization": '{"bk_app_secret":"secret-1"}' } }],
    ["an Authorization header", { request: { headers: { authorization: "Bearer xoxb-secret-1" } } }],
  ])("redacts %s", (_name, fields) => {
    const { lines, logger } = capture();
    logger.info(fields, "call");
    expect(lines.join("")).not.toContain("secret-1");
    expect(lines.join("")).toContain("[redacted]");
  });
});
