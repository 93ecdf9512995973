// What asking to follow a job came to (FollowService.follow).
import type { FollowRecord } from "../core/follow-model.js";
import type { JobReport } from "../core/report-model.js";
import type { UpstreamError } from "../core/upstream-error.js";

export type FollowStart =
  | { kind: "started"; follow: FollowRecord }
  | { kind: "already"; follow: FollowRecord }
  | { kind: "finished"; report: JobReport }
  | { kind: "upstream_error"; error: UpstreamError }
  | { kind: "slack_error"; error: string };
