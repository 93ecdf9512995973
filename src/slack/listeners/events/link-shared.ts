// A JOB execution link pasted in a channel → a compact preview under it (chat.unfurl).
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from "@slack/bolt";
import type { KnownBlock } from "@slack/types";
import { parseJobLink } from "../../../core/job-link.js";
import { context } from "../../../render/block-kit.js";
import { describeUpstreamError } from "../../../render/error-message.js";
import { renderUnfurl } from "../../../render/unfurl.js";
import { fetchJobReport } from "../../../use-cases/job-report.js";
import { servicesFor, type Services } from "../../services.js";

/** Like GitHub's app: more links than this in one message get no previews (it would be noise). */
const MAX_UNFURLS = 3;

export function linkShared(services: Services) {
  return async ({ event, client }: SlackEventMiddlewareArgs<"link_shared"> & AllMiddlewareArgs): Promise<void> => {
    const targets = event.links
      .map((shared) => ({ url: shared.url, link: parseJobLink(shared.url) }))
      .filter((target) => target.link !== null && (target.link.bizId ?? services.defaultBizId) !== null)
      .slice(0, MAX_UNFURLS);
    if (targets.length === 0) return;

    const unfurls: Record<string, { blocks: KnownBlock[] }> = {};
    const who = { team: (event as { team?: string }).team ?? null, user: event.user, channel: { id: event.channel } };
    await Promise.all(
      targets.map(async ({ url, link }) => {
        const ref = { bizId: (link!.bizId ?? services.defaultBizId)!, jobInstanceId: link!.jobInstanceId };
        // A pasted link is not a question to joblog: a refused one simply gets no preview (audited).
        const admission = await services.gate.admit({ ...who, action: "unfurl", ref });
        if (!admission.ok) return;
        const asker = servicesFor(services, admission);
        const result = await fetchJobReport(asker, ref);
        admission.finish(result.ok ? "ok" : "upstream_error", result.ok ? null : result.error.code);
        unfurls[url] = result.ok
          ? renderUnfurl(result.value, services.messages)
          : {
              blocks: [
                context([`⚠️ ${describeUpstreamError(result.error, { ref, actingUser: asker.actingUser, timeoutMs: services.timeoutMs }, services.messages)}`]),
              ],
            };
      }),
    );
    if (Object.keys(unfurls).length === 0) return;
    const target =
      event.unfurl_id !== undefined && event.source !== undefined
        ? { unfurl_id: event.unfurl_id, source: event.source }
        : { channel: event.channel, ts: event.message_ts };
    try {
      await client.chat.unfurl({ ...target, unfurls } as never);
    } catch (error) {
      services.logger.warn({ err: error, channel: event.channel }, "chat.unfurl failed");
    }
  };
}
