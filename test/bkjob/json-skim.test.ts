// The skim reads a JSON body exactly as response.text() then JSON.parse do, only leaving the
// arrays under a chosen key as bytes until an element is read: checked against JSON.parse on
// generated documents (escapes, Unicode, any whitespace), on every cut-off prefix of a body, and
// on the ways a body goes wrong (a BOM, malformed UTF-8, broken structure).
import { describe, expect, it } from "vitest";
import { parseJsonBody } from "../../src/bkjob/json-body.js";
import { SkimmedArray, skimJson as skimBytes, skimJsonBody as skimBodyBytes } from "../../src/bkjob/json-skim.js";

const options = { key: "ip_logs", fields: ["ip", "bk_cloud_id"] };
const utf8 = (text: string) => new TextEncoder().encode(text);
/** Bodies as they arrive: UTF-8 bytes. */
const skimJson = (text: string, skim = options) => skimBytes(utf8(text), skim);
const skimJsonBody = (text: string, skim = options) => skimBodyBytes(utf8(text), skim);

/** The skimmed document with every skimmed array read in full: what JSON.parse gives. */
function materialise(value: unknown): unknown {
  if (value instanceof SkimmedArray) return Array.from({ length: value.length }, (_, index) => materialise(value.element(index)));
  if (Array.isArray(value)) return value.map(materialise);
  if (typeof value === "object" && value !== null) return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, materialise(inner)]));
  return value;
}

/** Every SkimmedArray in the document, depth first. */
function skimmedArrays(value: unknown, found: SkimmedArray[] = []): SkimmedArray[] {
  if (value instanceof SkimmedArray) found.push(value);
  else if (Array.isArray(value)) value.forEach((inner) => skimmedArrays(inner, found));
  else if (typeof value === "object" && value !== null) Object.values(value).forEach((inner) => skimmedArrays(inner, found));
  return found;
}

// A small deterministic PRNG (mulberry32), so a failure names a seed that reproduces it.
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TRICKY = ['"', "\\", "\\\\", '\\"', "/", "\n", "\t", "\u0000", "\u001f", "é", "日志", "😀", "\u2028", "]", "}", ",", ":", "ip_logs", '"ip_logs":[', " "];

function randomString(next: () => number): string {
  const parts: string[] = [];
  const count = Math.floor(next() * 6);
  for (let index = 0; index < count; index += 1) parts.push(next() < 0.5 ? TRICKY[Math.floor(next() * TRICKY.length)]! : "log text".slice(0, Math.floor(next() * 9)));
  return parts.join("");
}

function randomScalar(next: () => number): unknown {
  const pick = next();
  if (pick < 0.2) return null;
  if (pick < 0.3) return next() < 0.5;
  if (pick < 0.5) return Math.floor(next() * 2000) - 1000;
  if (pick < 0.6) return (next() - 0.5) * 1e6;
  if (pick < 0.65) return 1e21 * next();
  return randomString(next);
}

function randomHost(next: () => number, depth: number): unknown {
  if (next() < 0.1) return randomValue(next, depth + 1); // not every element is an object
  const host: Record<string, unknown> = {};
  const keys = ["ip", "bk_cloud_id", "log_content", "exit_code", "extra"].sort(() => next() - 0.5);
  for (const key of keys) {
    if (next() < 0.15) continue;
    if (key === "ip") host[key] = next() < 0.8 ? `10.0.${Math.floor(next() * 255)}.${Math.floor(next() * 255)}` : randomScalar(next);
    else if (key === "bk_cloud_id") host[key] = next() < 0.8 ? Math.floor(next() * 5) : randomScalar(next);
    else if (key === "extra") host[key] = randomValue(next, depth + 1);
    else host[key] = randomScalar(next);
  }
  return host;
}

function randomValue(next: () => number, depth: number): unknown {
  if (depth > 4) return randomScalar(next);
  const pick = next();
  if (pick < 0.4) return randomScalar(next);
  if (pick < 0.6) return Array.from({ length: Math.floor(next() * 4) }, () => randomValue(next, depth + 1));
  const object: Record<string, unknown> = {};
  for (let index = 0; index < Math.floor(next() * 5); index += 1) {
    if (next() < 0.3) object["ip_logs"] = Array.from({ length: Math.floor(next() * 5) }, () => randomHost(next, depth + 1));
    else object[randomString(next) || `k${index}`] = randomValue(next, depth + 1);
  }
  return object;
}

const INDENTS = [undefined, 2, "\t", " \r\n "] as const;

describe("skimJson", () => {
  it("reads 500 generated documents as JSON.parse does, however they are spaced", () => {
    for (let seed = 1; seed <= 500; seed += 1) {
      const next = random(seed);
      const document = { result: true, data: [randomValue(next, 0), { ip_logs: [randomHost(next, 1), randomHost(next, 1)] }] };
      const indent = INDENTS[seed % INDENTS.length];
      const text = typeof indent === "string" && indent.trim() === "" ? JSON.stringify(document, null, 1).replaceAll("\n", indent) : JSON.stringify(document, null, indent);
      const skimmed = skimJson(text, options);
      expect(materialise(skimmed), `seed ${seed}`).toEqual(JSON.parse(text));
      expect(skimmedArrays(skimmed).length, `seed ${seed}`).toBeGreaterThan(0);
    }
  });

  it("notes each element's fields as sent, the last of a repeated key winning, as in JSON.parse", () => {
    const text = '{"ip_logs":[{"ip":"10.0.0.1","bk_cloud_id":0}, {"bk_cloud_id":2.5e1 , "ip" : "10.0.0.2"},{"ip":"a\\"b","bk_cloud_id":"3"},{"ip":null},7,{"ip":"x","ip":"10.0.0.9","bk_cloud_id":01}]}';
    const [hosts] = skimmedArrays(skimJson(text, options));
    expect(hosts!.length).toBe(6);
    expect([0, 1, 2, 3, 4, 5].map((index) => [hosts!.fieldString(index, "ip"), hosts!.fieldNumber(index, "bk_cloud_id")])).toEqual([
      ["10.0.0.1", 0],
      ["10.0.0.2", 25],
      [undefined, undefined], // an escaped IP and a numeric string: the reader parses the element
      [undefined, undefined],
      [undefined, undefined], // not an object
      ["10.0.0.9", undefined], // 01 is not a JSON number; reading the element will say so
    ]);
    expect(hosts!.fieldToken(1, "bk_cloud_id")).toBe("2.5e1");
    expect(hosts!.fieldToken(0, "log_content")).toBeUndefined();
    expect(() => hosts!.element(5)).toThrow(SyntaxError);
    expect(hosts!.element(2)).toEqual({ ip: 'a"b', bk_cloud_id: "3" });
  });

  it("skims arrays under the key wherever they are, and leaves other values under it alone", () => {
    const text = '{"a":{"ip_logs":[1,2]},"b":[{"ip_logs":null},{"ip_logs":"none"},{"ip_logs":[]}],"ip\\u005flogs":[3]}';
    const skimmed = skimJson(text, options);
    expect(skimmedArrays(skimmed).map((array) => array.length)).toEqual([2, 0]);
    // An escaped spelling of the key is the same key to JSON.parse: parsed in full, not skimmed.
    expect(materialise(skimmed)).toEqual(JSON.parse(text));
  });

  it("skims an element's own arrays under the key only when the element is read", () => {
    const text = '{"ip_logs":[{"ip":"10.0.0.1","extra":{"ip_logs":[{"ip":"inner"}]}},{"ip":"10.0.0.2"}],"after":{"ip_logs":[1]}}';
    const skimmed = skimJson(text, options);
    expect(skimmedArrays(skimmed).map((array) => array.length)).toEqual([2, 1]);
    expect(materialise(skimmed)).toEqual(JSON.parse(text));
  });

  it("finds an element's end past escaped quotes and backslashes in its log", () => {
    const log = 'echo "done\\" \\\\" ]}, {"ip": "fake"} \\';
    const text = JSON.stringify({ ip_logs: [{ log_content: log, ip: "10.0.0.1" }, { ip: "10.0.0.2" }] });
    const [hosts] = skimmedArrays(skimJson(text, options));
    expect(hosts!.length).toBe(2);
    expect(hosts!.element(0)).toEqual({ log_content: log, ip: "10.0.0.1" });
    expect(hosts!.fieldString(1, "ip")).toBe("10.0.0.2");
  });

  it("leaves an element's own tokens to be checked when it is read", () => {
    const [hosts] = skimmedArrays(skimJson('{"ip_logs":[{"ip":"10.0.0.1","exit_code":tru},{"ip":"10.0.0.2"}]}', options));
    expect(hosts!.element(1)).toEqual({ ip: "10.0.0.2" });
    expect(() => hosts!.element(0)).toThrow(SyntaxError);
  });
});

describe("skimJsonBody", () => {
  const body = JSON.stringify({
    result: true,
    code: 0,
    data: [{ step_results: [{ ip_status: 9, tag: "a \"quoted\" tag", ip_logs: [{ ip: "10.0.0.1", bk_cloud_id: 0, log_content: "line 1\nline \\2 \"x\"\n日志" }, { ip: "10.0.0.2", bk_cloud_id: 1, log_content: "" }] }] }],
  });

  it("says of every cut-off prefix what parseJsonBody says, never reading it as valid", () => {
    for (let length = 0; length < body.length; length += 1) {
      const prefix = body.slice(0, length);
      expect(skimJsonBody(prefix, options), `first ${length} characters`).toEqual(parseJsonBody(prefix));
    }
  });

  it.each([
    ["empty", ""],
    ["whitespace", "  \n"],
    ["an HTML error page", "<html><body>502 Bad Gateway</body></html>"],
    ["text after the JSON", `${body} trailing`],
    ["a broken structure between hosts", body.replace('},{"ip":"10.0.0.2"', '}{"ip":"10.0.0.2"')],
    ["a bad token outside the hosts", body.replace('"code":0', '"code":O')],
    ["a raw control character outside the hosts", body.replace("quoted", "quo\u0001ted")],
  ])("answers %s exactly as parseJsonBody", (_label, text) => {
    expect(skimJsonBody(text, options)).toEqual(parseJsonBody(text));
  });

  it("reads a document too deep to skim through JSON.parse instead", () => {
    const deep = `{"ip_logs":[${"[".repeat(400)}1${"]".repeat(400)}]}`;
    const parsed = skimJsonBody(deep, options);
    expect(parsed).toEqual({ ok: true, value: JSON.parse(deep) });
  });

  it("reads a body as response.text() does: a BOM dropped, malformed bytes as U+FFFD, in the hosts too", async () => {
    const text = JSON.stringify({ tag: "日志", ip_logs: [{ ip: "10.0.0.1", log_content: "部署 ✓" }] });
    const withBom = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(text)]);
    const broken = utf8(text.replace("部署", "XX"));
    broken.set([0xe6, 0xff], broken.indexOf(0x58)); // "XX" → a cut-off sequence and a stray byte
    for (const body of [withBom, broken]) {
      const expected = JSON.parse(await new Response(body.slice()).text());
      const skimmed = skimBodyBytes(body, options);
      expect(skimmed.ok && materialise(skimmed.value)).toEqual(expected);
    }
  });

  it("reads a body without the key as JSON.parse does", () => {
    expect(skimJsonBody('{"result":false,"code":1244006,"message":"no permission"}', options)).toEqual({
      ok: true,
      value: { result: false, code: 1244006, message: "no permission" },
    });
  });
});
