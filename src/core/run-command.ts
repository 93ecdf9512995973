// The commands that find runs without their id, and the watches (parsed apart from command.ts,
// which calls parseRunCommand first): `recent <biz> [name] [--failed] [--mine]`,
// `<biz> last <name>`, `follow <biz> last <name> [--failures-only]`, `watch <biz> [name] [--all]`,
// `watches`, `unwatch <biz> [name]`. A name may hold spaces: it is every word left.

export type RunCommandProblem =
  | { code: "runsNeedBiz"; command: string }
  | { code: "runsNeedName"; command: string }
  | { code: "runsBadOption"; command: string; word: string; known: readonly string[] }
  | { code: "runsNameTooLong"; max: number };

export type RunCommand =
  | { kind: "recent"; bizId: number; name: string | null; failedOnly: boolean; mine: boolean }
  | { kind: "last"; bizId: number; name: string; follow: boolean; failuresOnly: boolean }
  | { kind: "watch"; bizId: number; name: string | null; all: boolean }
  | { kind: "watches" }
  | { kind: "unwatch"; bizId: number; name: string | null };

/** bk-job's task_instance.name is a VARCHAR(512); a name longer than this is a mistake. */
export const MAX_RUN_NAME_LENGTH = 200;

type Parsed = RunCommand | { kind: "runsInvalid"; problem: RunCommandProblem } | null;

const OPTIONS: Record<string, readonly string[]> = {
  recent: ["--failed", "--mine"],
  last: ["--failures-only"],
  watch: ["--all"],
  unwatch: ["--all"],
};

function bizOf(word: string | undefined): number | null {
  if (word === undefined || !/^\d{1,15}$/.test(word) || /^0+$/.test(word)) return null;
  return Number(word);
}

/** The words after the command: the business, the name's words, the options. */
function split(command: string, words: readonly string[]) {
  const options = words.filter((word) => word.startsWith("--")).map((word) => word.toLowerCase());
  const bad = options.find((option) => !(OPTIONS[command] ?? []).includes(option));
  const rest = words.filter((word) => !word.startsWith("--"));
  const name = rest.slice(1).join(" ");
  return { bad, options: new Set(options), bizId: bizOf(rest[0]), name: name === "" ? null : name };
}

/** A run command, a precise problem with one, or null when the words are not one (command.ts goes on). */
export function parseRunCommand(words: readonly string[]): Parsed {
  const first = words[0]?.toLowerCase();
  const invalid = (problem: RunCommandProblem): Parsed => ({ kind: "runsInvalid", problem });
  if (first === "watches" && words.length === 1) return { kind: "watches" };
  if (first === "recent" || first === "watch" || first === "unwatch") {
    const { bad, options, bizId, name } = split(first, words.slice(1));
    if (bad !== undefined) return invalid({ code: "runsBadOption", command: first, word: bad.slice(0, 40), known: OPTIONS[first] ?? [] });
    if (bizId === null) return invalid({ code: "runsNeedBiz", command: first });
    if (name !== null && name.length > MAX_RUN_NAME_LENGTH) return invalid({ code: "runsNameTooLong", max: MAX_RUN_NAME_LENGTH });
    if (first === "recent") return { kind: "recent", bizId, name, failedOnly: options.has("--failed"), mine: options.has("--mine") };
    if (first === "watch") return { kind: "watch", bizId, name, all: options.has("--all") };
    return { kind: "unwatch", bizId, name };
  }
  // `<biz> last <name>` and `follow <biz> last <name>`.
  const follow = first === "follow";
  const rest = follow ? words.slice(1) : words;
  if (rest[1]?.toLowerCase() !== "last" || bizOf(rest[0]) === null) return null;
  const { bad, options, name } = split("last", [rest[0]!, ...rest.slice(2)]);
  if (bad !== undefined || (!follow && options.size > 0)) return invalid({ code: "runsBadOption", command: "last", word: (bad ?? "--failures-only").slice(0, 40), known: follow ? OPTIONS["last"]! : [] });
  if (name === null) return invalid({ code: "runsNeedName", command: "last" });
  if (name.length > MAX_RUN_NAME_LENGTH) return invalid({ code: "runsNameTooLong", max: MAX_RUN_NAME_LENGTH });
  return { kind: "last", bizId: bizOf(rest[0])!, name, follow, failuresOnly: options.has("--failures-only") };
}
