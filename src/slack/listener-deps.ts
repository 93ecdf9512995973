// What the Slack listeners are handed by the composition root: the process's dependencies for
// requests (use-cases/request-deps.ts) and the Slack-side ones, no globals.
import type { ModalOpener } from "../ports/modal-opener.js";
import type { EventClaims } from "../ports/shared-state.js";
import type { PostedLogs } from "../use-cases/posted-logs.js";
import type { FindDeps } from "../use-cases/find-deps.js";
import type { Acknowledgements } from "./acknowledge.js";

export interface ListenerDeps extends FindDeps {
  /** views.open, straight to Slack: the trigger_id dies 3 s after the press. */
  modals: ModalOpener;
  /** Host logs already posted to a thread, so a second press does not post them again. */
  postedLogs: PostedLogs;
  /** Every acknowledgement is noted here; work that can wait lets a burst be acknowledged first. */
  acknowledgements: Acknowledgements;
  /**
   * Slack deliveries taken already, here or on another replica (listeners/events/claimed-deliveries.ts):
   * a repeat is acknowledged and dropped.
   */
  deliveryClaims: EventClaims;
}
