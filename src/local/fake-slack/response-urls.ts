// response_url endpoints for slash commands and actions: at most 5 accepted posts within 30 minutes
// of creation (https://api.slack.com/interactivity/handling#message_responses). Slack's response_url errors are not documented as JSON, so we
// answer like its incoming webhooks, with an HTTP status and an error code (as JSON, easier to read
// in test failures):
//   404 no_service (unknown id) · 404 expired_url (after 30 min) · 404 used_url (6th post)
//   400 invalid_blocks / msg_blocks_too_long / invalid_blocks_format / no_text (bad payload; not counted)
// Bolt's respond() throws RespondError on any non-2xx, which is what the app must handle.
import { blocksError } from "./block-errors.js";
import type { Clock, ResponseUrlContext, ResponseUrlPost } from "./fake-slack-types.js";
import { arrayParam, booleanParam, stringParam, type Params } from "./request-body.js";
import type { SlackAnswer } from "./method-context.js";
import type { Workspace } from "./workspace.js";

export const RESPONSE_URL_MAX_POSTS = 5;
export const RESPONSE_URL_LIFETIME_MS = 30 * 60 * 1000;
const DEFAULT_USER = "U0USER";

interface Endpoint {
  createdAt: number;
  accepted: number;
  context: ResponseUrlContext;
}

export class ResponseUrls {
  private readonly endpoints = new Map<string, Endpoint>();
  private readonly posted: ResponseUrlPost[] = [];
  private sequence = 0;

  constructor(
    private readonly clock: Clock,
    private readonly workspace: Workspace,
    private readonly onPost: (post: ResponseUrlPost) => void,
  ) {}

  create(id: string | undefined, context: ResponseUrlContext = {}): string {
    this.sequence += 1;
    const key = id ?? `R${String(this.sequence).padStart(6, "0")}`;
    this.endpoints.set(key, { createdAt: this.clock.now(), accepted: 0, context });
    return key;
  }

  posts(id?: string): ResponseUrlPost[] {
    return this.posted.filter((p) => id === undefined || p.id === id);
  }

  receive(id: string, body: Params): ResponseUrlPost {
    const now = this.clock.now();
    const { status, response } = this.judge(id, body, now);
    const accepted = status === 200;
    const post: ResponseUrlPost = { kind: "response_url_post", id, body, at: now, status, response, accepted };
    this.posted.push(post);
    this.onPost(post);
    return post;
  }

  private judge(id: string, body: Params, now: number): { status: number; response: SlackAnswer } {
    const endpoint = this.endpoints.get(id);
    const refuse = (status: number, error: string) => ({ status, response: { ok: false, error } });
    if (!endpoint) return refuse(404, "no_service");
    if (now - endpoint.createdAt > RESPONSE_URL_LIFETIME_MS) return refuse(404, "expired_url");
    if (endpoint.accepted >= RESPONSE_URL_MAX_POSTS) return refuse(404, "used_url");
    const blocks = arrayParam(body, "blocks");
    if (blocks === "invalid") return refuse(400, "invalid_blocks_format");
    const text = stringParam(body, "text") ?? "";
    const deleting = booleanParam(body, "delete_original");
    const hasBlocks = blocks !== undefined && blocks.length > 0;
    if (!deleting && text === "" && !hasBlocks) return refuse(400, "no_text");
    const error = hasBlocks ? blocksError(blocks) : undefined;
    if (error) return { status: 400, response: error };
    endpoint.accepted += 1;
    this.apply(endpoint.context, body, text, blocks);
    return { status: 200, response: { ok: true } };
  }

  /**
   * Mirrors an accepted answer into the workspace, when the test said where it belongs. As
   * https://docs.slack.dev/interactivity/handling-user-interaction#updating_message_response says:
   * - `replace_original` updates the source message, the one whose interactive element was used
   *   (`messageTs`). A slash command has none: "You cannot use replace_original to modify the
   *   user-posted message that invokes a slash command", and a later post to a command's
   *   response_url is a new message (github.com/slackapi/bolt-python/issues/1268,
   *   github.com/slackapi/bolt-js/issues/2287), whatever replace_original says.
   * - A replaced message keeps its visibility: "A message's type cannot be changed from
   *   ephemeral to in_channel. Once a message is issued, it retains its visibility quality for
   *   life." An in_channel answer replacing an ephemeral one is still seen by one person only.
   * - `delete_original` deletes the source message; "If you include a new message payload and
   *   delete_original, the source message will be deleted, and your new message published."
   *   With a slash command it "is not supported": nothing is deleted.
   */
  private apply(
    context: ResponseUrlContext,
    body: Params,
    text: string,
    blocks: unknown[] | undefined,
  ): void {
    const { channel, messageTs } = context;
    if (channel === undefined) return;
    const original = messageTs === undefined ? undefined : this.workspace.message(channel, messageTs);
    const originalEphemeral = messageTs === undefined ? undefined : this.workspace.ephemeral(channel, messageTs);
    const hasPayload = text !== "" || (blocks !== undefined && blocks.length > 0);
    if (booleanParam(body, "delete_original")) {
      if (original) this.workspace.deleteMessage(original);
      if (originalEphemeral) this.workspace.changeEphemeral(originalEphemeral, "delete");
      if (!hasPayload) return;
    } else if (booleanParam(body, "replace_original")) {
      if (original) return this.workspace.updateMessage(original, { text, blocks: blocks ?? [] });
      if (originalEphemeral) return this.workspace.changeEphemeral(originalEphemeral, { text, blocks });
    }
    const threadTs = stringParam(body, "thread_ts");
    if (stringParam(body, "response_type") === "in_channel") {
      this.workspace.postMessage({ channel, text, blocks, threadTs });
    } else {
      this.workspace.postEphemeral({ channel, user: context.user ?? DEFAULT_USER, text, blocks, threadTs });
    }
  }
}
