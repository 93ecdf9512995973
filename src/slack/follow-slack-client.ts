// The follow port's Slack calls over @slack/web-api. The client must be built with
// rejectRateLimitedCalls, so a 429 comes back here (with Retry-After) instead of pausing every
// call the process makes.
import { ErrorCode, type WebClient } from "@slack/web-api";
import { FOLLOW_METADATA_EVENT } from "../core/follow-model.js";
import type { SlackMessaging, SlackCallResult } from "../ports/slack-messaging.js";

function failure(error: unknown): SlackCallResult<never> {
  const coded = error as { code?: string; retryAfter?: number; data?: { error?: string } };
  if (coded.code === ErrorCode.RateLimitedError) {
    return { ok: false, error: "ratelimited", retryAfterMs: Math.max(1, coded.retryAfter ?? 30) * 1000 };
  }
  if (coded.code === ErrorCode.PlatformError && typeof coded.data?.error === "string") return { ok: false, error: coded.data.error };
  return { ok: false, error: coded.code === ErrorCode.HTTPError ? "http_error" : "network_error" };
}

const markerOf = (message: unknown): { followId?: unknown; key?: unknown } | null => {
  const metadata = (message as { metadata?: { event_type?: string; event_payload?: Record<string, unknown> } }).metadata;
  return metadata?.event_type === FOLLOW_METADATA_EVENT ? (metadata.event_payload ?? null) : null;
};

export function createFollowSlackApi(client: WebClient): SlackMessaging {
  return {
    async postMessage({ channel, payload, threadTs, marker }) {
      try {
        const args = {
          channel,
          text: payload.text,
          blocks: payload.blocks,
          ...(threadTs ? { thread_ts: threadTs, reply_broadcast: payload.broadcast === true } : {}),
          ...(marker ? { metadata: { event_type: FOLLOW_METADATA_EVENT, event_payload: { followId: marker.followId, key: marker.key } } } : {}),
          unfurl_links: false,
          unfurl_media: false,
        };
        // The SDK's argument types are a union of shapes; this object is one of them at run time.
        const result = await client.chat.postMessage(args as Parameters<WebClient["chat"]["postMessage"]>[0]);
        return { ok: true, value: { ts: result.ts ?? "" } };
      } catch (error) {
        return failure(error);
      }
    },

    async update({ channel, ts, payload }) {
      try {
        await client.chat.update({ channel, ts, text: payload.text, blocks: payload.blocks });
        return { ok: true, value: undefined };
      } catch (error) {
        return failure(error);
      }
    },

    async postEphemeral({ channel, user, payload }) {
      try {
        await client.chat.postEphemeral({ channel, user, text: payload.text, blocks: payload.blocks });
        return { ok: true, value: undefined };
      } catch (error) {
        return failure(error);
      }
    },

    async findMarked({ channel, threadTs, followId, key }) {
      try {
        const answer = threadTs
          ? await client.conversations.replies({ channel, ts: threadTs, include_all_metadata: true, limit: 1000 })
          : await client.conversations.history({ channel, include_all_metadata: true, limit: 200 });
        const found = (answer.messages ?? []).find((message) => {
          const marker = markerOf(message);
          return marker?.followId === followId && marker.key === key;
        });
        return { ok: true, value: found?.ts ?? null };
      } catch (error) {
        return failure(error);
      }
    },
  };
}
