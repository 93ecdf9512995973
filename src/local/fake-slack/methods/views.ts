// views.open / views.update / views.push: trigger_id rules (3 s, single use), hash-guarded updates
// and modal validation. Error codes from docs.slack.dev/reference/methods/views.*.
import { homeViewError, viewError } from "../block-errors.js";
import {
  fail,
  type MethodContext,
  type MethodHandler,
  type MethodTable,
  type SlackAnswer,
} from "../method-context.js";
import { objectParam, stringParam } from "../request-body.js";
import { BOT, type StoredView } from "../workspace-model.js";

const invalidArguments = (message: string): SlackAnswer =>
  fail("invalid_arguments", { response_metadata: { messages: [message] } });

/** A stored view as Slack's API (and block_actions payloads) show it. */
export function apiView(stored: StoredView): SlackAnswer {
  return {
    private_metadata: "",
    callback_id: "",
    state: { values: {} },
    clear_on_close: false,
    notify_on_close: false,
    ...stored.view,
    id: stored.id,
    team_id: BOT.teamId,
    external_id: stored.externalId ?? "",
    hash: stored.hash,
    root_view_id: stored.rootViewId,
    previous_view_id: stored.previousViewId ?? null,
    app_id: BOT.appId,
    bot_id: BOT.botId,
  };
}

/** The `view` argument, checked; an error answer when Slack would refuse it. */
function readView(context: MethodContext): Record<string, unknown> | SlackAnswer {
  const view = objectParam(context.params, "view");
  if (view === undefined || view === "invalid") {
    return invalidArguments("[ERROR] must provide an object [json-pointer:/view]");
  }
  return viewError(view) ?? view;
}

const isError = (value: Record<string, unknown>): boolean => value["ok"] === false;

/** Shared by open and push: both exchange a trigger for a new view. */
function openWithTrigger(
  context: MethodContext,
  previousViewId: (user: string | undefined) => string | undefined,
): SlackAnswer {
  const { params, workspace, triggers } = context;
  const triggerId = stringParam(params, "trigger_id");
  const trigger = triggers.check(triggerId);
  if (!trigger.ok) {
    // Slack documents an unknown trigger as invalid_arguments with this message (views.open example).
    if (trigger.error === "invalid_trigger_id") return invalidArguments("invalid `trigger_id`");
    return fail(trigger.error);
  }
  const view = readView(context);
  if (isError(view)) return view;
  const externalId = view["external_id"];
  if (typeof externalId === "string" && externalId !== "" && workspace.viewByExternalId(externalId)) {
    return fail("duplicate_external_id");
  }
  if (triggerId !== undefined) triggers.use(triggerId);
  const { user } = trigger;
  const stored = workspace.openView(view, { user, previousViewId: previousViewId(user) });
  return { ok: true, view: apiView(stored) };
}

const open: MethodHandler = (context) => openWithTrigger(context, () => undefined);

/** Pushes onto the user's most recent view (a trigger from inside a modal belongs to that user). */
const push: MethodHandler = (context) =>
  openWithTrigger(context, (user) => context.workspace.views().filter((v) => v.user === user).at(-1)?.id);

const update: MethodHandler = (context) => {
  const { params, workspace } = context;
  const viewId = stringParam(params, "view_id");
  const externalId = stringParam(params, "external_id");
  if (viewId === undefined && externalId === undefined) {
    return invalidArguments("[ERROR] either view_id or external_id is required");
  }
  const stored = viewId !== undefined ? workspace.view(viewId) : workspace.viewByExternalId(externalId ?? "");
  if (!stored) return fail("not_found");
  const hash = stringParam(params, "hash");
  // The hash guards against a race: another update landed since the caller read the view.
  if (hash !== undefined && hash !== "" && hash !== stored.hash) return fail("hash_conflict");
  const view = readView(context);
  if (isError(view)) return view;
  workspace.updateView(stored, view);
  return { ok: true, view: apiView(stored) };
};

/**
 * views.publish: a user's Home tab, no trigger needed (https://docs.slack.dev/reference/methods/views.publish):
 * user_id is required (invalid_arguments without it), the view is a "home" view of at most 100 blocks.
 */
const publish: MethodHandler = (context) => {
  const userId = stringParam(context.params, "user_id");
  if (userId === undefined || userId === "") return invalidArguments("[ERROR] missing required field: user_id");
  const view = objectParam(context.params, "view");
  if (view === undefined || view === "invalid") return invalidArguments("[ERROR] must provide an object [json-pointer:/view]");
  const refused = homeViewError(view);
  if (refused) return refused;
  return { ok: true, view: { ...view, id: `VHOME${userId}`, team_id: BOT.teamId, app_id: BOT.appId, bot_id: BOT.botId } };
};

export const viewsMethods: MethodTable = {
  "views.publish": publish,
  "views.open": open,
  "views.push": push,
  "views.update": update,
};
