// Action ids shared by the renderers that put buttons in messages and the listeners that answer
// them. Slack wants action ids unique within a block, so per-host buttons get a numeric suffix.
export const ACTION_IDS = {
  showLog: "show_log",
  openInJob: "open_in_job",
  logPage: "log_page",
  postLog: "post_log",
  followJob: "follow_job",
  stopFollowing: "stop_following",
  followReport: "follow_report",
  /** The log modal's host picker (a static_select). */
  logHost: "log_host",
  /** "✓ Posted to thread": a link button to the posted file; Slack still sends an action. */
  openPostedLog: "open_posted_log",
  /** "Switch to all updates" on the note that a failures-only follow already runs. */
  followMode: "follow_mode",
  /** Why it failed: a cause's Hosts button, its modal's pages, posting its host list. */
  causeHosts: "cause_hosts",
  causeHostsPage: "cause_hosts_page",
  postHostList: "post_host_list",
  /** The Hosts modal's representative log: pushed over the host list (views.push), not a new modal. */
  causeHostLog: "cause_host_log",
  /** An action on the job (retry, ignore, skip, confirm, reject, terminate), numbered within its block. */
  stepAction: "step_action",
  /** A run listed by `recent` (or the App Home, or a watch's post): its report. */
  runReport: "run_report",
  /** `recent`'s next page. */
  recentMore: "recent_more",
  /** Ends a watch (from `/joblog watches` or the App Home). */
  stopWatch: "stop_watch",
} as const;

export const CALLBACK_IDS = { logModal: "log_modal", causeHostsModal: "cause_hosts_modal" } as const;
