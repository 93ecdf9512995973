// The two app manifests a new user pastes at api.slack.com (README "Create the Slack app"):
// each must parse, stay within Slack's documented limits (slack-manifest-limits.ts), match how
// joblog is reached (Socket Mode or HTTP), register what the code listens for, and request
// exactly the bot scopes the code needs: those are derived from the Slack calls found in src/
// (slack-usage-scan.ts) and Slack's scope table (slack-scopes.ts), so a new Web API call
// without its scope, or a scope nobody uses, fails here.
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { readManifestFile, type ManifestFile } from "./manifest-file.js";
import { manifestLimitProblems, transportProblems, withoutTransport, type SlackManifest, type Transport } from "./slack-manifest-limits.js";
import { neededScopes, type NeededScopes } from "./slack-scopes.js";
import { scanSlackUsage, sourceFiles, type SlackUsage } from "./slack-usage-scan.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
// The product's code: the fake Slack server and the BK-JOB simulator are stand-ins, not callers.
const SCANNED = sourceFiles(ROOT, "src", ["src/local"]);
// joblog's HTTP receiver serves Slack on this path only (src/slack/app.ts, `endpoints`).
const EVENTS_PATH = "/slack/events";

const MANIFESTS: Array<[file: string, transport: Transport]> = [
  ["manifest.yml", "socket"],
  ["manifest.http.yml", "http"],
];

let usage: SlackUsage;
let needed: NeededScopes;

beforeAll(() => {
  usage = scanSlackUsage({ root: ROOT, files: SCANNED });
  needed = neededScopes(usage);
}, 180_000);

const sorted = (values: Iterable<string>): string[] => [...values].sort();

describe("what joblog's code asks of Slack", () => {
  it("uses the Slack client only in ways the scan can follow", () => {
    expect(usage.methods.size).toBeGreaterThan(0);
    expect(usage.problems).toEqual([]);
  });

  it("calls no Web API method and listens to no event whose scopes the table does not know", () => {
    expect(needed.unknownMethods).toEqual([]);
    expect(needed.unknownEvents).toEqual([]);
  });
});

describe.each(MANIFESTS)("%s", (file, transport) => {
  let read: ManifestFile;
  let manifest: SlackManifest;

  beforeAll(() => {
    read = readManifestFile(join(ROOT, file));
    // Not parsed with the schema here: a manifest Slack would refuse fails the limits test below,
    // and the other tests still say what else is wrong with it.
    manifest = read.data as SlackManifest;
  });

  it("is valid YAML with no duplicate keys", () => {
    expect(read.yamlProblems).toEqual([]);
  });

  it("stays within the limits of Slack's app manifest reference", () => {
    expect(manifestLimitProblems(read.data)).toEqual([]);
  });

  it(`is set up for ${transport === "socket" ? "Socket Mode, with no request URL" : "HTTP, every request URL the same placeholder host"}`, () => {
    expect(transportProblems(manifest, transport)).toEqual([]);
    if (transport === "http") {
      const urls = [
        ...(manifest.features?.slash_commands ?? []).map((command) => command.url),
        manifest.settings?.event_subscriptions?.request_url,
        manifest.settings?.interactivity?.request_url,
      ];
      expect(new Set(urls)).toEqual(new Set([`https://joblog.example.com${EVENTS_PATH}`]));
    }
  });

  it("declares the slash command, bot events and interactivity the code registers, and nothing else", () => {
    expect(sorted((manifest.features?.slash_commands ?? []).map((command) => command.command))).toEqual(sorted(usage.commands.keys()));
    expect(sorted(manifest.settings?.event_subscriptions?.bot_events ?? [])).toEqual(sorted(usage.events.keys()));
    expect(manifest.settings?.interactivity?.is_enabled === true).toBe(usage.interactive.length > 0);
    // Slack sends link_shared only for links on the app's registered domains:
    // https://docs.slack.dev/messaging/unfurling-links-in-messages
    if (usage.events.has("link_shared")) expect(manifest.features?.unfurl_domains?.length ?? 0).toBeGreaterThan(0);
  });

  it("requests every bot scope the code needs", () => {
    const requested = new Set(manifest.oauth_config?.scopes?.bot ?? []);
    const missing = sorted(needed.scopes.keys())
      .filter((scope) => !requested.has(scope))
      .map((scope) => `${scope}, for ${needed.scopes.get(scope)?.join("; ")}`);
    expect(missing).toEqual([]);
  });

  it("requests no bot scope the code does not need, unless its own comment names it and says why", () => {
    const bot = manifest.oauth_config?.scopes?.bot ?? [];
    expect(bot.length).toBe(new Set(bot).size);
    const unexplained = bot.filter((scope) => !needed.scopes.has(scope) && !(read.scopeComments.get(scope) ?? "").includes(scope));
    expect(unexplained).toEqual([]);
  });
});

describe("the Socket Mode and HTTP manifests", () => {
  it("differ only in how Slack reaches joblog", () => {
    const [socket, http] = MANIFESTS.map(([file]) => readManifestFile(join(ROOT, file)).data as SlackManifest);
    expect(http && withoutTransport(http)).toEqual(socket && withoutTransport(socket));
  });
});
