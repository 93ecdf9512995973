// The cheap pass in front of the masking rules: one scan of the text finds which lines hold
// which rules' keywords (gitleaks' pre-filter idea: a rule runs only where its keyword is), so a
// 5 MB log is read once, not once per rule. Aho–Corasick over ASCII, case-insensitive. Pure.
//
// Characters above 127 are folded onto ASCII (c & 127): that can only report a keyword that is
// not there (a rule then runs for nothing), never miss one, as every keyword is ASCII.

export interface KeywordScanner {
  /** For each rule, the start offsets of the lines holding one of its keywords, ascending. */
  linesWith(text: string): number[][];
}

const ALPHABET = 128;

export function createKeywordScanner(keywordsByRule: readonly (readonly string[])[]): KeywordScanner {
  // The trie, with each lower-case letter's upper-case twin leading to the same state.
  const next: Int32Array[] = [new Int32Array(ALPHABET).fill(-1)];
  const rulesAt: number[][] = [[]];
  keywordsByRule.forEach((keywords, rule) => {
    for (const keyword of keywords) {
      if (keyword.length === 0 || /[^\x20-\x7e]/.test(keyword)) throw new Error(`keyword ${JSON.stringify(keyword)}: printable ASCII only`);
      let state = 0;
      for (const char of keyword.toLowerCase()) {
        const code = char.charCodeAt(0);
        if (next[state]![code] === -1) {
          next.push(new Int32Array(ALPHABET).fill(-1));
          rulesAt.push([]);
          next[state]![code] = next.length - 1;
          const upper = char.toUpperCase().charCodeAt(0);
          if (upper !== code) next[state]![upper] = next.length - 1;
        }
        state = next[state]![code]!;
      }
      if (!rulesAt[state]!.includes(rule)) rulesAt[state]!.push(rule);
    }
  });
  // Failure links, breadth first, folded into a full transition table.
  const fail = new Int32Array(next.length);
  const queue: number[] = [];
  for (let code = 0; code < ALPHABET; code += 1) {
    const target = next[0]![code]!;
    if (target === -1) next[0]![code] = 0;
    else if (!queue.includes(target)) queue.push(target);
  }
  const visited = new Set<number>(queue);
  for (let head = 0; head < queue.length; head += 1) {
    const state = queue[head]!;
    for (let code = 0; code < ALPHABET; code += 1) {
      const target = next[state]![code]!;
      if (target === -1) {
        next[state]![code] = next[fail[state]!]![code]!;
      } else if (!visited.has(target)) {
        visited.add(target);
        fail[target] = next[fail[state]!]![code]!;
        for (const rule of rulesAt[fail[target]!]!) if (!rulesAt[target]!.includes(rule)) rulesAt[target]!.push(rule);
        queue.push(target);
      }
    }
  }
  // One flat table; a state where some keyword ends is stored as its bitwise complement (< 0).
  // Int32, not Int16: V8 loads it faster in the scan loop (measured), and the table stays small.
  const table = new Int32Array(next.length * ALPHABET);
  next.forEach((row, state) => {
    for (let code = 0; code < ALPHABET; code += 1) {
      const target = row[code]!;
      table[state * ALPHABET + code] = rulesAt[target]!.length > 0 ? ~target : target;
    }
  });
  const ruleCount = keywordsByRule.length;
  const longest = Math.max(1, ...keywordsByRule.flat().map((keyword) => keyword.length));

  /** One walk's finds: per rule, the lines (by start) its keywords are on, each line once; none yet for most. */
  class Lane {
    // Made on a rule's first find: 200-odd empty lists per scan cost more than scanning a short log.
    readonly lines: (number[] | undefined)[] = new Array<number[] | undefined>(ruleCount);
    /** The line the last find was on, so several finds on one line look for its ends once. */
    private lineStart = -1;
    private lineEnd = -1;

    constructor(private readonly text: string) {}

    found(at: number, state: number): void {
      if (at >= this.lineEnd) {
        const end = this.text.indexOf("\n", at);
        this.lineEnd = end < 0 ? this.text.length : end;
        this.lineStart = this.text.lastIndexOf("\n", at) + 1;
      }
      for (const rule of rulesAt[state]!) {
        const lines = (this.lines[rule] ??= []);
        if (lines.at(-1) !== this.lineStart) lines.push(this.lineStart);
      }
    }
  }

  return {
    linesWith(text) {
      // Two automata walk the two halves side by side: each step of one waits on its own table
      // load only, so the processor overlaps them (about twice as fast as one walk, measured).
      // The second starts `longest - 1` characters early, so a keyword across the middle is found.
      const half = text.length >> 1;
      const second = Math.max(0, half - (longest - 1));
      const a = new Lane(text);
      const b = new Lane(text);
      walkHalves(table, text, half, second, (lane, at, state) => (lane === 0 ? a : b).found(at, state));
      const lines = new Array<number[]>(ruleCount);
      for (let rule = 0; rule < ruleCount; rule += 1) lines[rule] = mergeAscending(a.lines[rule] ?? NO_LINES, b.lines[rule] ?? NO_LINES);
      return lines;
    },
  };
}

/**
 * The scan's hot loop, on its own so V8 keeps it tight: `onFound(lane, at, state)` for every
 * keyword end, lane 0 walking [0, half) and lane 1 [second, length). The loop only breaks out on
 * a find; calling out from inside it made it a third slower (measured).
 */
function walkHalves(table: Int32Array, text: string, half: number, second: number, onFound: (lane: number, at: number, state: number) => void): void {
  const length = text.length;
  let stateA = 0;
  let stateB = 0;
  let at = 0;
  while (at < half) {
    for (; at < half; at += 1) {
      stateA = table[(stateA << 7) | (text.charCodeAt(at) & 127)]!;
      stateB = table[(stateB << 7) | (text.charCodeAt(second + at) & 127)]!;
      if ((stateA | stateB) < 0) break;
    }
    if (at >= half) break;
    if (stateA < 0) {
      stateA = ~stateA;
      onFound(0, at, stateA);
    }
    if (stateB < 0) {
      stateB = ~stateB;
      onFound(1, second + at, stateB);
    }
    at += 1;
  }
  for (let rest = second + half; rest < length; rest += 1) {
    stateB = table[(stateB << 7) | (text.charCodeAt(rest) & 127)]!;
    if (stateB < 0) {
      stateB = ~stateB;
      onFound(1, rest, stateB);
    }
  }
}

/** The lines of a rule whose keywords are nowhere: one frozen list shared by every scan. */
const NO_LINES = Object.freeze([]) as unknown as number[];

/** Two ascending lists as one, each value once. */
function mergeAscending(first: number[], second: number[]): number[] {
  if (second.length === 0) return first;
  if (first.length === 0) return second;
  const merged: number[] = [];
  let i = 0;
  let j = 0;
  while (i < first.length || j < second.length) {
    const next = j >= second.length || (i < first.length && first[i]! <= second[j]!) ? first[i++]! : second[j++]!;
    if (merged.length === 0 || merged.at(-1) !== next) merged.push(next);
  }
  return merged;
}
