// The scan behind the manifest test, on an in-memory probe file that calls Slack every way the
// scan claims to see, and in the ways it must refuse: if it missed a style, a method written that
// way in src/ would go unnoticed and its scope with it.
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { neededScopes, type NeededScopes } from "./slack-scopes.js";
import { scanSlackUsage, type SlackUsage } from "./slack-usage-scan.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

// Lives only in memory, under src/ so that @slack/* resolve from the repository's node_modules.
const PROBE = `
import type { App, SayFn } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
declare const client: WebClient;
declare const app: App;
declare const say: SayFn;
declare const untyped: any;

export async function probe(apiUrl: string): Promise<void> {
  await client.reactions.add({ channel: "C1", timestamp: "1.2", name: "eyes" });
  await client["pins"]["add"]({ channel: "C1", timestamp: "1.2" });
  await app.client.chat.scheduleMessage({ channel: "C1", text: "t", post_at: 1 });
  const remove = client.stars.remove;
  await remove({});
  await client.apiCall("bookmarks.list", { channel_id: "C1" });
  await client.filesUploadV2({ channel_id: "C1", content: "log", filename: "log.txt" });
  await say("hello");
  await fetch(\`\${apiUrl}dnd.info\`, { method: "POST" });
  await fetch("https://slack.com/api/emoji.list");
  const answer = await client.users.info({ user: "U1" });
  void answer.user?.profile?.email;
  app.event("reaction_added", async () => {});
  app.event(/^(?:member_joined_channel|team_join)$/, async () => {});
  app.command("/probe", async () => {});
  app.view("probe_modal", async () => {});

  // What the scan cannot follow: each must come back as a problem.
  const { chat } = client;
  void chat;
  await untyped.chat.postMessage({ channel: "C1", text: "x" });
  await client.apiCall(["chat", "postMessage"].join("."), {});
  app.event(new RegExp("message"), async () => {});
  app.shortcut("probe_shortcut", async () => {});
}
`;

let usage: SlackUsage;
let needed: NeededScopes;

beforeAll(() => {
  usage = scanSlackUsage({ root: ROOT, files: [], virtualFiles: { "src/scan-probe.ts": PROBE } });
  needed = neededScopes(usage);
}, 180_000);

describe("scanSlackUsage", () => {
  it("finds Web API methods however they are called", () => {
    expect([...usage.methods.keys()].sort()).toEqual(
      [
        "reactions.add", // client.family.method(...)
        "pins.add", // client["family"]["method"](...)
        "chat.scheduleMessage", // app.client.…
        "stars.remove", // a method taken off the client, called later
        "bookmarks.list", // apiCall("…")
        "WebClient.filesUploadV2", // a WebClient helper
        "chat.postMessage", // Bolt's say()
        "dnd.info", // fetch(`${apiUrl}dnd.info`)
        "emoji.list", // fetch("https://slack.com/api/emoji.list")
        "users.info",
      ].sort(),
    );
    expect(usage.methods.get("reactions.add")).toEqual(["src/scan-probe.ts:10"]);
  });

  it("finds the events, commands, interactive listeners and scoped fields registered with Bolt", () => {
    expect([...usage.events.keys()].sort()).toEqual(["member_joined_channel", "reaction_added", "team_join"]);
    expect([...usage.commands.keys()]).toEqual(["/probe"]);
    expect(usage.interactive).toEqual(["src/scan-probe.ts:25"]);
    expect(usage.fields.has("UsersInfoResponse.email")).toBe(true);
  });

  it("reports every use it cannot follow instead of skipping it", () => {
    const expected = [
      ["src/scan-probe.ts:28", "destructured"], // const { chat } = client
      ["src/scan-probe.ts:30", "type checker cannot see"], // untyped.chat.postMessage
      ["src/scan-probe.ts:31", "apiCall() is called with a method name the scan cannot read"],
      ["src/scan-probe.ts:32", "event pattern the scan cannot read"],
      ["src/scan-probe.ts:33", "app.shortcut()"],
    ];
    expect(usage.problems.map((problem) => problem.split(": ")[0])).toEqual(expected.map(([where]) => where));
    expected.forEach(([, words], index) => expect(usage.problems[index]).toContain(words));
  });
});

describe("neededScopes", () => {
  it("turns known methods, events, commands and fields into Slack's scopes", () => {
    expect(needed.scopes.has("users:read")).toBe(true); // users.info
    expect(needed.scopes.has("users:read.email")).toBe(true); // its profile.email
    expect(needed.scopes.has("files:write")).toBe(true); // filesUploadV2 = getUploadURLExternal + completeUploadExternal
    expect(needed.scopes.has("chat:write")).toBe(true); // say()
    expect(needed.scopes.has("commands")).toBe(true); // /probe
  });

  it("names every method and event whose scopes nobody has looked up yet", () => {
    expect(needed.unknownMethods.map((entry) => entry.split(" ")[0]).sort()).toEqual(
      ["bookmarks.list", "chat.scheduleMessage", "dnd.info", "emoji.list", "pins.add", "reactions.add", "stars.remove"].sort(),
    );
    expect(needed.unknownEvents.map((entry) => entry.split(" ")[0]).sort()).toEqual(["member_joined_channel", "reaction_added", "team_join"]);
  });
});
