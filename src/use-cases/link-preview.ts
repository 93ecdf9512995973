// Pasted JOB links → compact previews (unfurls), end to end: which links are JOB executions,
// each admitted as the person who pasted it (a refused one simply gets no preview, audited),
// read as them, and rendered, or a line saying what went wrong.
import type { KnownBlock } from "@slack/types";
import { parseJobLink } from "../core/job-link.js";
import type { JobRef } from "../core/job-ref.js";
import { context as contextBlock } from "../render/block-kit.js";
import { describeUpstreamError } from "../render/error-message.js";
import { renderUnfurl } from "../render/unfurl.js";
import { fetchJobReport } from "./job-report.js";
import { contextOf, type RequestDeps } from "./request-deps.js";

/** Like GitHub's app: more links than this in one message get no previews (it would be noise). */
const MAX_UNFURLS = 3;

export type LinkPreviews = Record<string, { blocks: KnownBlock[] }>;

async function previewOf(deps: RequestDeps, asker: { team: string | null; user: string; channel: { id: string } }, ref: JobRef) {
  // A pasted link is not a question to joblog: a refused one simply gets no preview (audited).
  const admission = await deps.gate.admit({ ...asker, action: "unfurl", ref });
  if (!admission.ok) return null;
  const context = contextOf(admission);
  const result = await fetchJobReport({ ...deps, jobApi: context.jobApi }, ref);
  admission.finish(result.ok ? "ok" : "upstream_error", result.ok ? null : result.error.code);
  if (result.ok) return renderUnfurl(result.value, deps.messages);
  const explanation = describeUpstreamError(result.error, { ref, actingUser: context.actingUser, timeoutMs: deps.timeoutMs }, deps.messages);
  return { blocks: [contextBlock([`⚠️ ${explanation}`])] };
}

/** The previews of the JOB links among `urls`, by URL; links that are not JOB executions are left out. */
export async function previewJobLinks(
  deps: RequestDeps,
  asker: { team: string | null; user: string; channel: { id: string } },
  urls: readonly string[],
): Promise<LinkPreviews> {
  const targets = urls
    .map((url) => ({ url, link: parseJobLink(url) }))
    .filter((target) => target.link !== null && (target.link.bizId ?? deps.defaultBizId) !== null)
    .slice(0, MAX_UNFURLS);
  const previews: LinkPreviews = {};
  await Promise.all(
    targets.map(async ({ url, link }) => {
      const ref = { bizId: (link!.bizId ?? deps.defaultBizId)!, jobInstanceId: link!.jobInstanceId };
      const preview = await previewOf(deps, asker, ref);
      if (preview) previews[url] = preview;
    }),
  );
  return previews;
}
