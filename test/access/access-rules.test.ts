// The access rules, table-driven: who may query, follow and see logs, from which channel.
import { describe, expect, it } from "vitest";
import { ALLOW_EVERYTHING, createAccessPolicy, redactPatterns } from "../../src/access/access-rules.js";
import type { Where } from "../../src/core/access-model.js";
import { parseAccessFile } from "../../src/access/load-access-file.js";
import { readFileSync } from "node:fs";

const policy = createAccessPolicy(
  parseAccessFile(
    `
rules:
  - name: payments
    businesses: [2, 3]
    channels: [C0PAYMENTS, private, dm]
    followers: [U0ALICE]
    logs: private-and-dm
  - businesses: [4]
    channels: [public]
    logs: nowhere
  - name: default
    businesses: "*"
    channels: [C0INCIDENT]
users:
  U0ALICE: alice
`,
    "access.yml",
  ),
);

const publicIncident: Where = { channelId: "C0INCIDENT", kind: "public" };
const payments: Where = { channelId: "C0PAYMENTS", kind: "public" };
const privateRoom: Where = { channelId: "C0SECRET", kind: "private" };
const dm: Where = { channelId: "D0ALICE", kind: "dm" };
const elsewhere: Where = { channelId: "C0RANDOM", kind: "public" };

describe("mayQuery", () => {
  it.each([
    ["payments from its channel", 2, payments, { allowed: true }],
    ["payments from a private channel", 3, privateRoom, { allowed: true }],
    ["payments from a DM", 2, dm, { allowed: true }],
    ["payments from the incident channel", 2, publicIncident, { allowed: false, reason: "channel", rule: "payments" }],
    ["an unnamed rule is named by its index", 4, dm, { allowed: false, reason: "channel", rule: "rules[1]" }],
    ["business 4 from any public channel", 4, elsewhere, { allowed: true }],
    ["the catch-all from its channel", 1, publicIncident, { allowed: true }],
    ["the catch-all elsewhere", 1, elsewhere, { allowed: false, reason: "channel", rule: "default" }],
  ])("%s", (_name, bizId, where, want) => {
    expect(policy.mayQuery(bizId, where)).toEqual(want);
  });

  it("refuses a business no rule names", () => {
    const narrow = createAccessPolicy(parseAccessFile("rules:\n  - businesses: [2]\n", "a.yml"));
    expect(narrow.mayQuery(9, publicIncident)).toEqual({ allowed: false, reason: "no_rule", rule: "" });
  });
});

describe("mayFollow and mayShowLogs", () => {
  it.each([
    ["a listed follower", () => policy.mayFollow(2, "U0ALICE", payments), { allowed: true }],
    ["someone else", () => policy.mayFollow(2, "U0BOB", payments), { allowed: false, reason: "follow", rule: "payments" }],
    ["a follower in a channel the rule refuses", () => policy.mayFollow(2, "U0ALICE", elsewhere), { allowed: false, reason: "channel", rule: "payments" }],
    ["followers default to everyone", () => policy.mayFollow(1, "U0BOB", publicIncident), { allowed: true }],
    ["logs in a public channel under private-and-dm", () => policy.mayShowLogs(2, payments), { allowed: false, reason: "logs", rule: "payments" }],
    ["logs in a private channel under private-and-dm", () => policy.mayShowLogs(2, privateRoom), { allowed: true }],
    ["logs in a DM under private-and-dm", () => policy.mayShowLogs(2, dm), { allowed: true }],
    ["logs nowhere", () => policy.mayShowLogs(4, elsewhere), { allowed: false, reason: "logs", rule: "rules[1]" }],
    ["logs default to everywhere", () => policy.mayShowLogs(1, publicIncident), { allowed: true }],
  ])("%s", (_name, decide, want) => {
    expect(decide()).toEqual(want);
  });

  it("maps users from the file", () => {
    expect(policy.mappedUser("U0ALICE")).toBe("alice");
    expect(policy.mappedUser("U0BOB")).toBeNull();
  });

  it("allows everything without a file", () => {
    expect(ALLOW_EVERYTHING.mayQuery(2, elsewhere)).toEqual({ allowed: true });
    expect(ALLOW_EVERYTHING.mayShowLogs(2, elsewhere)).toEqual({ allowed: true });
    expect(ALLOW_EVERYTHING.mayFollow(2, "U1", elsewhere)).toEqual({ allowed: true });
  });
});

describe("the access file", () => {
  it("reads the example in the repository", () => {
    const file = parseAccessFile(readFileSync(new URL("../../access.example.yml", import.meta.url), "utf8"), "access.example.yml");
    expect(file.rules.map((rule) => rule.name)).toEqual(["payments", "default"]);
    expect(file.users).toEqual({ U0ALICE: "alice", U0BOB: "bob.li" });
    expect(redactPatterns(file).map((pattern) => pattern.flags)).toEqual(["g", "gi"]);
  });

  it("reads JSON too", () => {
    const file = parseAccessFile('{"rules": [{"businesses": [2], "logs": "dm"}]}', "access.json");
    expect(file.rules[0]).toMatchObject({ businesses: [2], channels: ["*"], followers: ["*"], logs: "dm" });
  });

  it.each([
    [
      "a business list that is not a list",
      "rules:\n  - name: a\n    businesses: [2]\n  - name: b\n    businesses: two\n",
      'access.yml:5:17: rules[1].businesses: expected an array of business ids, or "*"',
    ],
    ["a bad channel entry", "rules:\n  - businesses: [2]\n    channels: [C0OK, lobby]\n", "access.yml:3:22: rules[0].channels[1]: expected a channel id"],
    ["an unknown logs value", "rules:\n  - businesses: '*'\n    logs: sometimes\n", "access.yml:3:11: rules[0].logs: expected one of everywhere"],
    ["an unknown key", "rules:\n  - businesses: [1]\n    chanels: [dm]\n", "access.yml:2:5: rules[0]: Unrecognized key"],
    ["a missing businesses", "rules:\n  - channels: [dm]\n", "access.yml:2:5: rules[0].businesses:"],
    ["a bad user id", "users:\n  alice: alice\n", "access.yml:2:10: users.alice:"],
    ["an unclosed flow list (where the parser gave up)", "rules:\n  - businesses: [1\n", "access.yml:3:1: Flow sequence in block collection"],
    ["a duplicate key", "users:\n  U0A: a\n  U0A: b\n", "access.yml:3:3: Map keys must be unique"],
    ["a nested mapping on one line", "rules: businesses: [1]\n", "access.yml:1:8: Nested mappings are not allowed in compact mappings"],
    ["an invalid redact pattern", "redact:\n  - 'corp-[0-9a-f]{8}'\n  - 'corp-[0-9'\n", "access.yml:3:5: redact[1]: not a valid regular expression: /corp-[0-9/g: Unterminated character class"],
    ["a redact pattern that matches empty text", "redact:\n  - '(?i)x*'\n", "access.yml:2:5: redact[0]: this pattern matches empty text"],
    ["a redact entry that is not text", "redact:\n  - 12\n", "access.yml:2:5: redact[0]: expected a regular expression"],
    ["JSON with an error", '{\n  "rules": [\n    {"businesses": ["x"]}\n  ]\n}', "access.json:3:21: rules[0].businesses[0]: expected a business id (a whole number) or \"*\""],
  ])("names the line and column of %s", (_name, text, want) => {
    const name = text.startsWith("{") ? "access.json" : "access.yml";
    expect(() => parseAccessFile(text, name)).toThrow(want);
  });
});

describe("the access file's redact: patterns", () => {
  it("are read as regular expressions, (?i) making one case-insensitive", () => {
    const file = parseAccessFile("rules:\n  - businesses: '*'\nredact:\n  - 'corp-[0-9a-f]{8}'\n  - '(?i)licen[cs]e-key-\\w+'\n", "access.yml");
    const [corp, licence] = redactPatterns(file);
    expect("id corp-deadbeef ok".replace(corp!, "X")).toBe("id X ok");
    expect("LICENSE-KEY-abc and licence-key-def".replace(licence!, "X")).toBe("X and X");
    expect("id CORP-DEADBEEF ok".replace(corp!, "X")).toBe("id CORP-DEADBEEF ok");
  });

  it("default to none", () => {
    expect(redactPatterns(parseAccessFile("rules: []\n", "access.yml"))).toEqual([]);
  });
});
