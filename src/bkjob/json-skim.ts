// JSON read without materialising what nobody reads: every array under a chosen key (ESB v2's
// `ip_logs`, one entry per host with its whole log) is left as bytes, each element decoded and
// parsed when something asks for it; the rest of the document goes through JSON.parse as usual.
//
// Why: JSON.parse of get_job_instance_log builds every host's object and copies every host's log
// (8 MB and 10,000 hosts on a large job) for a report that shows ten. Skimming works on the
// body's bytes: it finds the elements' bounds with indexOf between quotes and a walk over the few
// bytes outside strings, about a third of JSON.parse's time, and decodes only what is read, so
// the body is never held as text as well (bench/results.md). Every character JSON gives meaning
// to is ASCII, and no UTF-8 sequence contains an ASCII byte, so the bytes can be walked as is.
//
// What is checked when: the skim walks the whole body, so one cut off anywhere, or broken in
// its structure, is caught at once; everything outside the skimmed arrays is then parsed by
// JSON.parse itself. An element's own tokens are checked when it is parsed: an element nobody
// reads is never looked at closely (like its zod schema, received-log.ts). Anything the skim
// does not follow makes it give up, and the caller decodes and parses the whole body instead
// (skimJsonBody).
import type { Buffer } from "node:buffer";
import { asBuffer, decodeBodyText, decodeSlice } from "./body-text.js";
import { parseJsonBody, type JsonBody } from "./json-body.js";

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;

/** Nesting the skim follows; deeper documents are left to JSON.parse. */
const MAX_DEPTH = 256;

/** The skim could not follow the text; JSON.parse will say what is wrong with it, if anything. */
class SkimFailed extends Error {}

const isWhitespace = (code: number) => code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09;

/** A JSON number, exactly as the grammar allows: what a token must be to be read as one without JSON.parse. */
const JSON_NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

/** An array left as bytes: its length, each element parsed on demand, a few fields' tokens. */
export class SkimmedArray {
  constructor(
    private readonly bytes: Uint8Array,
    /** Start and end of each element, two per element. */
    private readonly bounds: readonly number[],
    private readonly fields: readonly string[],
    /** Start and end of each recorded field's value, two per field per element; -1 when absent. */
    private readonly fieldBounds: readonly number[],
  ) {}

  get length(): number {
    return this.bounds.length / 2;
  }

  /** Element `index` as JSON.parse gives it; throws JSON.parse's SyntaxError when it is not valid JSON. */
  element(index: number): unknown {
    return JSON.parse(decodeSlice(this.bytes, this.bounds[2 * index]!, this.bounds[2 * index + 1]!));
  }

  /**
   * The JSON token of `field` (one of those skimmed for) in element `index`, as sent, e.g.
   * `"10.0.0.1"` or `0`; undefined when the element is not an object or lacks it. Only a direct
   * field spelled without escapes is recorded; the last one wins, as in JSON.parse.
   */
  fieldToken(index: number, field: string): string | undefined {
    const slot = this.fields.indexOf(field);
    if (slot < 0) return undefined;
    const at = 2 * (index * this.fields.length + slot);
    const start = this.fieldBounds[at]!;
    return start < 0 ? undefined : decodeSlice(this.bytes, start, this.fieldBounds[at + 1]!);
  }

  /** The token read as a string: a quoted token without escapes, else undefined. */
  fieldString(index: number, field: string): string | undefined {
    const token = this.fieldToken(index, field);
    if (token === undefined || token.charCodeAt(0) !== QUOTE || token.includes("\\")) return undefined;
    return token.slice(1, -1);
  }

  /** The token read as a number: a JSON number, else undefined. */
  fieldNumber(index: number, field: string): number | undefined {
    const token = this.fieldToken(index, field);
    return token !== undefined && JSON_NUMBER.test(token) ? Number(token) : undefined;
  }
}

interface Hole {
  start: number;
  end: number;
  array: SkimmedArray;
}

/** The bytes of `text` (ASCII: keys and field names) for comparing with the body's. */
const asciiBytes = (text: string): Uint8Array => Uint8Array.from(text, (character) => character.charCodeAt(0));

class Skimmer {
  pos = 0;
  readonly holes: Hole[] = [];
  /** Inside a skimmed array: its elements stay bytes whole, so nothing in them is skimmed again. */
  private skimming = false;
  private readonly quotedKey: Uint8Array;
  private readonly quotedFields: readonly Uint8Array[];
  /** Bit n set: some field's quoted name is n bytes long (most keys are ruled out by length). */
  private readonly fieldLengths: number;

  constructor(
    private readonly bytes: Buffer,
    key: string,
    private readonly fields: readonly string[],
  ) {
    this.quotedKey = asciiBytes(JSON.stringify(key));
    this.quotedFields = fields.map((field) => asciiBytes(JSON.stringify(field)));
    this.fieldLengths = this.quotedFields.reduce((mask, quoted) => (quoted.length < 31 ? mask | (1 << quoted.length) : mask), 0);
  }

  /** Whether the key at `start` is spelled exactly `quoted` (quotes included). */
  private keyIs(start: number, length: number, quoted: Uint8Array): boolean {
    if (length !== quoted.length) return false;
    const { bytes } = this;
    for (let offset = 0; offset < length; offset += 1) if (bytes[start + offset] !== quoted[offset]) return false;
    return true;
  }

  private code(): number {
    const { bytes } = this;
    let pos = this.pos;
    while (isWhitespace(bytes[pos]!)) pos += 1;
    this.pos = pos;
    if (pos >= bytes.length) throw new SkimFailed("ended early");
    return bytes[pos]!;
  }

  /** Past the string starting at pos: the next quote not escaped by an odd run of backslashes. */
  private skipString(): void {
    const { bytes } = this;
    let from = this.pos + 1;
    for (;;) {
      const quote = bytes.indexOf(QUOTE, from);
      if (quote < 0) throw new SkimFailed("unterminated string");
      let backslash = quote - 1;
      while (bytes[backslash] === BACKSLASH) backslash -= 1;
      if ((quote - 1 - backslash) % 2 === 0) {
        this.pos = quote + 1;
        return;
      }
      from = quote + 1;
    }
  }

  /** Past a number, true, false or null: up to the next delimiter (JSON.parse checks it later). */
  private skipScalar(): void {
    const { bytes } = this;
    const start = this.pos;
    let pos = start;
    for (;;) {
      if (pos >= bytes.length) break;
      const code = bytes[pos]!;
      if (code === COMMA || code === CLOSE_BRACE || code === CLOSE_BRACKET || isWhitespace(code)) break;
      if (code === QUOTE || code === OPEN_BRACE || code === OPEN_BRACKET || code === COLON) throw new SkimFailed("unexpected character");
      pos += 1;
    }
    if (pos === start) throw new SkimFailed("expected a value");
    this.pos = pos;
  }

  skipValue(depth: number): void {
    if (depth > MAX_DEPTH) throw new SkimFailed("too deep");
    const code = this.code();
    if (code === QUOTE) this.skipString();
    else if (code === OPEN_BRACE) this.skipObject(depth, -1);
    else if (code === OPEN_BRACKET) this.skipArray(depth);
    else this.skipScalar();
  }

  /** After a value inside a container: true at its end, false before the next item. */
  private closes(close: number): boolean {
    const code = this.code();
    this.pos += 1;
    if (code === close) return true;
    if (code !== COMMA) throw new SkimFailed("expected a comma");
    return false;
  }

  /**
   * Past an object. Under the skimmed key, an array is skimmed instead of walked; with `element`
   * ≥ 0, the object is that element of the array being skimmed and its fields' bounds are noted.
   */
  private skipObject(depth: number, element: number, fieldBounds?: number[]): void {
    this.pos += 1;
    if (this.code() === CLOSE_BRACE) {
      this.pos += 1;
      return;
    }
    for (;;) {
      if (this.code() !== QUOTE) throw new SkimFailed("expected a key");
      const keyStart = this.pos;
      this.skipString();
      const keyLength = this.pos - keyStart;
      if (this.code() !== COLON) throw new SkimFailed("expected a colon");
      this.pos += 1;
      const valueCode = this.code();
      const valueStart = this.pos;
      if (valueCode === OPEN_BRACKET && !this.skimming && this.keyIs(keyStart, keyLength, this.quotedKey)) {
        this.skimArray(depth + 1);
      } else {
        this.skipValue(depth + 1);
        if (element >= 0 && fieldBounds && keyLength < 31 && (this.fieldLengths >>> keyLength) & 1) {
          this.noteField(keyStart, keyLength, valueStart, element, fieldBounds);
        }
      }
      if (this.closes(CLOSE_BRACE)) return;
    }
  }

  private noteField(keyStart: number, keyLength: number, valueStart: number, element: number, fieldBounds: number[]): void {
    for (let slot = 0; slot < this.quotedFields.length; slot += 1) {
      if (this.keyIs(keyStart, keyLength, this.quotedFields[slot]!)) {
        const at = 2 * (element * this.fields.length + slot);
        fieldBounds[at] = valueStart;
        fieldBounds[at + 1] = this.pos;
      }
    }
  }

  private skipArray(depth: number): void {
    this.pos += 1;
    if (this.code() === CLOSE_BRACKET) {
      this.pos += 1;
      return;
    }
    do this.skipValue(depth + 1);
    while (!this.closes(CLOSE_BRACKET));
  }

  /** An array under the skimmed key: each element's bounds (and fields), and a hole in the rest. */
  private skimArray(depth: number): void {
    const start = this.pos;
    const bounds: number[] = [];
    const fieldBounds: number[] = [];
    this.pos += 1;
    this.skimming = true;
    if (this.code() === CLOSE_BRACKET) {
      this.pos += 1;
    } else {
      for (let element = 0; ; element += 1) {
        const code = this.code();
        bounds.push(this.pos);
        for (let slot = 0; slot < this.fields.length; slot += 1) fieldBounds.push(-1, -1);
        if (code === OPEN_BRACE) this.skipObject(depth + 1, element, fieldBounds);
        else this.skipValue(depth + 1);
        bounds.push(this.pos);
        if (this.closes(CLOSE_BRACKET)) break;
      }
    }
    this.skimming = false;
    this.holes.push({ start, end: this.pos, array: new SkimmedArray(this.bytes, bounds, this.fields, fieldBounds) });
  }
}

export interface SkimOptions {
  /** Arrays under this key are skimmed, wherever they are. */
  key: string;
  /** Fields of each (object) element whose tokens are noted, e.g. the identity a reader looks hosts up by. */
  fields: readonly string[];
}

const BOM = [0xef, 0xbb, 0xbf] as const;

/** The document in these bytes (UTF-8), every array under `options.key` a SkimmedArray. Throws when it is not valid JSON. */
export function skimJson(body: Uint8Array, options: SkimOptions): unknown {
  const whole = asBuffer(body);
  // A leading byte order mark is not part of the text (as response.text() drops it).
  const bytes = BOM.every((byte, index) => whole[index] === byte) ? whole.subarray(BOM.length) : whole;
  const skimmer = new Skimmer(bytes, options.key, options.fields);
  skimmer.skipValue(0);
  if (skimmer.holes.length === 0) return JSON.parse(decodeSlice(bytes, 0, bytes.length));
  // Each skimmed array becomes a string no server can send (a fresh nonce), swapped back below.
  const marker = `\u0000skim${Math.random().toString(36).slice(2)}:`;
  const parts: string[] = [];
  let last = 0;
  skimmer.holes.forEach((hole, index) => {
    parts.push(decodeSlice(bytes, last, hole.start), JSON.stringify(`${marker}${index}`));
    last = hole.end;
  });
  parts.push(decodeSlice(bytes, last, bytes.length));
  // JSON.parse checks everything outside the skimmed arrays, trailing text included.
  return JSON.parse(parts.join(""), (_key, value: unknown) =>
    typeof value === "string" && value.startsWith(marker) ? skimmer.holes[Number(value.slice(marker.length))]!.array : value,
  );
}

/**
 * parseJsonBody of the decoded body, with the skim: the same answer for every body, only cheaper
 * on large valid ones. Whatever the skim cannot follow is decoded and parsed whole, so errors
 * are parseJsonBody's own.
 */
export function skimJsonBody(body: Uint8Array, options: SkimOptions): JsonBody {
  try {
    return { ok: true, value: skimJson(body, options) };
  } catch {
    return parseJsonBody(decodeBodyText(body));
  }
}
