// What a Web API method handler receives and returns. Handlers are synchronous functions from
// decoded parameters to Slack's JSON answer; the HTTP layer does auth, scripting and recording.
import type { Params } from "./request-body.js";
import type { TriggerRegistry } from "./triggers.js";
import type { Workspace } from "./workspace.js";

export type SlackAnswer = Record<string, unknown>;

export interface MethodContext {
  params: Params;
  workspace: Workspace;
  triggers: TriggerRegistry;
  /** "http://127.0.0.1:PORT", for URLs we hand out (upload URLs). */
  baseUrl: string;
  now: number;
}

export type MethodHandler = (context: MethodContext) => SlackAnswer;
export type MethodTable = Readonly<Record<string, MethodHandler>>;

export const fail = (error: string, extra: SlackAnswer = {}): SlackAnswer => ({ ok: false, error, ...extra });
