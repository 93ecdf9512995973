// What the job buttons carry and who pressed them, read from Slack's block_actions payload. A
// value comes back from Slack: it is validated, never trusted.
import type { BlockAction } from "@slack/bolt";
import { z } from "zod";
import type { JobRef } from "../../../core/job-ref.js";

const id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const jobRefValue = z.object({ bizId: id, jobInstanceId: id });

/** A `{"bizId":…,"jobInstanceId":…}` button value, or null. */
export function readJobRef(value: string | undefined): JobRef | null {
  try {
    const parsed = jobRefValue.safeParse(JSON.parse(value ?? ""));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Who pressed, where: for the gate. */
export function presser(body: BlockAction) {
  const channelId = body.channel?.id ?? body.container?.channel_id;
  return {
    team: body.team?.id ?? body.user.team_id ?? null,
    user: body.user.id,
    channel: channelId ? { id: channelId as string, name: body.channel?.name ?? null } : null,
  };
}
