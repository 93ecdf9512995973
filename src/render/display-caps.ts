// How much of upstream text one line of a rendering shows (Slack message or terminal), so a long
// step name, tag or log line never crowds out the rest. Slack's own limits are limits.ts; these
// are joblog's, the same in every renderer.

/** A step's name in a report, a grep answer or the terminal. */
export const MAX_STEP_NAME = 100;
/** A step's name on a follow's compact lines (the live message, its thread replies). */
export const MAX_FOLLOW_STEP_NAME = 80;
/** A host group's tag. */
export const MAX_TAG = 60;
/** One log line (a tail, a file log, a grep match). */
export const MAX_LOG_LINE = 200;
