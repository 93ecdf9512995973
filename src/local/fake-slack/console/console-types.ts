// The local Slack console's vocabulary: its options, what the page is told (ConsoleEvent), what
// the page reports (ConsoleClick), and what the console needs from the fake Slack.
import type { Clock } from "../fake-slack-types.js";
import type { Workspace } from "../workspace.js";
import type { AppTarget, Person } from "./app-requests.js";
import type { ConsoleItem, ConsoleView } from "./console-items.js";

export interface ConsoleExample {
  text: string;
  description: string;
}

export interface SlackConsoleOptions {
  channel?: { id: string; name: string }; // default C0CONSOLE, #joblog-console
  user?: Person; // default U0YOU, "you"
  /** The app's slash command; any other "/word" is answered as Slack does: not a valid command. */
  command?: string; // default "/joblog"
  /** Hosts whose links the app unfurls (the manifest's unfurl_domains): pasting one sends link_shared. */
  unfurlDomains?: string[];
  /** Shown in the page's sidebar; clicking one fills the message box. */
  examples?: ConsoleExample[];
  /** Where the app listens; or connect it later with `connectApp`. */
  app?: AppTarget;
  /** Sees every typed text before it is sent (local mode restarts finished demo jobs here). */
  beforeSend?: (text: string) => void;
}

export type ConsoleEvent =
  | { type: "reset" }
  | {
      type: "hello";
      channel: { id: string; name: string };
      user: Person;
      botName: string;
      command: string;
      examples: ConsoleExample[];
      appConnected: boolean;
    }
  | { type: "item"; item: ConsoleItem }
  | { type: "view"; view: ConsoleView };

export type ConsoleResult = { ok: true } | { ok: false; error: string };

/** A pressed button or a chosen select option, as the page reports it: where, never a value. */
export interface ConsoleClick {
  container: "message" | "ephemeral" | "view";
  channel?: string;
  ts?: string;
  viewId?: string;
  blockIndex: number;
  elementIndex: number | "accessory";
  actionId: string;
  /** For a static_select: the chosen option's place in its menu (element-actions.ts flatOptions). */
  optionIndex?: number;
}

export interface ConsoleDependencies {
  workspace: Workspace;
  clock: Clock;
  mintTrigger(user: string): string;
  /** A response_url on the fake whose accepted answers land in this channel, for this user. */
  responseUrl(context: { channel: string; user: string; messageTs?: string }): string;
}
