// The bot scopes Slack documents for each thing joblog does, written down from Slack's own
// reference pages (each entry names its page). The manifest test derives the scopes joblog needs
// from what slack-usage-scan.ts finds in src/ and this table. A Web API method the table does not
// know fails the test: whoever adds the call looks its scopes up and adds a line here.
import type { SlackUsage } from "./slack-usage-scan.js";

interface ScopeRule {
  /** Every bot scope listed is needed (for conversations, one per kind: see CONVERSATION_KINDS). */
  scopes: readonly string[];
  /** Slack's page that says so. */
  source: string;
}

// joblog answers in every kind of conversation a slash command, a mention or a button can come
// from: public and private channels, DMs with the app and group DMs it was added to. Slack
// documents one scope per kind for the conversations.* reads, so all four are needed.
const historyScopes = ["channels:history", "groups:history", "im:history", "mpim:history"] as const;
const readScopes = ["channels:read", "groups:read", "im:read", "mpim:read"] as const;

/** Web API method → bot scopes (the "Scopes · Bot token" fact on the method's reference page). */
export const METHOD_SCOPES: Readonly<Record<string, ScopeRule>> = {
  "chat.postMessage": { scopes: ["chat:write"], source: "https://docs.slack.dev/reference/methods/chat.postMessage" },
  "chat.postEphemeral": { scopes: ["chat:write"], source: "https://docs.slack.dev/reference/methods/chat.postEphemeral" },
  "chat.update": { scopes: ["chat:write"], source: "https://docs.slack.dev/reference/methods/chat.update" },
  "chat.delete": { scopes: ["chat:write"], source: "https://docs.slack.dev/reference/methods/chat.delete" },
  "chat.unfurl": {
    scopes: ["links:write"],
    source: "https://docs.slack.dev/reference/methods/chat.unfurl; https://docs.slack.dev/reference/scopes/links.write (compatible method: chat.unfurl)",
  },
  // "Bot token: Relevant *:history scope" per conversation kind.
  "conversations.history": { scopes: historyScopes, source: "https://docs.slack.dev/reference/methods/conversations.history" },
  "conversations.replies": {
    scopes: historyScopes,
    source: "https://docs.slack.dev/reference/scopes/channels.history, …/groups.history, …/im.history, …/mpim.history (compatible method: conversations.replies)",
  },
  "conversations.info": { scopes: readScopes, source: "https://docs.slack.dev/reference/methods/conversations.info" },
  "users.info": { scopes: ["users:read"], source: "https://docs.slack.dev/reference/methods/users.info" },
  // /readyz checks the bot token with it; it needs no scope.
  "auth.test": { scopes: [], source: "https://docs.slack.dev/reference/methods/auth.test" },
  // "Scopes: No scopes required".
  "views.open": { scopes: [], source: "https://docs.slack.dev/reference/methods/views.open" },
  "views.update": { scopes: [], source: "https://docs.slack.dev/reference/methods/views.update" },
  // The Hosts modal's representative log, pushed over the host list: "Scopes: No scopes required".
  "views.push": { scopes: [], source: "https://docs.slack.dev/reference/methods/views.push" },
  "views.publish": { scopes: [], source: "https://docs.slack.dev/reference/methods/views.publish" },
  "files.getUploadURLExternal": { scopes: ["files:write"], source: "https://docs.slack.dev/reference/methods/files.getUploadURLExternal" },
  "files.completeUploadExternal": { scopes: ["files:write"], source: "https://docs.slack.dev/reference/methods/files.completeUploadExternal" },
};

/**
 * WebClient helpers that call several Web API methods. filesUploadV2 is getUploadURLExternal,
 * an upload to the URL it returns, then completeUploadExternal: @slack/web-api's
 * src/WebClient.ts (filesUploadV2) and https://docs.slack.dev/messaging/working-with-files.
 */
export const CLIENT_HELPERS: Readonly<Record<string, readonly string[]>> = {
  "WebClient.filesUploadV2": ["files.getUploadURLExternal", "files.completeUploadExternal"],
  "files.uploadV2": ["files.getUploadURLExternal", "files.completeUploadExternal"],
};

/** Response fields Slack withholds without a further scope. */
export const FIELD_SCOPES: Readonly<Record<string, ScopeRule>> = {
  // "The users:read.email OAuth scope is now required to access the email field in user objects
  // returned by the users.list and users.info web API methods."
  "UsersInfoResponse.email": { scopes: ["users:read.email"], source: "https://docs.slack.dev/reference/methods/users.info (Email addresses)" },
};

/** Events API event → the scope its reference page lists under "Required scopes". */
export const EVENT_SCOPES: Readonly<Record<string, ScopeRule>> = {
  app_mention: { scopes: ["app_mentions:read"], source: "https://docs.slack.dev/reference/events/app_mention" },
  link_shared: { scopes: ["links:read"], source: "https://docs.slack.dev/reference/events/link_shared" },
  app_home_opened: { scopes: [], source: "https://docs.slack.dev/reference/events/app_home_opened" },
};

/** Any slash command needs the `commands` scope. */
export const COMMAND_SCOPE: ScopeRule = { scopes: ["commands"], source: "https://docs.slack.dev/reference/scopes/commands" };

export interface NeededScopes {
  /** Scope → why (the method, event or field and where the code uses it). */
  scopes: Map<string, string[]>;
  /** Methods found in the code that METHOD_SCOPES does not know. */
  unknownMethods: string[];
  /** Events found in the code that EVENT_SCOPES does not know. */
  unknownEvents: string[];
}

/** The bot scopes the scanned code needs, with the reason for each. */
export function neededScopes(usage: SlackUsage): NeededScopes {
  const scopes = new Map<string, string[]>();
  const need = (rule: ScopeRule, why: string): void => {
    for (const scope of rule.scopes) scopes.set(scope, [...(scopes.get(scope) ?? []), why]);
  };
  const unknownMethods: string[] = [];
  for (const [method, places] of usage.methods) {
    for (const called of CLIENT_HELPERS[method] ?? [method]) {
      const rule = METHOD_SCOPES[called];
      if (rule) need(rule, `${called} (${places[0]})`);
      else unknownMethods.push(`${called} (${places.join(", ")})`);
    }
  }
  const unknownEvents: string[] = [];
  for (const [event, places] of usage.events) {
    const rule = EVENT_SCOPES[event];
    if (rule) need(rule, `event ${event} (${places[0]})`);
    else unknownEvents.push(`${event} (${places.join(", ")})`);
  }
  for (const [command, places] of usage.commands) need(COMMAND_SCOPE, `${command} (${places[0]})`);
  for (const [field, places] of usage.fields) {
    const rule = FIELD_SCOPES[field];
    if (rule) need(rule, `${field} (${places[0]})`);
  }
  return { scopes, unknownMethods, unknownEvents };
}
