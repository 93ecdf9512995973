// Requests to the app under test, made exactly as Slack makes them: slash commands and
// interactions as form bodies, events as JSON, each signed with HMAC-SHA256 over
// `v0:{timestamp}:{body}` in x-slack-signature
// (https://api.slack.com/authentication/verifying-requests-from-slack). The console sends these to
// the app's Request URL, so the app's real signature check and acknowledgement path are exercised.
import { createHmac } from "node:crypto";
import { BOT } from "../workspace-model.js";

export interface AppTarget {
  /** The app's Request URL, e.g. "http://127.0.0.1:PORT/slack/events". */
  eventsUrl: string;
  signingSecret: string;
}

export type AppAnswer =
  | { ok: true; status: number; body: string; contentType: string; elapsedMs: number }
  | { ok: false; reason: "unreachable" | "timeout"; detail: string; elapsedMs: number };

/** Slack waits 3 s for an acknowledgement; we wait longer so a slow app is reported, not cut off. */
const GIVE_UP_MS = 15_000;

export function slackSignature(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac("sha256", secret).update(`v0:${timestamp}:${body}`).digest("hex")}`;
}

export async function postToApp(target: AppTarget, body: string, contentType: string, now: () => number): Promise<AppAnswer> {
  // Signatures carry real time: Bolt refuses requests more than 5 minutes from its own clock.
  const timestamp = Math.floor(Date.now() / 1000);
  const started = now();
  try {
    const response = await fetch(target.eventsUrl, {
      method: "POST",
      headers: {
        "content-type": contentType,
        "x-slack-request-timestamp": String(timestamp),
        "x-slack-signature": slackSignature(target.signingSecret, timestamp, body),
        "user-agent": "Slackbot 1.0 (+https://api.slack.com/robots) local-console",
      },
      body,
      signal: AbortSignal.timeout(GIVE_UP_MS),
    });
    const text = await response.text();
    const type = response.headers.get("content-type") ?? "";
    return { ok: true, status: response.status, body: text, contentType: type, elapsedMs: now() - started };
  } catch (error) {
    const timedOut = error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
    const detail = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
    return { ok: false, reason: timedOut ? "timeout" : "unreachable", detail, elapsedMs: now() - started };
  }
}

export interface Person {
  id: string;
  name: string;
}

export interface Place {
  channel: { id: string; name: string };
  user: Person;
}

const team = { team_id: BOT.teamId, team_domain: "local" };

/** The form Slack posts for a slash command. */
export function slashCommandBody(place: Place, command: string, text: string, responseUrl: string, triggerId: string): string {
  return new URLSearchParams({
    token: "local-console-verification-token",
    ...team,
    channel_id: place.channel.id,
    channel_name: place.channel.name,
    user_id: place.user.id,
    user_name: place.user.name,
    command,
    text,
    api_app_id: BOT.appId,
    is_enterprise_install: "false",
    response_url: responseUrl,
    trigger_id: triggerId,
  }).toString();
}

let eventSequence = 0;

/** An Events API envelope (`event_callback`) around one event. */
export function eventCallbackBody(event: Record<string, unknown>, now: number): string {
  eventSequence += 1;
  return JSON.stringify({
    token: "local-console-verification-token",
    team_id: BOT.teamId,
    api_app_id: BOT.appId,
    event,
    type: "event_callback",
    event_id: `Ev0LOCAL${String(eventSequence).padStart(6, "0")}`,
    event_time: Math.floor(now / 1000),
    authorizations: [{ enterprise_id: null, team_id: BOT.teamId, user_id: BOT.userId, is_bot: true, is_enterprise_install: false }],
    is_ext_shared_channel: false,
  });
}

/** A block_actions interaction for one pressed button; `where` is the message or view part. */
export function blockActionsBody(
  user: Person,
  where: Record<string, unknown>,
  action: Record<string, unknown>,
  triggerId: string,
): string {
  const payload = {
    type: "block_actions",
    user: { id: user.id, username: user.name, name: user.name, team_id: BOT.teamId },
    api_app_id: BOT.appId,
    token: "local-console-verification-token",
    team: { id: BOT.teamId, domain: "local" },
    enterprise: null,
    is_enterprise_install: false,
    trigger_id: triggerId,
    ...where,
    actions: [action],
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}
