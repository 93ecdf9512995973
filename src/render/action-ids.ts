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
} as const;

export const CALLBACK_IDS = { logModal: "log_modal" } as const;
