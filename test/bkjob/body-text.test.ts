// Reading a BK-JOB body to text gives exactly what fetch's response.text() gives, whichever way
// the bytes arrive: ASCII (the fast path), UTF-8 split across chunks, a BOM, malformed bytes.
import { describe, expect, it } from "vitest";
import { decodeBodyText, decodeSlice, readBodyBytes } from "../../src/bkjob/body-text.js";

const readBodyText = async (stream: ReadableStream<Uint8Array> | null) => decodeBodyText(await readBodyBytes(stream));

const encoder = new TextEncoder();

/** A body stream handing out `bytes` in chunks of `size`, as a socket would. */
function streamOf(bytes: Uint8Array, size: number): ReadableStream<Uint8Array> {
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.byteLength) return controller.close();
      controller.enqueue(bytes.slice(offset, offset + size));
      offset += size;
    },
  });
}

const bodies: [string, Uint8Array][] = [
  ["ASCII JSON", encoder.encode(JSON.stringify({ result: true, data: [{ log_content: "job_start\n[ok] done" }] }))],
  ["Chinese log text", encoder.encode(JSON.stringify({ message: "用户无权限", data: "部署失败：磁盘已满 💥" }))],
  ["a leading BOM", new Uint8Array([0xef, 0xbb, 0xbf, ...encoder.encode('{"result":true}')])],
  ["malformed UTF-8", new Uint8Array([...encoder.encode('{"log":"'), 0xff, 0xc3, ...encoder.encode('"}')])],
  ["DEL and control characters", encoder.encode('{"log":"\u007f\u0001 tab\t"}')],
  ["nothing", new Uint8Array(0)],
];

describe("readBodyText", () => {
  it.each(bodies)("reads %s as response.text() does, in one chunk or many", async (_label, bytes) => {
    const expected = await new Response(bytes.slice()).text();
    expect(await readBodyText(streamOf(bytes, Math.max(1, bytes.byteLength)))).toBe(expected);
    // One byte at a time splits every multi-byte character and the BOM.
    expect(await readBodyText(streamOf(bytes, 1))).toBe(expected);
    expect(await readBodyText(streamOf(bytes, 3))).toBe(expected);
  });

  it("reads an absent body as empty text", async () => {
    expect(await readBodyText(null)).toBe("");
  });

  it("rejects when the stream fails mid-body, so the call can say the answer was cut off", async () => {
    let sent = false;
    const failing = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent) return controller.error(new Error("socket hang up"));
        sent = true;
        controller.enqueue(encoder.encode('{"result":tr'));
      },
    });
    await expect(readBodyText(failing)).rejects.toThrow("socket hang up");
  });
});

describe("decodeSlice", () => {
  it("gives, between two ASCII characters, what decoding the whole body gives there", async () => {
    const [, bytes] = bodies[1]!; // Chinese text and an emoji between the quotes
    const whole = await new Response(bytes.slice()).text();
    const at = (list: ArrayLike<number>, code: number) => Array.from(list, (value, index) => (value === code ? index : -1)).filter((index) => index >= 0);
    const byteQuotes = at(bytes, 0x22);
    const textQuotes = at(Array.from({ length: whole.length }, (_, index) => whole.charCodeAt(index)), 0x22);
    byteQuotes.forEach((start, k) => {
      expect(decodeSlice(bytes, start, byteQuotes[k + 1] ?? bytes.length)).toBe(whole.slice(textQuotes[k], textQuotes[k + 1] ?? whole.length));
    });
  });

  it("keeps a U+FEFF inside a body as text", () => {
    const bytes = new TextEncoder().encode("x\uFEFFy");
    expect(decodeSlice(bytes, 1, bytes.length)).toBe("\uFEFFy");
  });
});

describe("decodeBodyText", () => {
  it("keeps every ASCII character, and decodes bytes above it as UTF-8", () => {
    const ascii = Uint8Array.from({ length: 128 }, (_, index) => index);
    expect(decodeBodyText(Buffer.from(ascii))).toBe(String.fromCharCode(...ascii));
    expect(decodeBodyText(Buffer.from("é€😀", "utf8"))).toBe("é€😀");
  });
});
