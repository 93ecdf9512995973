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
  if (next.length >= 0x8000) throw new Error("too many keyword states for the scan table");
  const table = new Int16Array(next.length * ALPHABET);
  next.forEach((row, state) => {
    for (let code = 0; code < ALPHABET; code += 1) {
      const target = row[code]!;
      table[state * ALPHABET + code] = rulesAt[target]!.length > 0 ? ~target : target;
    }
  });
  const ruleCount = keywordsByRule.length;

  return {
    linesWith(text) {
      const lines: number[][] = Array.from({ length: ruleCount }, () => []);
      // The end of the line each rule was last found on: later hits before it add nothing.
      const lineEnd = new Float64Array(ruleCount).fill(-1);
      let state = 0;
      const length = text.length;
      for (let at = 0; at < length; at += 1) {
        state = table[(state << 7) | (text.charCodeAt(at) & 127)]!;
        if (state < 0) {
          state = ~state;
          for (const rule of rulesAt[state]!) {
            if (at < lineEnd[rule]!) continue;
            const end = text.indexOf("\n", at);
            lineEnd[rule] = end < 0 ? length : end;
            lines[rule]!.push(text.lastIndexOf("\n", at) + 1);
          }
        }
      }
      return lines;
    },
  };
}
