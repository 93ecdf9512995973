// views.open as a port: the one Slack call with a deadline (a trigger_id dies 3 s after the
// press). The adapter is src/slack/modal-opener.ts.

export type OpenedModal = { ok: true; viewId: string } | { ok: false; error: string };

export interface ModalOpener {
  open(triggerId: string, view: object): Promise<OpenedModal>;
}
