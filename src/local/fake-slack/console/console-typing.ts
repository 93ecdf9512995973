// What the person types in the site, as Slack would carry it to the app: a slash command
// (signed, with a response_url; its acknowledgement shown as Slack shows it), or a message (with
// a signed app_mention when it names the bot, and link_shared for links the app unfurls).
import { blocksError } from "../block-errors.js";
import { BOT } from "../workspace-model.js";
import { eventCallbackBody, slashCommandBody, type AppAnswer, type Person } from "./app-requests.js";
import type { ConsoleDependencies, ConsoleResult } from "./console-types.js";
import type { Json } from "./element-actions.js";

/** What typing needs from the site. */
export interface TypingConsole {
  deps: ConsoleDependencies;
  channel: { id: string; name: string };
  user: Person;
  command: string;
  unfurlDomains: readonly string[];
  hasApp(): boolean;
  toApp(body: string, contentType: string): Promise<AppAnswer | undefined>;
  addNotice(title: string, details: string[], threadTs: string | null): void;
  noApp(): ConsoleResult;
}

const isObject = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);

/** Slack's wording when an app does not acknowledge a command properly. */
const commandFailed = (command: string, error: string) => `${command} failed with the error "${error}"`;
const ACK_DEADLINE_MS = 3_000;

/** Why Slack would count this as not acknowledged, or undefined when it is fine. */
export function ackProblem(answer: AppAnswer): string | undefined {
  if (!answer.ok) return answer.reason === "timeout" ? "operation_timeout" : "dispatch_failed";
  if (answer.status !== 200) return answer.status === 401 ? "dispatch_failed (HTTP 401: bad signature)" : `dispatch_failed (HTTP ${answer.status})`;
  if (answer.elapsedMs > ACK_DEADLINE_MS) return "operation_timeout";
  return undefined;
}

/** A typed "/command …": sent to the app as Slack sends a slash command; its acknowledgement shown. */
export async function runCommand(site: TypingConsole, text: string): Promise<ConsoleResult> {
  const command = text.split(/\s+/)[0] ?? "";
  if (command !== site.command) {
    const error = `${command} is not a valid command. In Slack, all messages that start with the "/" character are interpreted as commands.`;
    site.addNotice(error, [`This console knows ${site.command}.`], null);
    return { ok: false, error };
  }
  const { workspace } = site.deps;
  const responseUrl = site.deps.responseUrl({ channel: site.channel.id, user: site.user.id });
  // Slack escapes &, < and > in a command's text (as in every message text).
  const argument = escapeSlackText(text.slice(command.length).trim());
  const body = slashCommandBody({ channel: site.channel, user: site.user }, command, argument, responseUrl, site.deps.mintTrigger(site.user.id));
  const answer = await site.toApp(body, "application/x-www-form-urlencoded");
  if (!answer) return site.noApp();
  const problem = ackProblem(answer);
  if (problem) {
    const error = commandFailed(command, problem);
    site.addNotice(error, answer.ok ? [`The app answered HTTP ${answer.status} after ${Math.round(answer.elapsedMs)} ms.`] : [answer.detail], null);
    return { ok: false, error };
  }
  if (answer.ok && answer.body.trim() !== "") {
    // An acknowledgement with a body is the app's immediate answer (Bolt: ack({ … })).
    const reply = parseAckBody(answer.body);
    const refused = reply.blocks ? blocksError(reply.blocks) : undefined;
    if (refused) {
      const error = commandFailed(command, "invalid_blocks");
      site.addNotice(error, refusalDetails(refused), null);
      return { ok: false, error };
    }
    // An in_channel acknowledgement shares the typed command too, under the person's name:
    // "both the response message and the initial message typed by the user will be shared in
    // the channel" (https://api.slack.com/interactivity/slash-commands, "In Channel" vs
    // "Ephemeral" responses; also github.com/slackhq/slack-api-docs index_slash_commands.md).
    // In-channel answers sent later through response_url do not include it (same page).
    if (reply.inChannel) workspace.postMessage({ channel: site.channel.id, text: escapeSlackText(text), user: site.user.id });
    // `{"response_type":"in_channel"}` alone only shares the command.
    const hasContent = reply.text !== "" || (reply.blocks ?? []).length > 0;
    if (hasContent && reply.inChannel) workspace.postMessage({ channel: site.channel.id, text: reply.text, blocks: reply.blocks });
    else if (hasContent) workspace.postEphemeral({ channel: site.channel.id, user: site.user.id, text: reply.text, blocks: reply.blocks });
  }
  return { ok: true };
}

/** A typed message, posted in the channel or a thread, with the events Slack sends the app for it. */
export async function postTyped(site: TypingConsole, typed: string, threadTs: string | undefined): Promise<ConsoleResult> {
  const { workspace, clock } = site.deps;
  const mention = new RegExp(`(^|\\s)@${escapeRegExp(BOT.userName)}(?=$|[\\s,.:;!?])`, "gi");
  const text = wrapLinks(escapeSlackText(typed)).replace(mention, `$1<@${BOT.userId}>`);
  const message = workspace.postMessage({ channel: site.channel.id, text, threadTs, user: site.user.id });
  const base = { user: site.user.id, channel: site.channel.id, event_ts: message.ts };
  const events: Json[] = [];
  if (text.includes(`<@${BOT.userId}>`)) {
    events.push({ ...base, type: "app_mention", text, ts: message.ts, team: BOT.teamId, ...(message.threadTs ? { thread_ts: message.threadTs } : {}) });
  }
  const links = unfurlableLinks(site.unfurlDomains, typed);
  if (links.length > 0) {
    events.push({ ...base, type: "link_shared", message_ts: message.ts, ...(message.threadTs ? { thread_ts: message.threadTs } : {}), links, source: "conversations_history" });
  }
  if (events.length === 0) return { ok: true };
  if (!site.hasApp()) return site.noApp();
  for (const event of events) {
    const answer = await site.toApp(eventCallbackBody(event, clock.now()), "application/json");
    const problem = answer ? ackProblem(answer) : "no app";
    if (problem) {
      // Slack retries events up to three times, then gives up; the person sees nothing.
      site.addNotice(`The app did not accept the ${String(event["type"])} event: ${problem}`, ["Slack would retry it, then drop it."], message.threadTs ?? null);
    }
  }
  return { ok: true };
}

function unfurlableLinks(unfurlDomains: readonly string[], typed: string): { url: string; domain: string }[] {
  const links: { url: string; domain: string }[] = [];
  for (const [url] of typed.matchAll(/https?:\/\/[^\s<>]+/g)) {
    try {
      const domain = new URL(url).hostname.toLowerCase();
      if (unfurlDomains.some((allowed) => domain === allowed || domain.endsWith(`.${allowed}`))) links.push({ url, domain });
    } catch {
      // not a URL after all
    }
  }
  return links;
}

function parseAckBody(body: string): { text: string; blocks: unknown[] | undefined; inChannel: boolean } {
  try {
    const parsed: unknown = JSON.parse(body);
    if (isObject(parsed)) {
      return {
        text: typeof parsed["text"] === "string" ? parsed["text"] : "",
        blocks: Array.isArray(parsed["blocks"]) ? parsed["blocks"] : undefined,
        inChannel: parsed["response_type"] === "in_channel",
      };
    }
  } catch {
    // A plain-text acknowledgement (Bolt: ack("text")) is shown as it is.
  }
  return { text: body, blocks: undefined, inChannel: false };
}

export function refusalDetails(response: Json): string[] {
  const metadata = isObject(response["response_metadata"]) ? response["response_metadata"] : {};
  const messages = Array.isArray(metadata["messages"]) ? metadata["messages"] : Array.isArray(response["errors"]) ? response["errors"] : [];
  const bug = typeof response["fake_slack_bug"] === "string" ? [response["fake_slack_bug"]] : [];
  return [...messages.map(String), ...bug].slice(0, 10);
}

/** Slack stores &, < and > in every text as entities. */
function escapeSlackText(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Slack wraps the links it finds in typed text as <url>. */
function wrapLinks(text: string): string {
  return text.replace(/https?:\/\/[^\s<>]+/g, (url) => `<${url}>`);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
