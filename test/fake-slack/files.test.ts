// filesUploadV2 end to end through the real WebClient: getUploadURLExternal → POST of the bytes to
// the upload URL → completeUploadExternal, with the file landing in a thread.
import { ErrorCode } from "@slack/web-api";
import { describe, expect, it } from "vitest";
import { clientFor, start } from "./helpers.js";

const platformError = (data: Record<string, unknown>) => expect.objectContaining({ code: ErrorCode.PlatformError, data: expect.objectContaining(data) });

describe("filesUploadV2", () => {
  it("uploads the bytes and shares the file into the thread", async () => {
    const { fake } = await start();
    // Watch what WebClient actually sends on each of the three steps.
    const seen: { url: string; contentType: string | null }[] = [];
    const client = clientFor(fake, {
      fetch: async (input, init) => {
        seen.push({ url: String(input), contentType: new Headers(init?.headers).get("content-type") ?? (init?.body instanceof FormData ? "multipart/form-data" : null) });
        return fetch(input, init);
      },
    });
    const parent = await client.chat.postMessage({ channel: "C1", text: "Job 42 failed" });
    const log = "step 2 on 10.0.0.7\n错误: exit 1\n";

    const result = await client.filesUploadV2({
      channel_id: "C1",
      thread_ts: parent.ts ?? "",
      content: log,
      filename: "job-42-host-10.0.0.7.log",
      title: "Host 10.0.0.7 log",
      initial_comment: "Full log attached",
    });

    expect(result.ok).toBe(true);
    const [file] = fake.uploadedFiles();
    expect(file).toEqual({
      id: expect.stringMatching(/^F/),
      filename: "job-42-host-10.0.0.7.log",
      title: "Host 10.0.0.7 log",
      content: Buffer.from(log),
      channel: "C1",
      threadTs: parent.ts,
      initialComment: "Full log attached",
    });
    expect(fake.thread("C1", parent.ts ?? "")[1]).toMatchObject({ text: "Full log attached", files: [file?.id] });
    expect(fake.callsTo("files.getUploadURLExternal")[0]?.body).toEqual({ filename: "job-42-host-10.0.0.7.log", length: String(Buffer.byteLength(log)) });
    expect(fake.callsTo("files.completeUploadExternal")[0]?.body).toMatchObject({
      files: [{ id: file?.id, title: "Host 10.0.0.7 log" }],
      channel_id: "C1",
      thread_ts: parent.ts,
      initial_comment: "Full log attached",
    });
    expect(seen.map((s) => [new URL(s.url).pathname.replace(/F\d+$/, "<id>"), s.contentType])).toEqual([
      ["/api/chat.postMessage", "application/x-www-form-urlencoded"],
      ["/api/files.getUploadURLExternal", "application/x-www-form-urlencoded"],
      ["/upload/<id>", "multipart/form-data"],
      ["/api/files.completeUploadExternal", "application/x-www-form-urlencoded"],
    ]);
  });

  it("takes a raw POST of bytes at the upload URL too", async () => {
    const { fake, client } = await start();
    const step1 = await client.files.getUploadURLExternal({ filename: "a.txt", length: 3 });
    const response = await fetch(step1.upload_url ?? "", { method: "POST", body: "abc" });
    expect([response.status, await response.text()]).toEqual([200, "OK - 3"]);
    await client.files.completeUploadExternal({ files: [{ id: step1.file_id ?? "" }] });
    expect(fake.uploadedFiles()).toEqual([{ id: step1.file_id, filename: "a.txt", title: "a.txt", content: Buffer.from("abc") }]);
  });

  it("refuses to complete a file whose bytes never arrived", async () => {
    const { client } = await start();
    const step1 = await client.files.getUploadURLExternal({ filename: "a.txt", length: 3 });
    await expect(client.files.completeUploadExternal({ files: [{ id: step1.file_id ?? "" }], channel_id: "C1" })).rejects.toEqual(
      platformError({ error: "file_not_found" }),
    );
  });

  it.each([
    ["not_in_channel", { botIsMember: false }],
    ["is_archived", { archived: true }],
    ["invalid_channel", { exists: false }],
  ] as const)("answers %s for the channel", async (error, settings) => {
    const { fake, client } = await start();
    fake.setChannel("C9", settings);
    await expect(client.filesUploadV2({ channel_id: "C9", content: "x", filename: "x.txt" })).rejects.toEqual(platformError({ error }));
    expect(fake.messages("C9")).toEqual([]);
  });
});
